import { describe, expect, it } from 'vitest'
import { DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { maxPods } from '../../../lib/domain/max-pods.ts'
import { type GroupContext, subnetPrefixFor, verdictOf } from '../../../lib/domain/plan.ts'
import { spreadNodes } from '../../../lib/domain/plan-placement.ts'
import { InvalidInputError } from '../../../lib/errors.ts'
import { systemClock } from '../../../lib/ports/clock.ts'
import type { InstanceTypeRecord } from '../../../lib/schemas/instance-type.ts'
import { MaxPodsSettings } from '../../../lib/schemas/max-pods.ts'
import { parseInput } from '../../../lib/schemas/parse.ts'
import { PlanRequest, VERDICTS } from '../../../lib/schemas/plan.ts'
import { createCatalogReader } from '../../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../../lib/services/instance-types.ts'
import { ipUsage } from '../../../lib/services/ip-usage.ts'
import { createPlanService } from '../../../lib/services/plan.ts'
import { replacementProblems } from '../../../lib/services/plan-replacement.ts'
import { strandsPods } from '../../../lib/services/plan-replay.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import { bundledCatalog, catalogType, instanceType } from '../../builders/catalog.ts'
import { analysedSubnet } from '../../support/analysed-subnet.ts'
import {
  BUSY_ON_EXHAUSTED,
  DENSE_ON_FRAGMENTED,
  FITS_ON_HEALTHY,
  FROZEN_ON_HEALTHY,
  PREFIXES_ON_EXPLICIT_RESERVED,
} from '../../support/demo-node-groups.ts'

const reader = createCatalogReader({ snapshot: bundledCatalog, clock: systemClock, staleAfterMs: 0 })
const inventory = new DemoVpcInventory()
const subnets = createSubnetAnalysisService(() => inventory, 'us-east-1')
const planner = createPlanService({
  instanceTypes: createInstanceTypesService(reader, 'us-east-1'),
  subnets,
  defaultRegion: 'us-east-1',
})

async function plan(nodeGroups: unknown[]) {
  return planner.plan(parseInput(PlanRequest, { subnets: { vpcId: 'vpc-demo' }, nodeGroups }))
}

async function supplyOf(subnetId: string) {
  return (await analysedSubnet(subnets, subnetId)).freeIps
}

describe('cluster plans on the demo VPC', () => {
  it('fits: 9 nodes at 45 addresses each in the healthy /20, and says how many more fit', async () => {
    const result = await plan([FITS_ON_HEALTHY])
    const perNode = ipUsage(await catalogType('m5.xlarge'), { pods: 20, kubeletMaxPods: 29 }).ipv4Held
    const supply = await supplyOf('subnet-demo-healthy')
    expect(result.verdict).toBe('fits')
    expect(result.nodeGroups[0]).toMatchObject({
      kubeletMaxPods: 29,
      boundingInstanceType: 'm5.large',
      hungriestInstanceType: 'm5.xlarge',
    })
    expect(result.subnets[0]).toMatchObject({
      verdict: 'fits',
      bindingLimit: 'addresses',
      demand: { addresses: 9 * perNode, blocks: 0 },
      moreNodes: [{ nodeGroup: 'apps', nodes: Math.floor((supply - 9 * perNode) / perNode) }],
    })
  })

  it('does not fit for want of contiguous /28s while thousands of addresses remain', async () => {
    const result = await plan([DENSE_ON_FRAGMENTED])
    const [subnet] = result.subnets
    expect(result.verdict).toBe('does-not-fit')
    expect(subnet?.bindingLimit).toBe('contiguous-28-blocks')
    expect(subnet?.demand.addresses).toBeLessThan(subnet?.supply.addresses ?? 0)
    expect(subnet?.demand.blocks).toBeGreaterThan(subnet?.supply.assignableBlocks ?? 0)
    expect(result.recommendations.map((item) => item.kind)).toContain('prefix-reservation')
  })

  it('does not fit for want of addresses', async () => {
    const result = await plan([BUSY_ON_EXHAUSTED])
    expect(result.subnets[0]).toMatchObject({
      verdict: 'does-not-fit',
      bindingLimit: 'addresses',
      demand: { addresses: 90 },
      supply: { addresses: 60 },
    })
    const larger = result.recommendations.find((item) => item.kind === 'larger-subnet')
    expect(larger?.effect).toEqual({ prefixLength: subnetPrefixFor(90), addressesNeeded: 90 })
  })

  it('offers a group with no node at max size no change: it takes no address', async () => {
    const withNodes = await plan([BUSY_ON_EXHAUSTED])
    const without = await plan([{ ...BUSY_ON_EXHAUSTED, desiredNodes: 0, maxNodes: 0 }])
    const forGroup = (result: typeof withNodes) =>
      result.recommendations.filter((item) => item.nodeGroup === BUSY_ON_EXHAUSTED.name)
    expect(forGroup(withNodes).length).toBeGreaterThan(0)
    expect(forGroup(without)).toEqual([])
  })

  it('computes each recommendation’s effect with the same model', async () => {
    const result = await plan([BUSY_ON_EXHAUSTED])
    const warm = result.recommendations.find((item) => item.kind === 'warm-ip-target')
    const after = ipUsage(await catalogType('m5.large'), {
      pods: 10,
      kubeletMaxPods: 29,
      warmIpTarget: 2,
      minimumIpTarget: 10,
    })
    expect(warm?.effect).toEqual({
      addressesPerNodeBefore: 30,
      addressesPerNodeAfter: after.ipv4Held,
      addressesSavedAtMaxNodes: (30 - after.ipv4Held) * 3,
    })
  })

  it('says how many of the planned nodes fit when not all do: 2 of the 3 busy nodes, not "+0"', async () => {
    const result = await plan([BUSY_ON_EXHAUSTED])
    // No reservation in the exhausted subnet: its free addresses are all secondary IPs may use.
    const fit = Math.floor((await supplyOf('subnet-demo-exhausted')) / 30)
    expect(fit).toBe(2)
    expect(result.subnets[0]?.moreNodes).toEqual([
      { nodeGroup: 'busy', nodes: 0, plannedNodes: 3, nodesThatFit: fit },
    ])
  })
})

describe('custom networking: pods in their zone’s pod subnets, nodes’ own addresses in the node subnets', () => {
  const custom = (overrides: Record<string, unknown>) => ({
    name: 'custom',
    instanceTypes: ['m5.large'],
    pods: 10,
    settings: { customNetworking: true },
    ...overrides,
  })
  const perNode = async (pods: number) =>
    ipUsage(await catalogType('m5.large'), { pods, customNetworking: true })
  const demandBySubnet = (result: Awaited<ReturnType<typeof plan>>) =>
    Object.fromEntries(result.subnets.map((subnet) => [subnet.subnetId, subnet.demand]))

  it('4 nodes in us-east-1a charge only the 1a pod subnet; pod subnets in 1b and 1c get nothing and do not list the group', async () => {
    const result = await plan([
      custom({
        desiredNodes: 4,
        subnetIds: ['subnet-demo-healthy'],
        podSubnetIds: ['subnet-demo-prefix-reserved', 'subnet-demo-fragmented', 'subnet-demo-exhausted'],
      }),
    ])
    const held = await perNode(10)
    const bySubnet = demandBySubnet(result)
    expect(bySubnet['subnet-demo-healthy']).toMatchObject({ nodes: { custom: 4 }, addresses: 4 })
    expect(bySubnet['subnet-demo-prefix-reserved']).toMatchObject({
      nodes: { custom: 4 },
      addresses: 4 * held.ipv4Held,
    })
    // No node of the group is in 1b or 1c, at any node count: "custom +186" there was a promise it cannot keep.
    expect(Object.keys(bySubnet).sort()).toEqual(['subnet-demo-healthy', 'subnet-demo-prefix-reserved'])
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /custom: pod subnets subnet-demo-fragmented \(us-east-1b\), subnet-demo-exhausted \(us-east-1c\) are in zones with none of its nodes/,
      ),
    )
  })

  it('a node subnet that gets none of the group’s nodes does not list the group', async () => {
    const result = await plan([
      {
        name: 'pair',
        instanceTypes: ['m5.large'],
        desiredNodes: 2,
        pods: 10,
        subnetIds: ['subnet-demo-healthy', 'subnet-demo-fragmented', 'subnet-demo-prefix-reserved'],
      },
    ])
    const listed = Object.fromEntries(
      result.subnets.map((subnet) => [subnet.subnetId, subnet.moreNodes.map((more) => more.nodeGroup)]),
    )
    expect(listed).toEqual({
      'subnet-demo-healthy': ['pair'],
      'subnet-demo-fragmented': ['pair'],
      'subnet-demo-prefix-reserved': [],
    })
  })

  it('nodes over two zones (2 in 1a, 4 in 1b): each zone’s pods in its own zone’s pod subnet', async () => {
    const result = await plan([
      custom({
        desiredNodes: 6,
        subnetIds: ['subnet-demo-healthy', 'subnet-demo-fragmented', 'subnet-demo-explicit-reserved'],
        podSubnetIds: ['subnet-demo-prefix-reserved', 'subnet-demo-explicit-reserved'],
      }),
    ])
    const held = (await perNode(10)).ipv4Held
    const bySubnet = demandBySubnet(result)
    expect(bySubnet['subnet-demo-prefix-reserved']).toMatchObject({ addresses: 2 * held })
    // A subnet can be both: 2 nodes' own addresses, and the pods of all 4 nodes in us-east-1b.
    expect(bySubnet['subnet-demo-explicit-reserved']).toMatchObject({
      nodes: { custom: 2, 'custom (pods)': 4 },
      addresses: 2 + 4 * held,
    })
  })

  it('a zone with nodes and no pod subnet is refused, naming the field and the zone', async () => {
    const failure = await plan([
      custom({
        desiredNodes: 4,
        subnetIds: ['subnet-demo-healthy', 'subnet-demo-exhausted'],
        podSubnetIds: ['subnet-demo-prefix-reserved'],
      }),
    ]).catch((error) => error)
    expect(failure).toBeInstanceOf(InvalidInputError)
    expect(failure.issues).toEqual([
      {
        field: 'nodeGroups[0].podSubnetIds',
        message: expect.stringMatching(/no pod subnet in us-east-1c.*subnet-demo-exhausted/),
      },
    ])
  })

  it('without podSubnetIds, each node’s own address is charged too: 10 × m5.large, 5 pods = 210', async () => {
    const result = await plan([custom({ desiredNodes: 10, pods: 5, subnetIds: ['subnet-demo-healthy'] })])
    const held = await perNode(5)
    expect(held.ipv4Held + held.ipv4HeldNodeSubnet).toBe(21)
    expect(result.subnets[0]?.demand.addresses).toBe(210)
  })
})

describe('pods the VPC CNI leaves without an address', () => {
  it('MINIMUM_IP_TARGET=10 without WARM_IP_TARGET, 20 pods on m5.large: the group and the plan do not fit', async () => {
    const result = await plan([
      {
        name: 'frozen',
        instanceTypes: ['m5.large'],
        desiredNodes: 2,
        pods: 20,
        settings: { minimumIpTarget: 10 },
        subnetIds: ['subnet-demo-healthy'],
      },
    ])
    const held = ipUsage(await catalogType('m5.large'), { pods: 20, minimumIpTarget: 10 })
    expect(held.podsWithoutAddress).toBe(10)
    // The subnet has room for what the nodes hold; the pods still have no address.
    expect(result.subnets[0]?.verdict).toBe('fits')
    expect(result.nodeGroups[0]).toMatchObject({
      verdict: 'does-not-fit',
      reasons: ['10 of 20 pods per m5.large node get no address from the VPC CNI'],
    })
    expect(result.verdict).toBe('does-not-fit')
  })
})

describe('recommendations that change settings or types never leave pods without an address', () => {
  const frozen = FROZEN_ON_HEALTHY
  const kinds = (result: Awaited<ReturnType<typeof plan>>) => result.recommendations.map((item) => item.kind)

  it('MINIMUM_IP_TARGET=10 without WARM_IP_TARGET, 20 pods: WARM_IP_TARGET fixes it on every type; prefix delegation would still leave 4 pods without an address', async () => {
    const result = await plan([frozen])
    // Prefix delegation only moves the freeze: ⌈10/16⌉ = 1 prefix, 16 addresses for 20 pods.
    const withPrefixes = ipUsage(await catalogType('m5.large'), {
      pods: 20,
      minimumIpTarget: 10,
      prefixDelegation: true,
    })
    expect(withPrefixes).toMatchObject({ podsWithoutAddress: 4, peak: { podsWithoutAddress: 92 } })
    expect(kinds(result)).not.toContain('prefix-delegation')
    const fix = result.recommendations.find((item) => item.kind === 'warm-ip-target')
    expect(fix?.effect).toMatchObject({ podsWithoutAddressBefore: 10 })
    for (const type of frozen.instanceTypes) {
      const after = ipUsage(await catalogType(type), {
        pods: 20,
        kubeletMaxPods: 29,
        minimumIpTarget: 10,
        warmIpTarget: Number(fix?.effect.warmIpTarget),
      })
      expect(after).toMatchObject({ podsWithoutAddress: 0, peak: { podsWithoutAddress: 0 } })
    }
  })

  it('frozen only at kubelet max pods (MINIMUM_IP_TARGET=20, 10 pods): WARM_IP_TARGET is the fix; prefix delegation would strand 76 of 108 pods at max pods', async () => {
    const result = await plan([
      { ...frozen, instanceTypes: ['m5.large'], pods: 10, settings: { minimumIpTarget: 20 } },
    ])
    expect(result.nodeGroups[0]).toMatchObject({ verdict: 'tight' })
    // With prefix delegation kubelet max pods becomes 110; the pool still stops at 2 prefixes.
    const withPrefixes = ipUsage(await catalogType('m5.large'), {
      pods: 10,
      minimumIpTarget: 20,
      prefixDelegation: true,
    })
    expect(withPrefixes).toMatchObject({ podsWithoutAddress: 0, peak: { pods: 108, podsWithoutAddress: 76 } })
    expect(kinds(result)).not.toContain('prefix-delegation')
    const fix = result.recommendations.find((item) => item.kind === 'warm-ip-target')
    expect(fix?.summary).toMatch(/at kubelet max pods 7 of 27 pods per node get no address/)
    const after = ipUsage(await catalogType('m5.large'), {
      pods: 10,
      kubeletMaxPods: 29,
      minimumIpTarget: 20,
      warmIpTarget: Number(fix?.effect.warmIpTarget),
    })
    expect(after).toMatchObject({ podsWithoutAddress: 0, peak: { podsWithoutAddress: 0 } })
  })

  it('prefix delegation is judged at the kubelet max pods it brings: m5.large, 20 pods, 49 addresses at 110', async () => {
    const result = await plan([
      {
        name: 'apps',
        instanceTypes: ['m5.large'],
        desiredNodes: 3,
        pods: 20,
        subnetIds: ['subnet-demo-healthy'],
      },
    ])
    const after = ipUsage(await catalogType('m5.large'), { pods: 20, prefixDelegation: true })
    expect(after).toMatchObject({ kubeletMaxPods: 110, ipv4Held: 49, podsWithoutAddress: 0 })
    expect(result.recommendations.find((item) => item.kind === 'prefix-delegation')).toMatchObject({
      effect: { addressesPerNodeAfter: 49, blocksPerNode: 3, kubeletMaxPods: 110, fitsEverySubnet: true },
    })
  })
})

describe('whether a change leaves pods without an address', () => {
  const m5large = async (request: Parameters<typeof ipUsage>[1]) =>
    ipUsage(await catalogType('m5.large'), request)
  it.each([
    [
      'prefix delegation beside a lone MINIMUM_IP_TARGET=10: 4 of 20 still without',
      20,
      10,
      { prefixDelegation: true },
      true,
    ],
    [
      'WARM_IP_TARGET=2 beside it: every pod has one, now and at max pods',
      20,
      10,
      { warmIpTarget: 2 },
      false,
    ],
    [
      'prefix delegation beside MINIMUM_IP_TARGET=20 with 10 pods: 0 now, but 76 of 108 at max pods (7 of 27 before)',
      10,
      20,
      { prefixDelegation: true },
      true,
    ],
    ['no change at all', 10, 20, {}, false],
  ] as const)('%s', async (_why, pods, minimumIpTarget, change, strands) => {
    const before = await m5large({ pods, minimumIpTarget })
    const after = await m5large({ pods, minimumIpTarget, ...change })
    expect(strandsPods({ usages: [before] } as GroupContext, [after])).toBe(strands)
  })
})

describe('prefixes beyond the free /28s', () => {
  it('4 × m5.large with prefix delegation on the explicit-reserved /24: 12 of 10 blocks bind, at 160%, not addresses at 99900%', async () => {
    const result = await plan([PREFIXES_ON_EXPLICIT_RESERVED])
    expect(result.subnets[0]).toMatchObject({
      verdict: 'does-not-fit',
      bindingLimit: 'contiguous-28-blocks',
      supply: { addresses: 187, assignableBlocks: 10 },
      demand: { addresses: 4, blocks: 12 },
      // 12 prefixes and the 4 blocks the ENIs' primary addresses may spoil, over 10 free blocks.
      utilization: 1.6,
    })
  })
})

describe('prefix reservations serve prefixes only', () => {
  const secondary = {
    name: 'secondary',
    instanceTypes: ['m5.large'],
    desiredNodes: 4,
    pods: 10,
    subnetIds: ['subnet-demo-prefix-reserved'],
  }
  const prefixes = {
    ...secondary,
    name: 'prefixes',
    desiredNodes: 1,
    settings: { prefixDelegation: true },
  }

  it('one prefix-delegation node does not turn a tight subnet into one that fits', async () => {
    const alone = (await plan([secondary])).subnets[0]
    const shared = (await plan([secondary, prefixes])).subnets[0]
    // 4 × 30 addresses against the 121 free below the /25 prefix reservation: tight with or without prefixes.
    expect(alone).toMatchObject({ verdict: 'tight', supply: { addresses: 121 }, demand: { addresses: 120 } })
    // The prefix node's 2 prefixes come from the reservation; its ENI's primary address does not.
    expect(shared).toMatchObject({
      verdict: 'tight',
      supply: { addresses: 121, prefixReservationBlocks: 4 },
      demand: { addresses: 121, blocks: 2 },
    })
  })

  it('no new prefix reservation where the existing one already holds the prefixes', async () => {
    const result = await plan([secondary, prefixes])
    expect(result.subnets[0]?.demand.blocks).toBeLessThanOrEqual(
      result.subnets[0]?.supply.prefixReservationBlocks ?? 0,
    )
    expect(result.recommendations.map((item) => item.kind)).not.toContain('prefix-reservation')
  })

  it.each([
    ['secondary IPs, then a prefix group', [secondary], prefixes],
    ['a prefix group, then secondary IPs', [prefixes], secondary],
    ['secondary IPs, then more of them', [secondary], { ...secondary, name: 'more', desiredNodes: 1 }],
    [
      'prefixes on the fragmented subnet, then secondary IPs',
      [DENSE_ON_FRAGMENTED],
      { ...secondary, subnetIds: ['subnet-demo-fragmented'] },
    ],
  ])('adding demand never makes a subnet look better: %s', async (_why, before, added) => {
    const alone = await plan(before)
    const more = await plan([...before, added])
    for (const subnet of alone.subnets) {
      const after = more.subnets.find((candidate) => candidate.subnetId === subnet.subnetId)
      // null: none of a wanted supply left, beyond any ratio.
      const use = (utilization: number | null | undefined) => utilization ?? Number.POSITIVE_INFINITY
      expect(use(after?.utilization)).toBeGreaterThanOrEqual(use(subnet.utilization))
      expect(VERDICTS.indexOf(after?.verdict ?? 'fits')).toBeGreaterThanOrEqual(
        VERDICTS.indexOf(subnet.verdict),
      )
    }
  })
})

describe('a same-size instance type keeps what the group has', () => {
  /** The group's one type as the planner sees it: its settings, kubelet max pods and holding. */
  async function incumbent(type: string, pods: number, settingsInput: Record<string, unknown>) {
    const record = await catalogType(type)
    const settings = parseInput(MaxPodsSettings, settingsInput)
    const request = { ...settingsInput, kubeletMaxPods: maxPods(record, settings).maxPods, pods }
    return { record, settings, request, usage: ipUsage(record, request) }
  }

  // Real catalog types, each accepted or refused for the reasons named: the filter must say both. A type
  // with fewer max pods also leaves pods without an address at the group's kubelet max pods.
  it.each([
    [
      'm5.large with prefix delegation: never a Xen type, where it is silently off (i3.large, t2.large)',
      'm5.large',
      20,
      { prefixDelegation: true },
      {
        'm5a.large': [],
        'm7i.large': [],
        'i3.large': ['memory', 'max pods', 'pool mode', 'pods without address'],
        't2.large': ['cpu credits', 'max pods', 'pool mode', 'pods without address'],
        'm6g.large': ['architecture'],
      },
    ],
    [
      'm5.large: never t2.medium, with half the memory, nor a type with fewer max pods',
      'm5.large',
      10,
      {},
      {
        'm7i.large': [],
        't2.medium': ['memory', 'cpu credits', 'max pods', 'pods without address'],
        't3.large': ['cpu credits'],
        'g6f.large': ['max pods', 'pods without address'],
      },
    ],
    [
      'r5.large: never a type with a quarter of its memory',
      'r5.large',
      10,
      {},
      { 'r5a.large': [], 'c5a.large': ['memory'], 'r6g.large': ['architecture'] },
    ],
    [
      't3.medium: never t3a.small, with half the memory, nor a type without CPU credits',
      't3.medium',
      5,
      {},
      {
        't3a.medium': [],
        't3a.small': ['memory', 'max pods', 'pods without address'],
        'c5a.large': ['cpu credits'],
        't4g.medium': ['architecture'],
      },
    ],
    [
      'm5.xlarge with prefix delegation: never t2.xlarge (Xen)',
      'm5.xlarge',
      40,
      { prefixDelegation: true },
      {
        'm5a.xlarge': [],
        't2.xlarge': ['cpu credits', 'max pods', 'pool mode', 'pods without address'],
        'm6g.xlarge': ['architecture'],
      },
    ],
    [
      'c5.large: never a type with other than its 4 GiB',
      'c5.large',
      10,
      {},
      {
        'c6i.large': [],
        'm5a.large': ['memory'],
        't3.medium': ['cpu credits', 'max pods', 'pods without address'],
        'c6g.large': ['architecture'],
      },
    ],
  ] as const)('%s', async (_why, type, pods, settingsInput, expected) => {
    const current = await incumbent(type, pods, settingsInput)
    const found: Record<string, readonly string[]> = {}
    for (const candidate of Object.keys(expected))
      found[candidate] = replacementProblems(current, await catalogType(candidate)).problems
    expect(found).toEqual(expected)
  })

  // Made-up types beside the real catalog: one of m5.large's size, and others that hold even fewer
  // addresses but each differ from m5.large in one way.
  const base = { vcpus: 2, memoryMiB: 8192, family: 'x9', defaultCardMaxEnis: 16, ipv4PerEni: 3 }
  const same = instanceType({ ...base, instanceType: 'x9.same', defaultCardMaxEnis: 4, ipv4PerEni: 8 })
  const differing = [
    instanceType({ ...base, instanceType: 'x9.lessmemory', memoryMiB: 4096 }),
    instanceType({ ...base, instanceType: 'x9.morememory', memoryMiB: 16384 }),
    instanceType({ ...base, instanceType: 'x9.unknownmemory', memoryMiB: null }),
    instanceType({ ...base, instanceType: 'x9.arm', architectures: ['arm64'] }),
    instanceType({ ...base, instanceType: 't9.burstable', family: 't9' }),
    // 13 ENIs of 3 addresses: max pods 28, below m5.large's 29.
    instanceType({ ...base, instanceType: 'x9.fewerpods', defaultCardMaxEnis: 13 }),
  ]
  it('of types that hold fewer addresses, only one with the same vCPUs, memory, architecture, CPU kind and max pods', async () => {
    const real = createInstanceTypesService(reader, 'us-east-1')
    const widened = createPlanService({
      instanceTypes: {
        ...real,
        list: async () => ({
          value: [...(await real.list()).value, same, ...differing],
          origin: (await real.list()).origin,
        }),
      },
      subnets,
      defaultRegion: 'us-east-1',
    })
    const result = await widened.plan(
      parseInput(PlanRequest, {
        subnets: { vpcId: 'vpc-demo' },
        nodeGroups: [
          {
            name: 'g',
            instanceTypes: ['m5.large'],
            desiredNodes: 3,
            pods: 10,
            subnetIds: ['subnet-demo-healthy'],
          },
        ],
      }),
    )
    const held = (record: InstanceTypeRecord) => ipUsage(record, { pods: 10, kubeletMaxPods: 29 }).ipv4Held
    for (const record of differing) expect(held(record)).toBeLessThan(held(same))
    expect(result.recommendations.filter((item) => item.kind === 'instance-type')).toEqual([
      expect.objectContaining({
        effect: { instanceType: 'x9.same', addressesPerNodeBefore: 30, addressesPerNodeAfter: held(same) },
      }),
    ])
  })
})

describe('invalid plans name the field', () => {
  it.each([
    ['no node groups', [], 'nodeGroups'],
    [
      'a negative count',
      [{ name: 'a', instanceTypes: ['m5.large'], desiredNodes: -1, pods: 1 }],
      'nodeGroups[0].desiredNodes',
    ],
    [
      'max below desired',
      [{ name: 'a', instanceTypes: ['m5.large'], desiredNodes: 3, maxNodes: 1, pods: 1 }],
      'nodeGroups[0].maxNodes',
    ],
    [
      'an unknown type',
      [{ name: 'a', instanceTypes: ['m5.large', 'm5.lrage'], desiredNodes: 1, pods: 1 }],
      'nodeGroups[0].instanceTypes[1]',
    ],
    [
      'an unknown subnet',
      [{ name: 'a', instanceTypes: ['m5.large'], desiredNodes: 1, pods: 1, subnetIds: ['subnet-nope'] }],
      'nodeGroups[0].subnetIds[0]',
    ],
    [
      'too many pods',
      [{ name: 'a', instanceTypes: ['m5.large'], desiredNodes: 1, pods: 200 }],
      'nodeGroups[0].pods',
    ],
    [
      'pod subnets without custom networking',
      [
        {
          name: 'a',
          instanceTypes: ['m5.large'],
          desiredNodes: 1,
          pods: 1,
          subnetIds: ['subnet-demo-healthy'],
          podSubnetIds: ['subnet-demo-prefix-reserved'],
        },
      ],
      'nodeGroups[0].podSubnetIds',
    ],
    [
      'a bad setting',
      [{ name: 'a', instanceTypes: ['m5.large'], desiredNodes: 1, pods: 1, settings: { maxEni: 0 } }],
      'nodeGroups[0].settings.maxEni',
    ],
  ])('%s', async (_why, nodeGroups, field) => {
    const failure = await plan(nodeGroups).catch((error) => error)
    expect(failure).toBeInstanceOf(InvalidInputError)
    expect(failure.issues.map((issue: { field: string }) => issue.field)).toContain(field)
  })
})

describe('plan arithmetic', () => {
  it.each([
    [10, 3, [4, 3, 3]],
    [2, 3, [1, 1, 0]],
    [0, 2, [0, 0]],
  ])('%i nodes over %i subnets: %j', (nodes, count, expected) => {
    expect(spreadNodes(nodes, count)).toEqual(expected)
  })

  it.each([
    [0.5, 'fits'],
    [0.8, 'fits'],
    [0.81, 'tight'],
    [1, 'tight'],
    [1.01, 'does-not-fit'],
  ] as const)('utilization %f is %s', (utilization, verdict) => {
    expect(verdictOf(utilization)).toBe(verdict)
  })

  it.each([
    [90, 25],
    [200, 24],
    [3000, 20],
  ])('%i addresses with a fifth spare need a /%i', (addresses, length) => {
    expect(subnetPrefixFor(addresses)).toBe(length)
  })
})
