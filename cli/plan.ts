import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { DemoVpcInventory } from '../lib/adapters/demo/demo-vpc.ts'
import type { Command } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { parseInput } from '../lib/schemas/parse.ts'
import { PlanRequest, type PlanResult } from '../lib/schemas/plan.ts'
import type { InstanceTypesService } from '../lib/services/instance-types.ts'
import { perKey } from '../lib/services/per-key.ts'
import { createPlanService } from '../lib/services/plan.ts'
import { createSubnetAnalysisService } from '../lib/services/subnet-analysis.ts'
import { readExports } from './subnets.ts'

/** `plan FILE`: a cluster plan (YAML or JSON, the API's body) against exports, the demo VPC, or live EC2. */
export async function runPlan(
  command: Extract<Command, { name: 'plan' }>,
  instanceTypes: InstanceTypesService,
): Promise<PlanResult> {
  let text: string
  try {
    text = readFileSync(command.file, 'utf8')
  } catch (error) {
    throw new InvalidInputError([
      { field: 'plan', message: `cannot read ${command.file} (${(error as NodeJS.ErrnoException).code})` },
    ])
  }
  let raw: Record<string, unknown>
  try {
    raw = parse(text) as Record<string, unknown>
  } catch (error) {
    throw new InvalidInputError([
      {
        field: 'plan',
        message: `${command.file} is not YAML or JSON (${(error as Error).message.split('\n')[0]})`,
      },
    ])
  }
  // Exports on the command line stand in for the plan's own subnet selection.
  const body = command.exports ? { ...raw, subnets: undefined, exports: readExports(command.exports) } : raw
  const request = parseInput(PlanRequest, JSON.parse(JSON.stringify(body)))
  const region = command.aws.region ?? request.region ?? process.env.AWS_REGION ?? 'us-east-1'
  const inventory = command.demo || command.exports ? new DemoVpcInventory() : await liveInventory()
  const plans = createPlanService({
    instanceTypes,
    subnets: createSubnetAnalysisService(() => inventory, region),
    defaultRegion: region,
  })
  return plans.plan({ ...request, region })
}

async function liveInventory() {
  // Loaded only for a live plan: the EC2 client stays out of every other command's start-up.
  const [{ scanClient }, { Ec2SubnetInventory }] = await Promise.all([
    import('../lib/adapters/ec2/scan-client.ts'),
    import('../lib/adapters/ec2/ec2-subnet-inventory.ts'),
  ])
  return new Ec2SubnetInventory(
    perKey((region) => scanClient({ region, endpoint: process.env.EC2_ENDPOINT })),
  )
}
