import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEMO_VPC_CIDR, DEMO_VPC_ID, DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { maxPods } from '../../../lib/domain/max-pods.ts'
import { InvalidInputError, UnknownVpcError } from '../../../lib/errors.ts'
import { systemClock } from '../../../lib/ports/clock.ts'
import type { SubnetInventory } from '../../../lib/ports/subnet-inventory.ts'
import type { VpcCidrs } from '../../../lib/ports/vpc-cidrs.ts'
import { parseInput } from '../../../lib/schemas/parse.ts'
import { PlanRequest, type PlanResult } from '../../../lib/schemas/plan.ts'
import {
  type ProposedSubnet,
  SizingRequest,
  type SizingRequestInput,
  type SizingResult,
} from '../../../lib/schemas/sizing.ts'
import { createCatalogReader } from '../../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../../lib/services/instance-types.ts'
import { ipUsage } from '../../../lib/services/ip-usage.ts'
import { createPlanService } from '../../../lib/services/plan.ts'
import { createSizingService } from '../../../lib/services/sizing.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import { bundledCatalog, catalogType, settings } from '../../builders/catalog.ts'
import { type ExistingSubnet, InMemoryVpc } from '../../builders/in-memory-vpc.ts'

// Sizing checked from outside: every CIDR it proposes is counted here with plain integers (alignment,
// containment, overlap, what a subnet of that size holds), and its proof is redone by the plan service from
// the layout written as AWS CLI exports, the way a user would check it.

const REGION = 'us-east-1'
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const
const BLOCK = 16
/** The first four addresses and the last one of every subnet. */
const AWS_RESERVED = 5
/** The plan calls less than 20 % headroom tight; 25 % leaves room for rounding to whole addresses and /28s. */
const SURELY_FITS_HEADROOM = 25
/** A hundred sizings, each planning the layout several times (and again for every remedy when it is short). */
const PROPERTY_TIMEOUT_MS = 120_000

const reader = createCatalogReader({ snapshot: bundledCatalog, clock: systemClock, staleAfterMs: 0 })
const instanceTypes = createInstanceTypesService(reader, REGION)

function servicesOver(inventory: SubnetInventory & VpcCidrs = new DemoVpcInventory()) {
  const plans = createPlanService({
    instanceTypes,
    subnets: createSubnetAnalysisService(() => inventory, REGION),
    defaultRegion: REGION,
  })
  const sizing = createSizingService({
    plans,
    instanceTypes,
    inventory: () => inventory,
    defaultRegion: REGION,
  })
  return { plans, sizing }
}

async function size(
  input: SizingRequestInput,
  inventory?: SubnetInventory & VpcCidrs,
): Promise<SizingResult> {
  return servicesOver(inventory).sizing.size(parseInput(SizingRequest, input))
}

// ---- Independent counting --------------------------------------------------------------------------------

interface Range {
  first: number
  size: number
}

function rangeOf(cidr: string): Range {
  const [address, length] = cidr.split('/')
  const octets = (address ?? '').split('.').map(Number)
  expect(octets, `${cidr} is a dotted quad`).toHaveLength(4)
  const first = octets.reduce((value, octet) => value * 256 + octet, 0)
  return { first, size: 2 ** (32 - Number(length)) }
}

const isAligned = ({ first, size }: Range) => first % size === 0
const isInside = (inner: Range, outer: Range) =>
  outer.first <= inner.first && inner.first + inner.size <= outer.first + outer.size
const overlap = (a: Range, b: Range) => a.first < b.first + b.size && b.first < a.first + a.size

/** The demand at max nodes with the headroom on top, in whole addresses and whole /28s (integer arithmetic). */
function needOf(subnet: ProposedSubnet, headroomPercent: number) {
  const withHeadroom = (count: number) => Math.ceil((count * (100 + headroomPercent)) / 100)
  return {
    addresses: withHeadroom(subnet.demand.max.addresses),
    blocks: withHeadroom(subnet.demand.max.blocks),
  }
}

/**
 * Whether a subnet of `addresses` holds the need: its first and last /28 hold AWS's reserved addresses, so only
 * the blocks between can be prefixes, and addresses come from outside the reserved blocks.
 */
function holds(addresses: number, need: { addresses: number; blocks: number }, reservedBlocks = need.blocks) {
  const blocks = addresses / BLOCK
  const prefixesFit = need.blocks === 0 || blocks - 2 >= need.blocks
  return (
    prefixesFit &&
    reservedBlocks >= need.blocks &&
    addresses - AWS_RESERVED - BLOCK * reservedBlocks >= need.addresses
  )
}

/** Every check of one answer that needs no second opinion. */
function expectSoundLayout(result: SizingResult, vpcCidrs: readonly string[], existing: readonly string[]) {
  const spaces = vpcCidrs.map(rangeOf)
  const taken = existing.map(rangeOf)
  const placed = result.subnets.filter((subnet) => subnet.cidr !== null)
  for (const [index, subnet] of placed.entries()) {
    const range = rangeOf(subnet.cidr as string)
    const where = `${subnet.name} ${subnet.cidr}`
    expect(isAligned(range), `${where} is aligned`).toBe(true)
    expect(range.size, `${where} is as large as it says`).toBe(subnet.addresses)
    expect(
      spaces.some((space) => isInside(range, space)),
      `${where} is inside ${vpcCidrs.join(', ')}`,
    ).toBe(true)
    for (const other of taken) expect(overlap(range, other), `${where} avoids an existing subnet`).toBe(false)
    for (const other of placed.slice(index + 1))
      expect(overlap(range, rangeOf(other.cidr as string)), `${where} avoids ${other.name}`).toBe(false)

    const reservations = subnet.prefixReservations.map(rangeOf)
    const firstBlock = { first: range.first, size: BLOCK }
    const lastBlock = { first: range.first + range.size - BLOCK, size: BLOCK }
    for (const [at, reservation] of reservations.entries()) {
      const what = `${where}: reservation ${subnet.prefixReservations[at]}`
      expect(isAligned(reservation) && reservation.size >= BLOCK, `${what} is aligned /28s`).toBe(true)
      expect(isInside(reservation, range), `${what} is inside its subnet`).toBe(true)
      expect(
        overlap(reservation, firstBlock) || overlap(reservation, lastBlock),
        `${what} spares the reserved /28s`,
      ).toBe(false)
      for (const later of reservations.slice(at + 1))
        expect(overlap(reservation, later), `${what} overlaps no other reservation`).toBe(false)
    }

    const need = needOf(subnet, result.headroomPercent)
    const reservedBlocks = reservations.reduce((sum, reservation) => sum + reservation.size / BLOCK, 0)
    expect(holds(subnet.addresses, need, reservedBlocks), `${where} holds ${JSON.stringify(need)}`).toBe(true)
    if (subnet.prefixLength < 28)
      expect(
        holds(subnet.addresses / 2, need),
        `${where}: half of it would not hold ${JSON.stringify(need)}`,
      ).toBe(false)
  }
}

// ---- The proof, redone by the plan service ---------------------------------------------------------------

const layoutSubnetId = (name: string) => `subnet-${name}`

/** The placed layout as `describe-subnets` and `get-subnet-cidr-reservations` would export it, with no ENI yet. */
function layoutExports(result: SizingResult) {
  const placed = result.subnets.filter((subnet) => subnet.cidr !== null)
  return {
    subnets: {
      Subnets: placed.map((subnet) => ({
        SubnetId: layoutSubnetId(subnet.name),
        VpcId: 'vpc-layout',
        AvailabilityZone: subnet.availabilityZone,
        CidrBlock: subnet.cidr,
        AvailableIpAddressCount: subnet.addresses - AWS_RESERVED,
      })),
    },
    networkInterfaces: { NetworkInterfaces: [] },
    cidrReservations: placed.map((subnet) => ({
      SubnetIpv4CidrReservations: subnet.prefixReservations.map((cidr, index) => ({
        SubnetCidrReservationId: `scr-${subnet.name}-${index}`,
        SubnetId: layoutSubnetId(subnet.name),
        Cidr: cidr,
        ReservationType: 'prefix',
      })),
    })),
  }
}

async function planOfLayout(request: SizingRequest, result: SizingResult): Promise<PlanResult> {
  // Every zone holds ⌈nodes ÷ zones⌉ nodes of the group: the autoscaler may put the odd node in any zone.
  const everyZone = (nodes: number, zones: number) => Math.ceil(nodes / zones) * zones
  const nodeGroups = request.nodeGroups.map(({ availabilityZones, ...group }) => ({
    ...group,
    desiredNodes: everyZone(group.desiredNodes, availabilityZones.length),
    maxNodes: everyZone(group.maxNodes ?? group.desiredNodes, availabilityZones.length),
    subnetIds: availabilityZones.map((zone) => layoutSubnetId(`nodes-${zone}`)),
    ...(group.settings?.customNetworking
      ? { podSubnetIds: availabilityZones.map((zone) => layoutSubnetId(`pods-${zone}`)) }
      : {}),
  }))
  return servicesOver().plans.plan(
    parseInput(PlanRequest, { region: REGION, exports: layoutExports(result), nodeGroups }),
  )
}

function expectProofAgrees(result: SizingResult, plan: PlanResult) {
  expect(result.proof?.verdict).toBe(plan.verdict)
  const byName = Object.fromEntries(plan.subnets.map((subnet) => [subnet.subnetId, subnet.verdict]))
  for (const subnet of result.proof?.subnets ?? [])
    expect(subnet.verdict, `${subnet.name}'s verdict`).toBe(byName[layoutSubnetId(subnet.name)])
}

// ---- Generated VPCs and node groups ----------------------------------------------------------------------

/** Common types the catalog must hold: Nitro ones (prefix delegation works) and Xen ones (it is ignored). */
const INSTANCE_TYPES = [
  'm5.large',
  'c5.xlarge',
  'm5.4xlarge',
  't3.medium',
  'r5.2xlarge',
  't2.medium',
] as const

const maxPodsOf = new Map<string, number>()
for (const name of INSTANCE_TYPES)
  for (const prefixDelegation of [false, true])
    for (const customNetworking of [false, true]) {
      const record = await catalogType(name)
      const result = maxPods(record, settings({ prefixDelegation, customNetworking }))
      maxPodsOf.set(`${name}/${prefixDelegation}/${customNetworking}`, result.maxPods)
    }

function formatCidr(first: number, prefixLength: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256)
  return `${octets.join('.')}/${prefixLength}`
}

/** A CIDR of `prefixLength` at a random aligned place inside `outer`. */
function cidrInside(outer: string, prefixLength: fc.Arbitrary<number>): fc.Arbitrary<string> {
  const { first, size } = rangeOf(outer)
  return prefixLength.chain((length) => {
    const each = 2 ** (32 - length)
    return fc.nat(size / each - 1).map((index) => formatCidr(first + index * each, length))
  })
}

/** Keeps the CIDRs that overlap none kept before them: existing subnets never overlap. */
function disjoint<T extends { cidr: string }>(items: T[]): T[] {
  const kept: T[] = []
  for (const item of items)
    if (!kept.some((other) => overlap(rangeOf(other.cidr), rangeOf(item.cidr)))) kept.push(item)
  return kept
}

const zoneArb = fc.constantFrom(...ZONES)

const vpcArb = fc
  .record({
    primary: fc
      .integer({ min: 16, max: 20 })
      .chain((length) => cidrInside('10.0.0.0/8', fc.constant(length))),
    secondary: fc.option(cidrInside('100.64.0.0/10', fc.integer({ min: 16, max: 20 })), { nil: undefined }),
  })
  .chain(({ primary, secondary }) => {
    const cidrs = secondary ? [primary, secondary] : [primary]
    const existingIn = (space: string) =>
      fc.array(
        fc.record({
          cidr: cidrInside(space, fc.integer({ min: Number(space.split('/')[1]) + 1, max: 28 })),
          availabilityZone: zoneArb,
        }),
        { maxLength: 6 },
      )
    return fc
      .tuple(...cidrs.map(existingIn))
      .map((lists) => ({ cidrs, existing: disjoint(lists.flat()) as ExistingSubnet[] }))
  })

const warmPoolArb = fc.oneof(
  fc.constant({}),
  fc.record({ warmEniTarget: fc.integer({ min: 0, max: 2 }) }),
  // WARM_IP_TARGET set beside MINIMUM_IP_TARGET: MINIMUM_IP_TARGET alone freezes the pool (a plan refuses that).
  fc.record({
    warmIpTarget: fc.integer({ min: 1, max: 8 }),
    minimumIpTarget: fc.integer({ min: 0, max: 30 }),
  }),
  fc.record({ warmPrefixTarget: fc.integer({ min: 0, max: 2 }) }),
)

const nodeGroupArb = (name: string) =>
  fc
    .record({
      instanceType: fc.constantFrom(...INSTANCE_TYPES),
      desiredNodes: fc.integer({ min: 0, max: 60 }),
      extraNodes: fc.integer({ min: 0, max: 30 }),
      podsShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      prefixDelegation: fc.boolean(),
      customNetworking: fc.boolean(),
      warmPool: warmPoolArb,
      availabilityZones: fc.uniqueArray(zoneArb, { minLength: 1, maxLength: 3 }),
    })
    .map((group) => {
      const kubeletMaxPods = maxPodsOf.get(
        `${group.instanceType}/${group.prefixDelegation}/${group.customNetworking}`,
      ) as number
      return {
        name,
        instanceTypes: [group.instanceType],
        desiredNodes: group.desiredNodes,
        maxNodes: Math.min(60, group.desiredNodes + group.extraNodes),
        // Two of kubelet's max pods are aws-node and kube-proxy, on the host network.
        pods:
          group.podsShare === undefined
            ? ('max' as const)
            : Math.floor(group.podsShare * Math.max(0, kubeletMaxPods - 2)),
        settings: {
          prefixDelegation: group.prefixDelegation,
          customNetworking: group.customNetworking,
          ...group.warmPool,
        },
        availabilityZones: group.availabilityZones,
      }
    })

const nodeGroupsArb = fc
  .integer({ min: 1, max: 3 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => nodeGroupArb(`group${index}`))))

const headroomArb = fc.integer({ min: 0, max: 60 })

// ---- 1. Properties ---------------------------------------------------------------------------------------

describe('sizing on generated VPCs', () => {
  /** Sizes the generated cluster in the generated VPC, given by the inventory. */
  async function sizeGenerated(
    vpc: { cidrs: string[]; existing: ExistingSubnet[] },
    nodeGroups: SizingRequestInput['nodeGroups'],
    headroomPercent: number,
  ) {
    const inventory = new InMemoryVpc('vpc-0generated', vpc.cidrs, vpc.existing)
    const request = parseInput(SizingRequest, {
      vpc: { vpcId: inventory.vpcId },
      nodeGroups,
      headroomPercent,
    })
    return { request, result: await servicesOver(inventory).sizing.size(request) }
  }

  it(
    'proposes aligned, contained, disjoint, minimal subnets and prefix reservations, and its proof is the plan of the layout',
    async () => {
      await fc.assert(
        fc.asyncProperty(vpcArb, nodeGroupsArb, headroomArb, async (vpc, nodeGroups, headroomPercent) => {
          // Act
          const { request, result } = await sizeGenerated(vpc, nodeGroups, headroomPercent)

          // Assess
          const existing = vpc.existing.map((each) => each.cidr)
          expect(result.addressSpace.existingSubnets.toSorted()).toEqual(existing.toSorted())
          expectSoundLayout(result, vpc.cidrs, existing)
          const unplaced = result.subnets.filter((subnet) => subnet.cidr === null)
          expect(result.shortfall !== null, 'a shortfall exactly when a subnet was not placed').toBe(
            unplaced.length > 0,
          )
          if (unplaced.length > 0) {
            expect(result.shortfall?.missing).toHaveLength(unplaced.length)
            expect(result.verdict).toBe('does-not-fit')
            expect(result.proof).toBeNull()
            for (const subnet of unplaced)
              expect(result.shortfall?.missing.some((line) => line.includes(subnet.name))).toBe(true)
            return
          }
          expect(result.verdict).toBe(result.proof?.verdict)
          expectProofAgrees(result, await planOfLayout(request, result))
        }),
        { numRuns: 100 },
      )
    },
    PROPERTY_TIMEOUT_MS,
  )

  it(
    `fits by the plan of the layout whenever everything was placed with at least ${SURELY_FITS_HEADROOM} % headroom`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          vpcArb,
          nodeGroupsArb,
          fc.integer({ min: SURELY_FITS_HEADROOM, max: 60 }),
          async (vpc, nodeGroups, headroomPercent) => {
            // Act
            const { result } = await sizeGenerated(vpc, nodeGroups, headroomPercent)

            // Assess
            fc.pre(result.shortfall === null)
            expect(result.proof?.verdict, JSON.stringify(result.proof)).toBe('fits')
          },
        ),
        { numRuns: 100 },
      )
    },
    PROPERTY_TIMEOUT_MS,
  )
})

// ---- 2. Shortfall ----------------------------------------------------------------------------------------

type NodeGroupInput = SizingRequestInput['nodeGroups'][number]

/** A VPC with its CIDRs and subnets; a new VPC (addressSpace) when it has no subnet yet. */
async function sizeIn(
  vpc: { cidrs: string[]; existing?: ExistingSubnet[] },
  nodeGroups: NodeGroupInput[],
  extra: Partial<SizingRequestInput> = {},
): Promise<SizingResult> {
  const [vpcCidr, ...secondaryCidrs] = vpc.cidrs
  if (!vpc.existing?.length)
    return size({ addressSpace: { vpcCidr: vpcCidr as string, secondaryCidrs }, nodeGroups, ...extra })
  const inventory = new InMemoryVpc('vpc-0short', vpc.cidrs, vpc.existing)
  return size({ vpc: { vpcId: inventory.vpcId }, nodeGroups, ...extra }, inventory)
}

const ALL_ZONES = [...ZONES]

const SHORT_CASES: {
  reason: string
  vpc: { cidrs: string[]; existing?: ExistingSubnet[] }
  nodeGroups: NodeGroupInput[]
  kinds: string[]
}[] = [
  {
    reason: 'secondary IPs of 90 full m5.large nodes cannot fit a new /24: all three remedies are offered',
    vpc: { cidrs: ['10.0.0.0/24'] },
    nodeGroups: [
      {
        name: 'apps',
        instanceTypes: ['m5.large'],
        desiredNodes: 90,
        pods: 'max',
        availabilityZones: ALL_ZONES,
      },
    ],
    kinds: ['fewer-nodes', 'prefix-delegation', 'secondary-cidr'],
  },
  {
    reason: 'prefix delegation is already on everywhere: it is not offered again',
    vpc: { cidrs: ['10.0.0.0/22'] },
    nodeGroups: [
      {
        name: 'dense',
        instanceTypes: ['m5.4xlarge'],
        desiredNodes: 40,
        maxNodes: 60,
        pods: 'max',
        settings: { prefixDelegation: true },
        availabilityZones: ['us-east-1a'],
      },
    ],
    kinds: ['fewer-nodes', 'secondary-cidr'],
  },
  {
    reason:
      'an existing VPC whose subnets leave one /23 free, with a Xen group that prefix delegation cannot help',
    vpc: {
      cidrs: ['10.1.0.0/20'],
      existing: [
        { cidr: '10.1.0.0/21', availabilityZone: 'us-east-1a' },
        { cidr: '10.1.8.0/22', availabilityZone: 'us-east-1b' },
        { cidr: '10.1.14.0/23', availabilityZone: 'us-east-1c' },
      ],
    },
    nodeGroups: [
      {
        name: 'web',
        instanceTypes: ['c5.xlarge'],
        desiredNodes: 20,
        maxNodes: 40,
        pods: 30,
        availabilityZones: ['us-east-1a', 'us-east-1b'],
      },
      {
        name: 'legacy',
        instanceTypes: ['t2.medium'],
        desiredNodes: 10,
        pods: 'max',
        availabilityZones: ['us-east-1c'],
      },
    ],
    kinds: ['fewer-nodes', 'secondary-cidr'],
  },
  {
    reason:
      'pods that custom networking would no longer leave room for (43 on a c5.xlarge, 44 with one ENI fewer): the secondary CIDR does not fit',
    vpc: { cidrs: ['10.0.0.0/24'] },
    nodeGroups: [
      {
        name: 'web',
        instanceTypes: ['c5.xlarge'],
        desiredNodes: 34,
        pods: 43,
        availabilityZones: ['us-east-1a'],
      },
    ],
    kinds: ['fewer-nodes', 'prefix-delegation', 'secondary-cidr'],
  },
  {
    reason: 'custom networking already has a 100.64 pod space, too small: no secondary CIDR is offered',
    vpc: { cidrs: ['10.2.0.0/24', '100.64.0.0/24'] },
    nodeGroups: [
      {
        name: 'pods',
        instanceTypes: ['r5.2xlarge'],
        desiredNodes: 30,
        pods: 'max',
        settings: { customNetworking: true },
        availabilityZones: ['us-east-1a', 'us-east-1b'],
      },
    ],
    kinds: ['fewer-nodes', 'prefix-delegation'],
  },
]

describe('sizing when the space is too small', () => {
  it.each(SHORT_CASES)('$reason', async ({ vpc, nodeGroups, kinds }) => {
    // Act
    const result = await sizeIn(vpc, nodeGroups, { emit: 'terraform' })

    // Assess
    expect(result.verdict).toBe('does-not-fit')
    expect(result.proof).toBeNull()
    expect(result.configuration).toBeUndefined()
    const unplaced = result.subnets.filter((subnet) => subnet.cidr === null)
    expect(unplaced.length).toBeGreaterThan(0)
    for (const subnet of unplaced)
      expect(
        result.shortfall?.missing.some((line) => line.includes(subnet.name)),
        subnet.name,
      ).toBe(true)
    expect(result.shortfall?.missing).toHaveLength(unplaced.length)
    expectSoundLayout(
      result,
      vpc.cidrs,
      (vpc.existing ?? []).map((each) => each.cidr),
    )
    expect(result.shortfall?.alternatives.map((alternative) => alternative.kind)).toEqual(kinds)
  })

  it.each(SHORT_CASES)('the fewer nodes it states fit: $reason', async ({ vpc, nodeGroups }) => {
    // Prepare
    const result = await sizeIn(vpc, nodeGroups)
    const fewer = result.shortfall?.alternatives.find((alternative) => alternative.kind === 'fewer-nodes')
    const stated = new Map(
      [...(fewer?.summary ?? '').matchAll(/(\d+) (\S+) nodes/g)].map(([, count, name]) => [
        name,
        Number(count),
      ]),
    )

    // Act
    const again = await sizeIn(
      vpc,
      nodeGroups.map((group) => {
        const max = stated.get(group.name) as number
        return { ...group, maxNodes: max, desiredNodes: Math.min(group.desiredNodes, max) }
      }),
    )

    // Assess
    expect(fewer?.fits).toBe(true)
    expect([...stated.keys()].toSorted()).toEqual(nodeGroups.map((group) => group.name).toSorted())
    expect(again.shortfall, fewer?.summary).toBeNull()
  })

  it.each(SHORT_CASES)(
    'prefix delegation fits exactly when it says so: $reason',
    async ({ vpc, nodeGroups }) => {
      // Prepare
      const result = await sizeIn(vpc, nodeGroups)
      const claim = result.shortfall?.alternatives.find(
        (alternative) => alternative.kind === 'prefix-delegation',
      )
      if (!claim) return

      // Act
      const again = await sizeIn(
        vpc,
        nodeGroups.map((group) => ({ ...group, settings: { ...group.settings, prefixDelegation: true } })),
      )

      // Assess
      expect(again.shortfall === null, claim.summary).toBe(claim.fits)
    },
  )

  it.each(SHORT_CASES)(
    'a 100.64.0.0/16 for pods fits exactly when it says so: $reason',
    async ({ vpc, nodeGroups }) => {
      // Prepare
      const result = await sizeIn(vpc, nodeGroups)
      const claim = result.shortfall?.alternatives.find(
        (alternative) => alternative.kind === 'secondary-cidr',
      )
      if (!claim) return

      // Act
      const again = await sizeIn(
        { ...vpc, cidrs: [...vpc.cidrs, '100.64.0.0/16'] },
        nodeGroups.map((group) => ({ ...group, settings: { ...group.settings, customNetworking: true } })),
      ).catch((error: unknown) => error)

      // Assess
      if (again instanceof InvalidInputError) {
        // Custom networking leaves fewer pod addresses per node: the planned pods no longer fit one.
        expect(claim.fits).toBe(false)
        expect(claim.summary).toContain(again.message)
        return
      }
      expect((again as SizingResult).shortfall === null, claim.summary).toBe(claim.fits)
    },
  )
})

// ---- 3. Examples -----------------------------------------------------------------------------------------

const m5LargePrefixes = (name: string, nodes: number): NodeGroupInput => ({
  name,
  instanceTypes: ['m5.large'],
  desiredNodes: Math.floor(nodes / 2),
  maxNodes: nodes,
  pods: 50,
  settings: { prefixDelegation: true },
  availabilityZones: ALL_ZONES,
})

describe('sizing examples', () => {
  it('a new 10.0.0.0/16 for 30 m5.large nodes with prefix delegation: a node subnet per zone, its prefixes reserved', async () => {
    // Prepare
    const perNode = ipUsage(await catalogType('m5.large'), { pods: 50, prefixDelegation: true })
    const request = parseInput(SizingRequest, {
      addressSpace: { vpcCidr: '10.0.0.0/16' },
      nodeGroups: [m5LargePrefixes('apps', 30)],
    })

    // Act
    const result = await servicesOver().sizing.size(request)

    // Assess
    expect(result.verdict).toBe('fits')
    expect(result.headroomPercent).toBe(30)
    expect(result.subnets.map((subnet) => [subnet.name, subnet.role, subnet.availabilityZone])).toEqual(
      ZONES.map((zone) => [`nodes-${zone}`, 'nodes', zone]),
    )
    for (const subnet of result.subnets) {
      expect(subnet.nodes).toEqual({ apps: 10 })
      expect(subnet.demand.max.blocks).toBe(10 * perNode.prefixes)
      expect(subnet.demand.desired.blocks).toBeLessThan(subnet.demand.max.blocks)
      const reserved = subnet.prefixReservations.reduce((sum, cidr) => sum + rangeOf(cidr).size / BLOCK, 0)
      expect(reserved).toBe(Math.ceil((10 * perNode.prefixes * 130) / 100))
    }
    expectSoundLayout(result, ['10.0.0.0/16'], [])
    expectProofAgrees(result, await planOfLayout(request, result))
  })

  it.each([
    {
      reason: '13 idle m5.large nodes with prefix delegation in one zone (a prefix and an address each)',
      nodes: 13,
    },
    { reason: '3 idle m5.large nodes with prefix delegation in one zone', nodes: 3 },
  ])('the default headroom’s layout fits by its plan: $reason', async ({ nodes }) => {
    // Act
    const result = await size({
      addressSpace: { vpcCidr: '10.0.0.0/16' },
      nodeGroups: [
        {
          name: 'idle',
          instanceTypes: ['m5.large'],
          desiredNodes: nodes,
          pods: 0,
          settings: { prefixDelegation: true },
          availabilityZones: ['us-east-1a'],
        },
      ],
    })

    // Assess
    expect(result.shortfall).toBeNull()
    expect(result.proof?.verdict, JSON.stringify(result.proof)).toBe('fits')
  })

  it('the demo VPC: new subnets in its free space, none overlapping the subnets it has', async () => {
    // Prepare
    const inventory = new DemoVpcInventory()
    const existing = (await inventory.subnets({ vpcId: DEMO_VPC_ID }))
      .map((subnet) => subnet.cidr)
      .filter((cidr): cidr is string => cidr !== null)

    // Act
    const result = await size(
      { vpc: { vpcId: DEMO_VPC_ID }, nodeGroups: [m5LargePrefixes('apps', 30)] },
      inventory,
    )

    // Assess
    expect(existing.length).toBeGreaterThan(0)
    expect(result.addressSpace).toEqual({
      vpcId: DEMO_VPC_ID,
      cidrs: [DEMO_VPC_CIDR],
      existingSubnets: existing,
    })
    expect(result.subnets.every((subnet) => subnet.cidr !== null)).toBe(true)
    expectSoundLayout(result, [DEMO_VPC_CIDR], existing)
  })

  it('custom networking with a 100.64.0.0/16 secondary: pod subnets carved there, node subnets in the primary', async () => {
    // Prepare
    const request = parseInput(SizingRequest, {
      addressSpace: { vpcCidr: '10.0.0.0/16', secondaryCidrs: ['100.64.0.0/16'] },
      nodeGroups: [
        {
          name: 'apps',
          instanceTypes: ['m5.large'],
          desiredNodes: 30,
          pods: 'max',
          settings: { customNetworking: true },
          availabilityZones: ALL_ZONES,
        },
      ],
    })

    // Act
    const result = await servicesOver().sizing.size(request)

    // Assess
    const inside = (role: string, space: string) =>
      result.subnets
        .filter((subnet) => subnet.role === role)
        .map((subnet) => [subnet.availabilityZone, isInside(rangeOf(subnet.cidr as string), rangeOf(space))])
    expect(inside('pods', '100.64.0.0/16')).toEqual(ZONES.map((zone) => [zone, true]))
    expect(inside('nodes', '10.0.0.0/16')).toEqual(ZONES.map((zone) => [zone, true]))
    expectSoundLayout(result, ['10.0.0.0/16', '100.64.0.0/16'], [])
    expectProofAgrees(result, await planOfLayout(request, result))
  })

  it.each([
    {
      reason: 'a secondary inside the primary',
      secondaryCidrs: ['10.0.128.0/17'],
      field: 'addressSpace.secondaryCidrs[0]',
    },
    {
      reason: 'a secondary holding the primary',
      secondaryCidrs: ['10.0.0.0/8'],
      field: 'addressSpace.secondaryCidrs[0]',
    },
    {
      reason: 'a second secondary inside the first',
      secondaryCidrs: ['100.64.0.0/16', '100.64.16.0/20'],
      field: 'addressSpace.secondaryCidrs[1]',
    },
  ])('refuses overlapping VPC CIDRs, naming the field: $reason', async ({ secondaryCidrs, field }) => {
    // Act
    const sizing = size({
      addressSpace: { vpcCidr: '10.0.0.0/16', secondaryCidrs },
      nodeGroups: [m5LargePrefixes('apps', 3)],
    })

    // Assess
    await expect(sizing).rejects.toBeInstanceOf(InvalidInputError)
    await expect(sizing).rejects.toMatchObject({ issues: [{ field }] })
  })

  const exported = new InMemoryVpc(
    'vpc-0exported',
    ['10.30.0.0/18', '100.64.0.0/18'],
    [
      { cidr: '10.30.0.0/20', availabilityZone: 'us-east-1a' },
      { cidr: '10.30.32.0/22', availabilityZone: 'us-east-1b' },
      { cidr: '100.64.0.0/19', availabilityZone: 'us-east-1c' },
    ],
  )
  const customGroups: NodeGroupInput[] = [
    { ...m5LargePrefixes('apps', 24), settings: { prefixDelegation: true, customNetworking: true } },
    {
      name: 'batch',
      instanceTypes: ['c5.xlarge'],
      desiredNodes: 6,
      pods: 'max',
      availabilityZones: ['us-east-1b'],
    },
  ]

  it.each([
    { reason: 'as describe-subnets wrote it', extra: [] },
    {
      reason: 'with a subnet of another VPC in the export, which is not avoided',
      extra: [
        {
          SubnetId: 'subnet-elsewhere',
          VpcId: 'vpc-0other',
          AvailabilityZone: 'us-east-1a',
          CidrBlock: '10.30.16.0/20',
        },
      ],
    },
  ])('an exported VPC sizes as the same VPC read from the inventory: $reason', async ({ extra }) => {
    // Prepare
    const subnets = exported.describeSubnets()

    // Act
    const fromExports = await size({
      exports: { vpcs: exported.describeVpcs(), subnets: { Subnets: [...subnets.Subnets, ...extra] } },
      nodeGroups: customGroups,
    })
    const fromInventory = await size({ vpc: { vpcId: exported.vpcId }, nodeGroups: customGroups }, exported)

    // Assess
    expect(fromInventory.shortfall).toBeNull()
    expect(fromExports).toEqual(fromInventory)
  })

  it.each([
    { reason: 'a VPC the inventory does not hold', inventory: exported },
    { reason: 'not the demo VPC', inventory: new DemoVpcInventory() },
  ])('an unknown VPC is an UnknownVpcError: $reason', async ({ inventory }) => {
    // Act
    const sizing = size({ vpc: { vpcId: 'vpc-0nowhere' }, nodeGroups: customGroups }, inventory)

    // Assess
    await expect(sizing).rejects.toBeInstanceOf(UnknownVpcError)
  })

  it.each([
    { format: 'terraform', reservationsIn: 'files' },
    { format: 'cloudformation', reservationsIn: 'files' },
    // eksctl has no subnet CIDR reservation: the commands that create them are notes.
    { format: 'eksctl', reservationsIn: 'notes' },
  ] as const)(
    'emits $format only when the whole layout was placed, every CIDR in it, reservations in its $reservationsIn',
    async ({ format, reservationsIn }) => {
      // Act
      const placed = await sizeIn({ cidrs: ['10.0.0.0/16'] }, [m5LargePrefixes('apps', 30)], { emit: format })
      const unplaced = await sizeIn({ cidrs: ['10.0.0.0/26'] }, [m5LargePrefixes('apps', 30)], {
        emit: format,
      })

      // Assess
      expect(placed.configuration?.format).toBe(format)
      const files = placed.configuration?.files.map((file) => file.content).join('\n') ?? ''
      const reservationsText =
        reservationsIn === 'files' ? files : (placed.configuration?.notes.join('\n') ?? '')
      expect(placed.subnets.some((subnet) => subnet.prefixReservations.length > 0)).toBe(true)
      for (const subnet of placed.subnets) {
        expect(files).toContain(subnet.cidr)
        for (const reservation of subnet.prefixReservations) expect(reservationsText).toContain(reservation)
      }
      expect(unplaced.shortfall).not.toBeNull()
      expect(unplaced.configuration).toBeUndefined()
    },
  )
})

describe('what a sizing must not take for granted', () => {
  const group = (overrides: Partial<NodeGroupInput> = {}): NodeGroupInput => ({
    name: 'general',
    instanceTypes: ['m5.large'],
    desiredNodes: 4,
    pods: 20,
    availabilityZones: [...ZONES],
    ...overrides,
  })

  it('sizes every zone for ⌈nodes ÷ zones⌉ nodes: the autoscaler may put the odd node in any zone', async () => {
    // 4 nodes over 3 zones: any zone may hold 2; one m5.large with 20 pods holds 30 addresses.
    const result = await size({ addressSpace: { vpcCidr: '10.0.0.0/16' }, nodeGroups: [group()] })
    expect(result.subnets.map((subnet) => [subnet.name, subnet.demand.max.addresses])).toEqual(
      ZONES.map((zone) => [`nodes-${zone}`, 60]),
    )
  })

  it('keeps node subnets out of 100.64.0.0/10 while the primary CIDR has room, and says when they do not fit', async () => {
    const result = await size({
      addressSpace: { vpcCidr: '10.0.0.0/24', secondaryCidrs: ['100.64.0.0/16'] },
      nodeGroups: [group({ desiredNodes: 30 })],
    })
    for (const subnet of result.subnets.filter((each) => each.cidr !== null))
      expect(subnet.cidr?.startsWith('10.0.0.'), subnet.name).toBe(true)
    expect(result.verdict).toBe('does-not-fit')
  })

  it('finds the most nodes that fit to the node: the stated count fits, one more does not', async () => {
    const space = { addressSpace: { vpcCidr: '10.0.0.0/22' } }
    const result = await size({ ...space, nodeGroups: [group({ desiredNodes: 300, pods: 'max' })] })
    const fewer = result.shortfall?.alternatives.find((each) => each.kind === 'fewer-nodes')
    const most = Number(/at most (\d+) general nodes/.exec(fewer?.summary ?? '')?.[1])
    expect(most).toBeGreaterThan(0)
    const at = async (nodes: number) =>
      (await size({ ...space, nodeGroups: [group({ desiredNodes: nodes, pods: 'max' })] })).verdict
    expect(await at(most)).not.toBe('does-not-fit')
    // One more node in the group is one more in a zone only every third node: the next count that differs.
    expect(await at(most + ZONES.length)).toBe('does-not-fit')
  })

  it('with several groups, scales them together and misses no share where a smaller group gains a node', async () => {
    // a: 5 m5.large over two zones; b: 7 c5.xlarge with prefix delegation over two zones, one shared.
    const space = { addressSpace: { vpcCidr: '10.0.0.0/22' } }
    const groups = (a: number, b: number): NodeGroupInput[] => [
      group({ name: 'a', desiredNodes: a, availabilityZones: ['us-east-1a', 'us-east-1b'] }),
      group({
        name: 'b',
        instanceTypes: ['c5.xlarge'],
        desiredNodes: b,
        pods: 'max',
        settings: { prefixDelegation: true },
        availabilityZones: ['us-east-1b', 'us-east-1c'],
      }),
    ]
    const result = await size({ ...space, nodeGroups: groups(5, 7) })
    const fewer = result.shortfall?.alternatives.find((each) => each.kind === 'fewer-nodes')
    const [, a, b] = /at most (\d+) a nodes, (\d+) b nodes/.exec(fewer?.summary ?? '') ?? []
    // 2 and 2 fit (a share of 0.4 of each); the search once stepped by sevenths and said 1 and 2.
    expect([Number(a), Number(b)]).toEqual([2, 2])
    expect((await size({ ...space, nodeGroups: groups(2, 2) })).verdict).not.toBe('does-not-fit')
  })

  it('warns when the nodes at kubelet max pods would need more than the subnets sized for the planned pods', async () => {
    const result = await size({
      addressSpace: { vpcCidr: '10.0.0.0/16' },
      nodeGroups: [
        group({
          desiredNodes: 20,
          pods: 20,
          settings: { prefixDelegation: true },
          availabilityZones: ['us-east-1a'],
        }),
      ],
    })
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /^nodes-us-east-1a: with every node at kubelet max pods it would need \d+ \/28 prefixes/,
      ),
    )
  })

  it.each([
    [
      'a VPC CIDR larger than a /16',
      { addressSpace: { vpcCidr: '10.0.0.0/15' }, nodeGroups: [group()] },
      'addressSpace.vpcCidr',
    ],
    [
      'zones of two regions',
      {
        addressSpace: { vpcCidr: '10.0.0.0/16' },
        nodeGroups: [group({ availabilityZones: ['us-east-1a', 'eu-west-1a'] })],
      },
      'nodeGroups',
    ],
    [
      'a zone named twice',
      {
        addressSpace: { vpcCidr: '10.0.0.0/16' },
        nodeGroups: [group({ availabilityZones: ['us-east-1a', 'us-east-1a'] })],
      },
      'nodeGroups[0].availabilityZones[1]',
    ],
    [
      'a group name twice',
      { addressSpace: { vpcCidr: '10.0.0.0/16' }, nodeGroups: [group(), group()] },
      'nodeGroups[1].name',
    ],
    [
      'an IPv6 cluster',
      { addressSpace: { vpcCidr: '10.0.0.0/16' }, nodeGroups: [group({ settings: { ipFamily: 'ipv6' } })] },
      'nodeGroups[0].settings.ipFamily',
    ],
    [
      'more nodes than any cluster',
      {
        addressSpace: { vpcCidr: '10.0.0.0/16' },
        nodeGroups: [group({ desiredNodes: 9_007_199_254_740_991 })],
      },
      'nodeGroups[0].desiredNodes',
    ],
  ])('refuses %s, naming the field', (_why, request, field) => {
    expect(() => parseInput(SizingRequest, request)).toThrow(
      expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ field })]) }),
    )
  })
})
