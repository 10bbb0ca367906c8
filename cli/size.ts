import { DEMO_VPC_ID, DemoVpcInventory } from '../lib/adapters/demo/demo-vpc.ts'
import type { AwsAccess, Command } from '../lib/commands/grammar.ts'
import { settingsIssue } from '../lib/commands/settings-flags.ts'
import { InvalidInputError, UnknownVpcError } from '../lib/errors.ts'
import type { SubnetInventory } from '../lib/ports/subnet-inventory.ts'
import type { VpcCidrs } from '../lib/ports/vpc-cidrs.ts'
import { parseInput } from '../lib/schemas/parse.ts'
import { SizingRequest, type SizingResult, zoneRegion } from '../lib/schemas/sizing.ts'
import type { InstanceTypesService } from '../lib/services/instance-types.ts'
import { createPlanService } from '../lib/services/plan.ts'
import { createSizingService } from '../lib/services/sizing.ts'
import { createSubnetAnalysisService } from '../lib/services/subnet-analysis.ts'
import { awsMistake } from './aws-failure.ts'
import { readDocument } from './read-document.ts'

type SizeCommand = Extract<Command, { name: 'size' }>

/** A new VPC, the demo VPC and exports belong to no region; the answer still names one. */
const OFFLINE_REGION = 'us-east-1'

/** The sizing request's fields a flag of the one-group form set, named as those flags. */
const FLAG_OF_FIELD: Record<string, string> = {
  'nodeGroups[0].instanceTypes': '--instance-type',
  'nodeGroups[0].desiredNodes': '--nodes',
  'nodeGroups[0].maxNodes': '--max-nodes',
  'nodeGroups[0].pods': '--pods',
  'nodeGroups[0].availabilityZones': '--zones',
  'nodeGroups[0].settings': '--',
  'addressSpace.vpcCidr': '--vpc-cidr',
  'addressSpace.secondaryCidrs': '--secondary-cidr',
  headroomPercent: '--headroom',
}

/** `size`: the subnets a planned cluster needs, from a file or one group's flags, against an address space. */
export async function runSize(
  command: SizeCommand,
  instanceTypes: InstanceTypesService,
): Promise<SizingResult> {
  try {
    return await sizeWith(command, instanceTypes)
  } catch (error) {
    throw command.file === undefined ? inFlags(error) : error
  }
}

async function sizeWith(command: SizeCommand, instanceTypes: InstanceTypesService): Promise<SizingResult> {
  const request = sizingRequest(command)
  const live =
    request.vpc && command.space?.kind !== 'demo'
      ? await liveAws(command.aws, request.region ?? regionOfZones(request))
      : undefined
  const region =
    live?.region ?? command.aws.region ?? request.region ?? regionOfZones(request) ?? OFFLINE_REGION
  const inventory = live?.inventory ?? new DemoVpcInventory()
  const plans = createPlanService({
    instanceTypes,
    subnets: createSubnetAnalysisService(() => inventory, region),
    defaultRegion: region,
  })
  const sizing = createSizingService({
    plans,
    instanceTypes,
    inventory: () => inventory,
    defaultRegion: region,
  })
  try {
    return await sizing.size({ ...request, region })
  } catch (error) {
    if (error instanceof UnknownVpcError)
      throw new InvalidInputError([
        { field: '--vpc-id', message: `no VPC '${error.vpcId}' in ${live?.lookedIn ?? error.region}` },
      ])
    throw live ? (awsMistake(error, live.lookedIn) ?? error) : error
  } finally {
    live?.destroy()
  }
}

/** The zones' region (the request holds them to one): what a VPC in them is looked for in. */
function regionOfZones(request: SizingRequest): string | undefined {
  const zone = request.nodeGroups[0]?.availabilityZones[0]
  return zone === undefined ? undefined : zoneRegion(zone)
}

function sizingRequest(command: SizeCommand): SizingRequest {
  const fromFile = command.file === undefined ? {} : readDocument(command.file, 'size')
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile))
    throw new InvalidInputError([
      {
        field: 'size',
        message: `${command.file} is not a sizing: expected a YAML or JSON mapping with nodeGroups`,
      },
    ])
  const body: Record<string, unknown> = { ...fromFile }
  if (command.nodeGroups) body.nodeGroups = command.nodeGroups
  if (command.headroomPercent !== undefined) body.headroomPercent = command.headroomPercent
  if (command.clusterName !== undefined) body.clusterName = command.clusterName
  if (command.emit !== undefined) body.emit = command.emit
  const space = command.space
  if (space) {
    delete body.addressSpace
    delete body.vpc
    delete body.exports
    if (space.kind === 'cidrs')
      body.addressSpace = {
        vpcCidr: space.vpcCidr,
        ...(space.secondaryCidrs.length > 0 ? { secondaryCidrs: space.secondaryCidrs } : {}),
      }
    else if (space.kind === 'vpc') body.vpc = { vpcId: space.vpcId }
    else if (space.kind === 'demo') body.vpc = { vpcId: DEMO_VPC_ID }
    else
      body.exports = {
        vpcs: readDocument(space.vpcs, '--vpcs'),
        subnets: readDocument(space.subnets, '--subnets'),
      }
  }
  return parseInput(SizingRequest, JSON.parse(JSON.stringify(body)))
}

/** In the one-group form, the API's field names become the flags that set them. */
function inFlags(error: unknown): unknown {
  if (!(error instanceof InvalidInputError)) return error
  const issues = error.issues.map((issue) => {
    const known = Object.keys(FLAG_OF_FIELD).find(
      (field) =>
        issue.field === field || issue.field.startsWith(`${field}.`) || issue.field.startsWith(`${field}[`),
    )
    if (!known) return issue
    const flag = FLAG_OF_FIELD[known] as string
    // A setting's own flag: --warm-ip-target for nodeGroups[0].settings.warmIpTarget.
    return flag === '--'
      ? settingsIssue({ ...issue, field: issue.field.slice(known.length + 1) })
      : { ...issue, field: flag, message: issue.message.replace(/\bdesiredNodes\b/, '--nodes') }
  })
  return new InvalidInputError(issues, { cause: error })
}

async function liveAws(access: AwsAccess, requestRegion: string | undefined) {
  // Loaded only for a live VPC: the EC2 client stays out of every other command's start-up.
  const [aws, { Ec2SubnetInventory }] = await Promise.all([
    import('./aws-clients.ts'),
    import('../lib/adapters/ec2/ec2-subnet-inventory.ts'),
  ])
  aws.adoptAwsEnvironment()
  const region = await aws.resolveRegion(access, requestRegion)
  const clients = aws.cliEc2Clients(access)
  const inventory: SubnetInventory & VpcCidrs = new Ec2SubnetInventory((where) => clients.forRegion(where))
  return {
    region,
    lookedIn: aws.regionAndProfile(region, access),
    inventory,
    destroy: () => clients.destroy(),
  }
}
