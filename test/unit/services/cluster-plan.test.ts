import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { formatIpv4, parseCidr } from '../../../lib/domain/ipv4.ts'
import { leaveOutInstances } from '../../../lib/domain/leave-out-instances.ts'
import { maxPods } from '../../../lib/domain/max-pods.ts'
import { InvalidInputError, UnknownClusterError } from '../../../lib/errors.ts'
import { systemClock } from '../../../lib/ports/clock.ts'
import type {
  ClusterFacts,
  ClusterNodeFacts,
  ClusterSource,
  ManagedNodeGroupFacts,
} from '../../../lib/ports/cluster-source.ts'
import type { SubnetInventory, SubnetSelector } from '../../../lib/ports/subnet-inventory.ts'
import { MaxPodsSettings } from '../../../lib/schemas/max-pods.ts'
import { parseInput } from '../../../lib/schemas/parse.ts'
import { PlanRequest, type PlanResult } from '../../../lib/schemas/plan.ts'
import type { EniFacts, SubnetFacts } from '../../../lib/schemas/subnets.ts'
import { createCatalogReader } from '../../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../../lib/services/instance-types.ts'
import { ipUsage } from '../../../lib/services/ip-usage.ts'
import { createPlanService } from '../../../lib/services/plan.ts'
import { analyseFacts, createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import { awsNodeDaemonSet } from '../../builders/aws-node.ts'
import { bundledCatalog, catalogType } from '../../builders/catalog.ts'
import { eni, subnet } from '../../builders/subnets.ts'
import { nodeConfigUserData } from '../../builders/user-data.ts'

// A cluster as EKS describes it, planned against a hand-made VPC: each input must land in the plan exactly as
// the same node groups written by hand would, and the cluster's own nodes must not be counted twice.

const REGION = 'us-east-1'
const VPC_ID = 'vpc-0test'
const CLUSTER = 'prod'
const ADDON_VERSION = 'v1.19.2-eksbuild.1'
const CNI_VERSION = '1.19.2'
const DISCOVERY = { 'karpenter.sh/discovery': CLUSTER }

/** A VPC of three subnets: two roomy /20s in two zones and a small /26 where only a few nodes fit. */
class HandMadeVpc implements SubnetInventory {
  readonly subnetFacts: SubnetFacts[]
  readonly enis: EniFacts[]

  constructor(enis: EniFacts[] = []) {
    this.enis = enis
    this.subnetFacts = [
      ['subnet-a', '10.0.0.0/20', 'us-east-1a', DISCOVERY],
      ['subnet-b', '10.0.16.0/20', 'us-east-1b', DISCOVERY],
      ['subnet-small', '10.0.32.0/26', 'us-east-1c', {}],
    ].map(([subnetId, cidr, availabilityZone, tags]) => {
      const size = parseCidr(cidr as string)?.size ?? 0
      const used = enis
        .filter((each) => each.subnetId === subnetId)
        .reduce((sum, each) => sum + each.privateIps.length + 16 * each.ipv4Prefixes.length, 0)
      // EC2's own count: everything not reserved and not held by an ENI seen here.
      return subnet({
        subnetId: subnetId as string,
        vpcId: VPC_ID,
        cidr: cidr as string,
        availabilityZone: availabilityZone as string,
        availableIpAddressCount: size - 5 - used,
        tags: tags as Record<string, string>,
      })
    })
  }

  async subnets(selector: SubnetSelector): Promise<SubnetFacts[]> {
    if ('vpcId' in selector) return this.subnetFacts.filter((each) => each.vpcId === selector.vpcId)
    if ('subnetIds' in selector)
      return this.subnetFacts.filter((each) => selector.subnetIds.includes(each.subnetId))
    return this.subnetFacts
  }

  async networkInterfaces(vpcId: string): Promise<EniFacts[]> {
    return vpcId === VPC_ID ? this.enis : []
  }

  async cidrReservations(): Promise<never[]> {
    return []
  }
}

/** A ClusterSource that knows one cluster, as EKS would answer for it. */
function clusterSource(facts: ClusterFacts): ClusterSource & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    async describe(name, region) {
      calls.push(`${name}@${region}`)
      if (name !== facts.name || region !== facts.region) throw new UnknownClusterError(name, region)
      return structuredClone(facts)
    },
  }
}

function managedGroup(overrides: Partial<ManagedNodeGroupFacts> = {}): ManagedNodeGroupFacts {
  return {
    name: 'general',
    instanceTypes: ['m5.large'],
    instanceTypesFrom: 'node-group',
    scaling: { minSize: 1, desiredSize: 2, maxSize: 4 },
    subnetIds: ['subnet-a', 'subnet-b'],
    amiType: 'AL2023_x86_64_STANDARD',
    capacityType: 'ON_DEMAND',
    launchTemplate: null,
    ...overrides,
  }
}

/** The default managedGroup() as a user would write it in a plan, with the add-on's prefix delegation. */
function managedPlan() {
  return {
    name: 'general',
    instanceTypes: ['m5.large'],
    desiredNodes: 2,
    maxNodes: 4,
    pods: 'max',
    subnetIds: ['subnet-a', 'subnet-b'],
    settings: { prefixDelegation: true, warmPrefixTarget: 1, cniVersion: CNI_VERSION, profile: 'calculator' },
  }
}

function addon(env: Record<string, string> | null): ClusterFacts['vpcCni'] {
  return {
    found: true,
    addonVersion: ADDON_VERSION,
    configurationValues: env === null ? null : JSON.stringify({ env }),
  }
}

const PREFIX_DELEGATION_ENV = { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' }

function clusterFacts(overrides: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    name: CLUSTER,
    region: REGION,
    arn: null,
    kubernetesVersion: '1.33',
    vpcId: VPC_ID,
    subnetIds: ['subnet-a', 'subnet-b'],
    ipFamily: 'ipv4',
    nodeGroups: [managedGroup()],
    vpcCni: addon(PREFIX_DELEGATION_ENV),
    nodes: [],
    ...overrides,
  }
}

const reader = createCatalogReader({ snapshot: bundledCatalog, clock: systemClock, staleAfterMs: 0 })
const instanceTypes = createInstanceTypesService(reader, REGION)

function plannerFor(facts: ClusterFacts, vpc = new HandMadeVpc()) {
  return createPlanService({
    instanceTypes,
    subnets: createSubnetAnalysisService(() => vpc, REGION),
    defaultRegion: REGION,
    clusters: () => clusterSource(facts),
    inventory: () => vpc,
  })
}

async function planCluster(facts: ClusterFacts, request: Record<string, unknown> = {}, vpc?: HandMadeVpc) {
  return plannerFor(facts, vpc).plan(parseInput(PlanRequest, { cluster: facts.name, ...request }))
}

/** The same VPC planned from node groups written by hand, as a user would without a cluster. */
async function planByHand(nodeGroups: unknown[], vpc = new HandMadeVpc()) {
  return plannerFor(clusterFacts(), vpc).plan(
    parseInput(PlanRequest, { subnets: { vpcId: VPC_ID }, nodeGroups }),
  )
}

/** What a cluster plan and a hand-written plan must share: the plan itself, not where its inputs came from. */
function planOf(result: PlanResult) {
  const { verdict, nodeGroups, subnets, recommendations } = result
  return { verdict, nodeGroups, subnets, recommendations }
}

function sourceOf(result: PlanResult, input: string): string {
  return result.cluster?.sources.find((source) => source.input === input)?.source ?? ''
}

function launchTemplate(userData: string | null): ManagedNodeGroupFacts['launchTemplate'] {
  return { id: 'lt-0test', name: 'nodes', version: '1', instanceType: null, userData }
}

describe('a cluster plan equals the plan of the same node groups written by hand', () => {
  it('two managed node groups at max size, with the add-on’s prefix delegation settings', async () => {
    // Prepare
    const facts = clusterFacts({
      nodeGroups: [
        managedGroup({
          name: 'batch',
          instanceTypes: ['c5.xlarge'],
          scaling: { minSize: 0, desiredSize: 1, maxSize: 3 },
          subnetIds: ['subnet-b'],
        }),
        managedGroup({ instanceTypes: ['m5.large', 'm5a.large'] }),
      ],
    })
    const settings = { prefixDelegation: true, warmPrefixTarget: 1, cniVersion: CNI_VERSION }

    // Act
    const fromCluster = await planCluster(facts)
    const byHand = await planByHand([
      {
        name: 'batch',
        instanceTypes: ['c5.xlarge'],
        desiredNodes: 1,
        maxNodes: 3,
        pods: 'max',
        settings,
        subnetIds: ['subnet-b'],
      },
      {
        name: 'general',
        instanceTypes: ['m5.large', 'm5a.large'],
        desiredNodes: 2,
        maxNodes: 4,
        pods: 'max',
        settings,
        subnetIds: ['subnet-a', 'subnet-b'],
      },
    ])

    // Assess
    expect(planOf(fromCluster)).toEqual(planOf(byHand))
    expect(
      fromCluster.nodeGroups.map(({ name, desiredNodes, maxNodes, mode }) => ({
        name,
        desiredNodes,
        maxNodes,
        mode,
      })),
    ).toEqual([
      { name: 'batch', desiredNodes: 1, maxNodes: 3, mode: 'warm-prefix' },
      { name: 'general', desiredNodes: 2, maxNodes: 4, mode: 'warm-prefix' },
    ])
    expect(sourceOf(fromCluster, 'vpc-cni settings')).toContain(`EKS add-on vpc-cni ${ADDON_VERSION}`)
    expect(sourceOf(fromCluster, 'vpc-cni version')).toContain(CNI_VERSION)
    expect(fromCluster.cluster).toMatchObject({ name: CLUSTER, region: REGION, vpcId: VPC_ID })
  })
})

describe('kubelet max pods of a managed node group: whose rule sets it', () => {
  const withPrefixDelegation = (profile: string) =>
    MaxPodsSettings.parse({ profile, prefixDelegation: true, cniVersion: CNI_VERSION })
  const profileMaxPods = async (profile: string) =>
    maxPods(await catalogType('m5.large'), withPrefixDelegation(profile)).maxPods

  it.each([
    {
      why: 'no launch template: EKS writes the calculator’s figure, with the add-on’s prefix delegation (m5.large → 110)',
      group: {},
      expected: () => profileMaxPods('calculator'),
      literal: 110,
      source: 'max-pods calculator',
    },
    {
      why: 'no custom AMI, user data maxPods 58: EKS’s own figure takes precedence over it (documented precedence)',
      group: { launchTemplate: launchTemplate(nodeConfigUserData(58)) },
      expected: () => profileMaxPods('calculator'),
      literal: 110,
      source: "user data's 58 does not hold",
    },
    {
      why: 'no custom AMI, user data maxPods 200: EKS’s own figure, not 200',
      group: { launchTemplate: launchTemplate(nodeConfigUserData(200)) },
      expected: () => profileMaxPods('calculator'),
      literal: 110,
      source: "user data's 200 does not hold",
    },
    {
      why: 'custom AMI with user data maxPods 58: exactly that',
      group: { amiType: 'CUSTOM', launchTemplate: launchTemplate(nodeConfigUserData(58)) },
      expected: async () => 58,
      literal: 58,
      source: 'NodeConfig spec.kubelet.config.maxPods',
    },
    {
      why: 'custom AMI with user data maxPods 200: exactly that, EKS writes nothing',
      group: { amiType: 'CUSTOM', launchTemplate: launchTemplate(nodeConfigUserData(200)) },
      expected: async () => 200,
      literal: 200,
      source: 'NodeConfig spec.kubelet.config.maxPods',
    },
    {
      why: 'custom AMI whose user data calls bootstrap.sh without max pods: the eni-max-pods table',
      group: {
        amiType: 'CUSTOM',
        launchTemplate: launchTemplate(
          "#!/bin/bash\n/etc/eks/bootstrap.sh prod --kubelet-extra-args '--node-labels=team=a'\n",
        ),
      },
      expected: () => profileMaxPods('eni-max-pods'),
      literal: 29,
      source: 'eni-max-pods',
    },
    {
      why: 'custom AMI with no user data: nodeadm’s default',
      group: { amiType: 'CUSTOM', launchTemplate: launchTemplate(null) },
      expected: () => profileMaxPods('nodeadm'),
      literal: 29,
      source: 'nodeadm',
    },
  ])('$why', async ({ group, expected, literal, source }) => {
    // Prepare
    const facts = clusterFacts({ nodeGroups: [managedGroup(group)] })

    // Act
    const result = await planCluster(facts)

    // Assess
    const kubeletMaxPods = result.nodeGroups[0]?.kubeletMaxPods
    expect(kubeletMaxPods).toBe(await expected())
    expect(kubeletMaxPods).toBe(literal)
    expect(sourceOf(result, 'node group general max pods')).toContain(source)
  })
})

/** The largest WARM_IP_TARGET the plan's recommendations ask for. */
function largestWanted(result: PlanResult): number {
  return Math.max(
    ...result.recommendations
      .filter((each) => each.kind === 'warm-ip-target')
      .map((each) => Number(each.settings?.warmIpTarget)),
  )
}

describe('the CNI settings: the aws-node export, the add-on, or the defaults, and which was used', () => {
  const AWS_NODE = awsNodeDaemonSet(
    [
      { name: 'ENABLE_PREFIX_DELEGATION', value: 'false' },
      { name: 'WARM_IP_TARGET', value: '5' },
      { name: 'MINIMUM_IP_TARGET', value: '10' },
    ],
    'amazon-k8s-cni:v1.18.3',
  )

  const byHandWith = (settings: Record<string, unknown>) =>
    planByHand([
      {
        name: 'general',
        instanceTypes: ['m5.large'],
        desiredNodes: 2,
        maxNodes: 4,
        pods: 'max',
        settings,
        subnetIds: ['subnet-a', 'subnet-b'],
      },
    ])

  it('the aws-node DaemonSet export wins over the add-on: it is what runs', async () => {
    const facts = clusterFacts()

    const result = await planCluster(facts, { awsNode: AWS_NODE })
    const byHand = await byHandWith({
      prefixDelegation: false,
      warmIpTarget: 5,
      minimumIpTarget: 10,
      cniVersion: '1.18.3',
    })

    expect(planOf(result)).toEqual(planOf(byHand))
    expect(result.nodeGroups[0]?.mode).toBe('warm-ip')
    expect(sourceOf(result, 'vpc-cni settings')).toContain('aws-node DaemonSet export')
    expect(sourceOf(result, 'vpc-cni version')).toContain('1.18.3 (the aws-node image)')
  })

  it('a not-found add-on and no export: the CNI’s defaults, with a warning and a source saying so', async () => {
    const facts = clusterFacts({
      vpcCni: { found: false, reason: 'DescribeAddon: no add-on vpc-cni (ResourceNotFoundException)' },
    })

    const result = await planCluster(facts)
    const byHand = await byHandWith({})

    expect(planOf(result)).toEqual(planOf(byHand))
    expect(result.nodeGroups[0]?.mode).toBe('warm-eni')
    expect(sourceOf(result, 'vpc-cni settings')).toContain('settings not in the add-on')
    expect(result.warnings.some((warning) => warning.includes('settings not in the add-on'))).toBe(true)
  })
})

describe('today: the same plan at desired size', () => {
  it('does not fit at max size while today’s nodes fit: each verdict is its own plan’s', async () => {
    // Prepare: m5.large in secondary-IP mode holds 30 addresses; the /26 has 59.
    const facts = clusterFacts({
      vpcCni: addon(null),
      nodeGroups: [
        managedGroup({ scaling: { minSize: 1, desiredSize: 1, maxSize: 3 }, subnetIds: ['subnet-small'] }),
      ],
    })
    const group = {
      name: 'general',
      instanceTypes: ['m5.large'],
      pods: 'max',
      settings: { cniVersion: CNI_VERSION },
      subnetIds: ['subnet-small'],
    }

    // Act
    const result = await planCluster(facts)
    const atDesired = await planByHand([{ ...group, desiredNodes: 1, maxNodes: 1 }])
    const atMax = await planByHand([{ ...group, desiredNodes: 1, maxNodes: 3 }])

    // Assess
    expect(result.verdict).toBe(atMax.verdict)
    expect(result.cluster?.today.verdict).toBe(atDesired.verdict)
    expect(result.verdict).toBe('does-not-fit')
    expect(result.cluster?.today.verdict).not.toBe('does-not-fit')
    expect(result.cluster?.today.nodeGroups).toEqual([{ name: 'general', nodes: 1 }])
    expect(result.cluster?.today.subnets).toEqual(
      atDesired.subnets.map(({ subnetId, verdict, utilization }) => ({ subnetId, verdict, utilization })),
    )
  })
})

describe('the cluster’s own nodes: left out of the supply when their group is planned', () => {
  // Addresses handed out from the bottom of each subnet, as EC2 does in a young subnet.
  function nodeEnis(): EniFacts[] {
    const next = new Map<string, number>([
      ['subnet-a', 0x0a000000 + 4],
      ['subnet-b', 0x0a001000 + 4],
    ])
    const ips = (subnetId: string, count: number) =>
      Array.from({ length: count }, () => {
        const address = next.get(subnetId) as number
        next.set(subnetId, address + 1)
        return formatIpv4(address)
      })
    let prefixBlock = 100
    const prefixes = (subnetId: string, count: number) =>
      Array.from({ length: count }, () => {
        const base = subnetId === 'subnet-a' ? 0x0a000000 : 0x0a001000
        return `${formatIpv4(base + 16 * prefixBlock++)}/28`
      })
    const node = (instanceId: string, subnetId: string, ipCount: number, prefixCount: number) =>
      eni({
        networkInterfaceId: `eni-${instanceId}`,
        subnetId,
        instanceId,
        privateIps: ips(subnetId, ipCount),
        ipv4Prefixes: prefixes(subnetId, prefixCount),
      })
    return [
      node('i-general0', 'subnet-a', 1, 3),
      node('i-general1', 'subnet-b', 1, 2),
      node('i-self', 'subnet-a', 10, 0),
      node('i-karpenter', 'subnet-b', 5, 0),
      node('i-unknown', 'subnet-a', 2, 0),
    ]
  }
  const NODES: ClusterNodeFacts[] = [
    { instanceId: 'i-general0', instanceType: 'm5.large', nodeGroup: 'general' },
    { instanceId: 'i-general1', instanceType: 'm5.large', nodeGroup: 'general' },
    { instanceId: 'i-self', instanceType: 'm5.large', nodeGroup: 'self-managed' },
    { instanceId: 'i-karpenter', instanceType: 'm5.large', nodeGroup: 'karpenter/default' },
    { instanceId: 'i-unknown', instanceType: null, nodeGroup: null },
  ]
  const PLANNED = new Set(['i-general0', 'i-general1'])
  const supplyOf = (result: PlanResult) =>
    Object.fromEntries(result.subnets.map((each) => [each.subnetId, each.supply.freeIps]))

  it('frees the addresses of planned groups’ nodes; nodes of other groups or none stay', async () => {
    // Prepare
    const vpc = new HandMadeVpc(nodeEnis())
    const held = (subnetId: string) =>
      vpc.enis
        .filter((each) => each.subnetId === subnetId && PLANNED.has(each.instanceId ?? ''))
        .reduce((sum, each) => sum + each.privateIps.length + 16 * each.ipv4Prefixes.length, 0)

    // Act
    const withNodes = await planCluster(clusterFacts({ nodes: NODES }), {}, vpc)
    const withoutNodes = await planCluster(clusterFacts({ nodes: [] }), {}, vpc)

    // Assess
    const before = supplyOf(withoutNodes)
    expect(supplyOf(withNodes)).toEqual({
      'subnet-a': (before['subnet-a'] ?? 0) + held('subnet-a'),
      'subnet-b': (before['subnet-b'] ?? 0) + held('subnet-b'),
    })
    expect(held('subnet-a')).toBe(1 + 48)
    expect(held('subnet-b')).toBe(1 + 32)
    expect(sourceOf(withNodes, 'existing nodes')).toContain(
      `${held('subnet-a') + held('subnet-b')} addresses`,
    )
    expect(sourceOf(withNodes, 'existing nodes')).toContain('3 other instances')
  })

  it('leaves EC2’s available count reconciling: the supply is that of the VPC without those nodes', async () => {
    const vpc = new HandMadeVpc(nodeEnis())
    const without = leaveOutInstances(vpc.subnetFacts, vpc.enis, PLANNED)
    const reference = analyseFacts(without.subnets, without.enis, []).analyses

    const result = await planCluster(clusterFacts({ nodes: NODES }), {}, vpc)

    expect(reference.map((analysis) => analysis.unaccountedAddresses)).toEqual([0, 0, 0])
    expect(reference.flatMap((analysis) => analysis.warnings).join('\n')).not.toContain('EC2 reports')
    // The plan weighs the subnets its groups use.
    expect(supplyOf(result)).toEqual(
      Object.fromEntries(
        reference
          .filter((analysis) => analysis.subnetId !== 'subnet-small')
          .map((analysis) => [analysis.subnetId, analysis.freeIps]),
      ),
    )
  })

  it('keeps the nodes of a managed group the plan leaves out (a type the catalog lacks): nothing places them again', async () => {
    // Prepare: the self-managed node stands for a group EKS lists whose type the catalog does not know.
    const vpc = new HandMadeVpc(nodeEnis())
    const legacy = managedGroup({ name: 'self-managed', instanceTypes: ['x99.unheard'] })
    const facts = (nodes: ClusterNodeFacts[]) => clusterFacts({ nodeGroups: [managedGroup(), legacy], nodes })

    // Act
    const withNodes = await planCluster(facts(NODES), {}, vpc)
    const withPlannedOnly = await planCluster(
      facts(NODES.filter((node) => PLANNED.has(node.instanceId))),
      {},
      vpc,
    )

    // Assess
    expect(withNodes.nodeGroups.map((group) => group.name)).toEqual(['general'])
    expect(supplyOf(withNodes)).toEqual(supplyOf(withPlannedOnly))
  })

  it('frees Karpenter nodes too when the request carries the Karpenter exports', async () => {
    const vpc = new HandMadeVpc(nodeEnis())
    const exports = karpenterExports([nodePool('default', { cpu: '8' })])

    const withNodes = await planCluster(clusterFacts({ nodes: NODES }), { karpenter: exports }, vpc)
    const withoutNodes = await planCluster(clusterFacts({ nodes: [] }), { karpenter: exports }, vpc)

    const freed = (supplyOf(withNodes)['subnet-b'] ?? 0) - (supplyOf(withoutNodes)['subnet-b'] ?? 0)
    expect(freed).toBe(1 + 32 + 5)
  })
})

function nodePool(name: string, limits: Record<string, string> | null) {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      ...(limits ? { limits } : {}),
      template: {
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
          requirements: [
            {
              key: 'node.kubernetes.io/instance-type',
              operator: 'In',
              values: ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large'],
            },
          ],
        },
      },
    },
  }
}

function karpenterExports(pools: unknown[]) {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...pools,
      {
        apiVersion: 'karpenter.k8s.aws/v1',
        kind: 'EC2NodeClass',
        metadata: { name: 'default' },
        spec: {
          role: `KarpenterNodeRole-${CLUSTER}`,
          amiSelectorTerms: [{ alias: 'al2023@latest' }],
          subnetSelectorTerms: [{ tags: DISCOVERY }],
          securityGroupSelectorTerms: [{ tags: DISCOVERY }],
        },
      },
    ],
  }
}

describe('Karpenter NodePools from the exports', () => {
  it('a pool with a cpu limit is planned at the type whose nodes within the limit take the most addresses', async () => {
    // Prepare: a brute force over the pool's types, by the same warm-pool model.
    const cpuLimit = 16
    const settings = {
      prefixDelegation: true,
      warmPrefixTarget: 1,
      cniVersion: CNI_VERSION,
      profile: 'karpenter' as const,
    }
    const candidates = await Promise.all(
      ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large'].map(async (name) => {
        const record = await catalogType(name)
        const nodes = Math.floor(cpuLimit / (record.vcpus ?? 1))
        const perNode = ipUsage(record, { ...settings, pods: 'max' }).ipv4Held
        return { name, nodes, perNode, addresses: nodes * perNode }
      }),
    )
    const worst = Math.max(...candidates.map((candidate) => candidate.addresses))

    // Act
    const result = await planCluster(clusterFacts(), {
      karpenter: karpenterExports([nodePool('default', { cpu: String(cpuLimit) })]),
    })

    // Assess
    const pool = result.nodeGroups.find((group) => group.name === 'karpenter/default')
    const chosen = candidates.find((candidate) => candidate.name === pool?.instanceTypes[0])
    expect(chosen).toBeDefined()
    expect(pool?.maxNodes).toBe(chosen?.nodes)
    expect((pool?.maxNodes ?? 0) * (chosen?.perNode ?? 0)).toBe(worst)
    expect(pool?.desiredNodes).toBe(0) // no instance of the pool runs today
    // The worst case is not simply the most nodes or the biggest node: the check has something to find.
    expect(new Set(candidates.map((candidate) => candidate.addresses)).size).toBeGreaterThan(1)
    expect(pool?.subnetIds).toEqual(['subnet-a', 'subnet-b'])
  })

  it('a pool with no limits is planned at the nodes it runs today, with a warning', async () => {
    // Prepare: two running instances tagged with the pool, and one of another pool.
    const nodes: ClusterNodeFacts[] = [
      { instanceId: 'i-k0', instanceType: 'm5.large', nodeGroup: 'karpenter/unbounded' },
      { instanceId: 'i-k1', instanceType: 'm5.large', nodeGroup: 'karpenter/unbounded' },
      { instanceId: 'i-other', instanceType: 'm5.large', nodeGroup: 'karpenter/other' },
    ]

    // Act
    const result = await planCluster(clusterFacts({ nodes }), {
      karpenter: karpenterExports([nodePool('unbounded', null)]),
    })

    // Assess
    const pool = result.nodeGroups.find((group) => group.name === 'karpenter/unbounded')
    expect([pool?.desiredNodes, pool?.maxNodes]).toEqual([2, 2])
    expect(result.warnings.some((warning) => warning.startsWith('karpenter/unbounded: no limits'))).toBe(true)
    expect(sourceOf(result, 'karpenter/unbounded nodes')).toMatch(/^today 2 \(its running instances/)
  })

  it('a pool with a limit is planned today at its running instances, and at most at the limit’s worst case', async () => {
    // Prepare
    const nodes: ClusterNodeFacts[] = [
      { instanceId: 'i-k0', instanceType: 'm5.large', nodeGroup: 'karpenter/default' },
    ]

    // Act
    const result = await planCluster(clusterFacts({ nodes }), {
      karpenter: karpenterExports([nodePool('default', { cpu: '16' })]),
    })

    // Assess
    const pool = result.nodeGroups.find((group) => group.name === 'karpenter/default')
    expect(pool?.desiredNodes).toBe(1)
    expect(result.cluster?.today.nodeGroups).toContainEqual({ name: 'karpenter/default', nodes: 1 })
    expect(pool?.maxNodes).toBeGreaterThan(1)
  })
})

describe('node groups planned beside the cluster’s own', () => {
  const extra = {
    name: 'extra',
    instanceTypes: ['m5.large'],
    desiredNodes: 2,
    pods: 'max',
    subnetIds: ['subnet-b'],
  }

  it('run the cluster’s CNI settings (prefix delegation here), their own settings winning', async () => {
    // Act
    const result = await planCluster(clusterFacts(), {
      nodeGroups: [extra, { ...extra, name: 'own', settings: { prefixDelegation: false } }],
    })

    // Assess: as the same groups written by hand with the add-on's settings.
    const byHand = await planByHand([
      managedPlan(),
      { ...extra, settings: { prefixDelegation: true, warmPrefixTarget: 1, cniVersion: CNI_VERSION } },
      {
        ...extra,
        name: 'own',
        settings: { prefixDelegation: false, warmPrefixTarget: 1, cniVersion: CNI_VERSION },
      },
    ])
    expect(result.nodeGroups.map((group) => [group.name, group.mode, group.kubeletMaxPods])).toEqual([
      ['general', 'warm-prefix', 110],
      ['extra', 'warm-prefix', 110],
      ['own', 'warm-eni', 29],
    ])
    expect(planOf(result).nodeGroups).toEqual(planOf(byHand).nodeGroups)
  })

  it('may not take a name of the cluster’s own groups; their mistakes are named by their place in the request', async () => {
    await expect(
      planCluster(clusterFacts(), { nodeGroups: [{ ...extra, name: 'general' }] }),
    ).rejects.toMatchObject({
      issues: [{ field: 'nodeGroups[0].name', message: "'general' is already a node group of prod" }],
    })
    await expect(
      planCluster(clusterFacts(), { nodeGroups: [{ ...extra, subnetIds: ['subnet-nope'] }] }),
    ).rejects.toMatchObject({ issues: [{ field: 'nodeGroups[0].subnetIds[0]' }] })
  })
})

describe('addresses EC2 counts that no ENI explains', () => {
  it('are warned about: the supply may be smaller', async () => {
    // Prepare: EC2 says 7 fewer addresses are free in subnet-a than the ENIs seen explain.
    const vpc = new HandMadeVpc()
    const subnetA = vpc.subnetFacts.find((each) => each.subnetId === 'subnet-a') as SubnetFacts
    subnetA.availableIpAddressCount = (subnetA.availableIpAddressCount ?? 0) - 7

    // Act
    const result = await planCluster(clusterFacts(), {}, vpc)

    // Assess
    expect(result.warnings).toContain(
      'subnet-a: EC2 counts 7 more addresses in use than the ENIs seen explain; its supply may be that much smaller',
    )
  })
})

describe('errors a caller can act on', () => {
  it('an unknown cluster: UnknownClusterError', async () => {
    const planner = plannerFor(clusterFacts())

    await expect(planner.plan(parseInput(PlanRequest, { cluster: 'staging' }))).rejects.toBeInstanceOf(
      UnknownClusterError,
    )
  })

  it.each([
    { why: 'no managed node group and no Karpenter exports', nodeGroups: [] },
    {
      why: 'its only node group’s type is not in the catalog',
      nodeGroups: [managedGroup({ instanceTypes: ['x99.unheard'] })],
    },
    {
      why: 'its only node group names no instance type',
      nodeGroups: [managedGroup({ instanceTypes: [], instanceTypesFrom: 'unknown' })],
    },
    {
      why: 'its only node group’s subnets are not in the VPC',
      nodeGroups: [managedGroup({ subnetIds: ['subnet-elsewhere'] })],
    },
  ])('a cluster with nothing to plan ($why): InvalidInputError on cluster', async ({ nodeGroups }) => {
    const error = await planCluster(clusterFacts({ nodeGroups })).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(InvalidInputError)
    expect((error as InvalidInputError).issues.map((issue) => issue.field)).toEqual(['cluster'])
  })

  it.each([
    { why: 'not a DaemonSet', awsNode: { kind: 'Deployment', metadata: { name: 'aws-node' } } },
    {
      why: 'no aws-node container',
      awsNode: { kind: 'DaemonSet', spec: { template: { spec: { containers: [{ name: 'other' }] } } } },
    },
    {
      why: 'an env entry without a name',
      awsNode: {
        kind: 'DaemonSet',
        spec: { template: { spec: { containers: [{ name: 'aws-node', env: [{ value: 'true' }] }] } } },
      },
    },
  ])('a bad aws-node export ($why): InvalidInputError under awsNode', async ({ awsNode }) => {
    const error = await planCluster(clusterFacts(), { awsNode }).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(InvalidInputError)
    const fields = (error as InvalidInputError).issues.map((issue) => issue.field)
    expect(fields.length).toBeGreaterThan(0)
    for (const field of fields) expect(field).toMatch(/^awsNode\./)
  })
})

interface ClusterConfig {
  managedNodeGroups: { name: string; maxPodsPerNode: number }[]
  addons?: { name: string; configurationValues: string }[]
}

function addonEnv(config: ClusterConfig): Record<string, string> {
  const values = config.addons?.find((each) => each.name === 'vpc-cni')?.configurationValues
  return values ? (JSON.parse(values) as { env: Record<string, string> }).env : {}
}

describe('emit: the configuration that makes the plan true', () => {
  it('writes the recommended kubelet max pods for a group whose recommendation is prefix delegation', async () => {
    // Prepare: secondary IPs, 20 pods per node: prefix delegation is worth saying.
    const facts = clusterFacts({ vpcCni: addon({}) })

    // Act
    const result = await planCluster(facts, { pods: 20, emit: 'eksctl' })

    // Assess
    const recommendation = result.recommendations.find(
      (each) => each.kind === 'prefix-delegation' && each.nodeGroup === 'general',
    )
    expect(recommendation).toBeDefined()
    expect(result.configuration?.format).toBe('eksctl')
    const config = parseYaml(result.configuration?.files[0]?.content ?? '') as ClusterConfig
    const general = config.managedNodeGroups.find((group) => group.name === 'general')
    expect(general?.maxPodsPerNode).toBe(recommendation?.effect.kubeletMaxPods)
    expect(general?.maxPodsPerNode).not.toBe(result.nodeGroups[0]?.kubeletMaxPods)
    expect(addonEnv(config).ENABLE_PREFIX_DELEGATION).toBe('true')
  })

  it('writes no configuration unless asked', async () => {
    const result = await planCluster(clusterFacts())

    expect(result.configuration).toBeUndefined()
  })

  it('two groups that need different WARM_IP_TARGET: the larger is written only once the plan with it on every group is no worse', async () => {
    // Prepare: full nodes at kubelet max pods 110 and 250 want warm pools of different sizes.
    const facts = clusterFacts({
      vpcCni: addon({}),
      nodeGroups: [
        managedGroup({ name: 'large', instanceTypes: ['m5.16xlarge'] }),
        managedGroup({ name: 'small', instanceTypes: ['c5.4xlarge'] }),
      ],
    })

    // Act
    const result = await planCluster(facts, { emit: 'vpc-cni-addon' })
    const checked = await planCluster(
      clusterFacts({ ...facts, vpcCni: addon({ WARM_IP_TARGET: String(largestWanted(result)) }) }),
    )

    // Assess: the larger of the two, and the plan with it on both groups no worse than the plan without.
    const env = (JSON.parse(result.configuration?.files[0]?.content ?? '') as { env: Record<string, string> })
      .env
    expect(env.WARM_IP_TARGET).toBe(String(largestWanted(result)))
    const rank = (verdict: string) => ['fits', 'tight', 'does-not-fit'].indexOf(verdict)
    expect(rank(checked.verdict)).toBeLessThanOrEqual(rank(result.verdict))
    expect(
      result.configuration?.sources.some((line) => line.includes('checked with it on every node group')),
    ).toBe(true)
  })

  it('a recommendation that would make another group’s subnet worse is not written, and a note says why', async () => {
    // Prepare: no prefix delegation today. roomy (m5.large in a /20) is offered it; tight's t3.medium nodes
    // fit the /26 on secondary IPs, but with prefixes they would need /28 blocks the /26 does not have.
    const facts = clusterFacts({
      vpcCni: addon({}),
      nodeGroups: [
        managedGroup({
          name: 'roomy',
          subnetIds: ['subnet-a'],
          scaling: { minSize: 1, desiredSize: 2, maxSize: 10 },
        }),
        managedGroup({
          name: 'tight',
          instanceTypes: ['t3.medium'],
          subnetIds: ['subnet-small'],
          scaling: { minSize: 1, desiredSize: 1, maxSize: 2 },
        }),
      ],
    })

    // Act
    const result = await planCluster(facts, { emit: 'vpc-cni-addon' })

    // Assess
    expect(result.recommendations.map((each) => [each.kind, each.nodeGroup])).toContainEqual([
      'prefix-delegation',
      'roomy',
    ])
    expect(result.subnets.find((each) => each.subnetId === 'subnet-small')?.verdict).toBe('fits')
    expect(JSON.parse(result.configuration?.files[0]?.content ?? '')).toEqual({ env: {} })
    expect(result.configuration?.notes).toContainEqual(
      expect.stringMatching(
        /^Not written: ENABLE_PREFIX_DELEGATION=true, recommended for roomy\. .*subnet-small would be does-not-fit \(now fits\)/,
      ),
    )
  })
})
