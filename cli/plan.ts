import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { DemoVpcInventory } from '../lib/adapters/demo/demo-vpc.ts'
import type { AwsAccess, Command } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { parseInput } from '../lib/schemas/parse.ts'
import { PlanRequest, type PlanResult } from '../lib/schemas/plan.ts'
import type { InstanceTypesService } from '../lib/services/instance-types.ts'
import { createPlanService } from '../lib/services/plan.ts'
import { createSubnetAnalysisService } from '../lib/services/subnet-analysis.ts'
import { awsMistake } from './aws-failure.ts'
import { readExports } from './subnets.ts'

/** The demo VPC and export files belong to no region; the plan still names one. */
const OFFLINE_REGION = 'us-east-1'

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
  // The demo VPC and exports need no account; live, the region is --region, the plan's own, or the SDK's chain.
  const live = command.demo || command.exports ? undefined : await liveAws(command.aws, request.region)
  const region = live?.region ?? command.aws.region ?? request.region ?? OFFLINE_REGION
  const inventory = live?.inventory ?? new DemoVpcInventory()
  const plans = createPlanService({
    instanceTypes,
    subnets: createSubnetAnalysisService(() => inventory, region),
    defaultRegion: region,
  })
  try {
    return await plans.plan({ ...request, region })
  } catch (error) {
    throw live ? live.explain(error) : error
  } finally {
    live?.destroy()
  }
}

async function liveAws(access: AwsAccess, planRegion: string | undefined) {
  // Loaded only for a live plan: the EC2 client stays out of every other command's start-up.
  const [aws, { Ec2SubnetInventory }] = await Promise.all([
    import('./aws-clients.ts'),
    import('../lib/adapters/ec2/ec2-subnet-inventory.ts'),
  ])
  aws.adoptAwsEnvironment()
  const region = await aws.resolveRegion(access, planRegion)
  const lookedIn = aws.regionAndProfile(region, access)
  const clients = aws.cliEc2Clients(access)
  return {
    region,
    inventory: new Ec2SubnetInventory((where) => clients.forRegion(where)),
    destroy: () => clients.destroy(),
    /** Live, a wrong ID is AWS's answer and an empty selection says where it was looked for. */
    explain(error: unknown): unknown {
      if (!(error instanceof InvalidInputError)) return awsMistake(error, lookedIn) ?? error
      const located = error.issues.map((issue) =>
        issue.field === 'subnets' ? { ...issue, message: `${issue.message} in ${lookedIn}` } : issue,
      )
      return new InvalidInputError(located, { cause: error })
    },
  }
}
