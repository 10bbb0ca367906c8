import { describe, expect, it } from 'vitest'
import { DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { spreadNodes, subnetPrefixFor, verdictOf } from '../../../lib/domain/plan.ts'
import { InvalidInputError } from '../../../lib/errors.ts'
import { systemClock } from '../../../lib/ports/clock.ts'
import { parseInput } from '../../../lib/schemas/parse.ts'
import { PlanRequest } from '../../../lib/schemas/plan.ts'
import { createCatalogReader } from '../../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../../lib/services/instance-types.ts'
import { ipUsage } from '../../../lib/services/ip-usage.ts'
import { createPlanService } from '../../../lib/services/plan.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import { bundledCatalog, catalogType } from '../../builders/catalog.ts'
import { BUSY_ON_EXHAUSTED, DENSE_ON_FRAGMENTED } from '../../support/demo-node-groups.ts'

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
  return (await subnets.subnet(subnetId)).freeIps
}

describe('cluster plans on the demo VPC', () => {
  it('fits: 9 nodes at 45 addresses each in the healthy /20, and says how many more fit', async () => {
    const result = await plan([
      {
        name: 'apps',
        instanceTypes: ['m5.large', 'm5.xlarge'],
        desiredNodes: 6,
        maxNodes: 9,
        pods: 20,
        subnetIds: ['subnet-demo-healthy'],
      },
    ])
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

  it('spreads nodes over the group’s zones, and puts pods in the pod subnets with custom networking', async () => {
    const result = await plan([
      {
        name: 'custom',
        instanceTypes: ['m5.large'],
        desiredNodes: 3,
        pods: 10,
        settings: { customNetworking: true },
        subnetIds: ['subnet-demo-healthy', 'subnet-demo-prefix-reserved'],
        podSubnetIds: ['subnet-demo-explicit-reserved'],
      },
    ])
    const bySubnet = Object.fromEntries(result.subnets.map((subnet) => [subnet.subnetId, subnet.demand]))
    // Node subnets: one address per node (2 nodes, then 1); the pod subnet takes every pod address.
    expect(bySubnet['subnet-demo-healthy']).toMatchObject({ nodes: { custom: 2 }, addresses: 2 })
    expect(bySubnet['subnet-demo-prefix-reserved']).toMatchObject({ nodes: { custom: 1 }, addresses: 1 })
    expect(bySubnet['subnet-demo-explicit-reserved']).toMatchObject({
      nodes: { custom: 3 },
      addresses: 3 * 20,
    })
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
  ])('%i addresses with 20%% headroom need a /%i', (addresses, length) => {
    expect(subnetPrefixFor(addresses)).toBe(length)
  })
})
