import { describe, expect, it } from 'vitest'
import { renderPlan } from '../../../cli/render-plan.ts'
import { DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { systemClock } from '../../../lib/ports/clock.ts'
import { parseInput } from '../../../lib/schemas/parse.ts'
import { PlanRequest } from '../../../lib/schemas/plan.ts'
import { createCatalogReader } from '../../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../../lib/services/instance-types.ts'
import { createPlanService } from '../../../lib/services/plan.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import { planAnswer } from '../../../lib/slack/answers.ts'
import { bundledCatalog } from '../../builders/catalog.ts'
import { BUSY_ON_EXHAUSTED, PREFIXES_ON_EXPLICIT_RESERVED } from '../../support/demo-node-groups.ts'

const planner = createPlanService({
  instanceTypes: createInstanceTypesService(
    createCatalogReader({ snapshot: bundledCatalog, clock: systemClock, staleAfterMs: 0 }),
    'us-east-1',
  ),
  subnets: createSubnetAnalysisService(() => new DemoVpcInventory(), 'us-east-1'),
  defaultRegion: 'us-east-1',
})
const plan = (nodeGroups: unknown[]) =>
  planner.plan(parseInput(PlanRequest, { subnets: { vpcId: 'vpc-demo' }, nodeGroups }))

describe('the plan as text', () => {
  it('says how many of the planned nodes fit where not all do, never "+0"', async () => {
    const text = renderPlan(await plan([BUSY_ON_EXHAUSTED]))
    expect(text).toMatch(/subnet-demo-exhausted .*does-not-fit.* busy 2 of 3 fit/)
    expect(text).not.toContain('+0')
  })

  it('shows a group’s own verdict and its reason', async () => {
    const frozen = {
      ...BUSY_ON_EXHAUSTED,
      pods: 20,
      settings: { minimumIpTarget: 10 },
      subnetIds: ['subnet-demo-healthy'],
    }
    const text = renderPlan(await plan([frozen]))
    expect(text).toMatch(/^busy\s+does-not-fit\s+m5\.large/m)
    expect(text).toContain('busy: 10 of 20 pods per m5.large node get no address from the VPC CNI')
  })

  it('the per-node column shows what each node is charged: 21 with custom networking in the node subnet', async () => {
    const custom = {
      instanceTypes: ['m5.large'],
      desiredNodes: 2,
      pods: 5,
      settings: { customNetworking: true },
      subnetIds: ['subnet-demo-healthy'],
    }
    const text = renderPlan(
      await plan([
        { ...custom, name: 'shared' },
        { ...custom, name: 'apart', podSubnetIds: ['subnet-demo-prefix-reserved'] },
      ]),
    )
    // 20 pool addresses and the primary ENI's own: 21 in one subnet, or 20 and 1 in two.
    expect(text).toMatch(/^shared\s.*\swarm-eni\s+21\s+0\s+21$/m)
    expect(text).toMatch(/^apart\s.*\swarm-eni\s+20 pod \+ 1 node\s+0\s+20 pod \+ 1 node$/m)
  })

  it('prefixes beyond the free /28s: 160% of the blocks, never 99900%', async () => {
    const dense = PREFIXES_ON_EXPLICIT_RESERVED
    const text = renderPlan(await plan([dense]))
    expect(text).toMatch(/subnet-demo-explicit-reserved .*does-not-fit\s+contiguous-28-blocks\s+160%/)
    expect(text).not.toContain('99900%')
  })

  it('a subnet with none of the supply a demand needs says so instead of a percentage', async () => {
    const result = await plan([BUSY_ON_EXHAUSTED])
    const none = { ...result, subnets: result.subnets.map((subnet) => ({ ...subnet, utilization: null })) }
    expect(renderPlan(none)).toMatch(/subnet-demo-exhausted .*does-not-fit\s+addresses\s+none free\s/)
    expect(JSON.stringify(planAnswer(none, false))).toContain('*does-not-fit* (no addresses free;')
  })
})
