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
import { bundledCatalog } from '../../builders/catalog.ts'
import { BUSY_ON_EXHAUSTED } from '../../support/demo-node-groups.ts'

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
    const text = renderPlan(await plan([BUSY_ON_EXHAUSTED]), 'text')
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
    const text = renderPlan(await plan([frozen]), 'text')
    expect(text).toMatch(/^busy\s+does-not-fit\s+m5\.large/m)
    expect(text).toContain('busy: 10 of 20 pods per m5.large node get no address from the VPC CNI')
  })
})
