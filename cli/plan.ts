import { DemoClusterSource } from '../lib/adapters/demo/demo-cluster.ts'
import { DEMO_CLUSTER, DemoVpcInventory } from '../lib/adapters/demo/demo-vpc.ts'
import type { AwsAccess, ClusterToPlan, Command } from '../lib/commands/grammar.ts'
import { InvalidInputError, UnknownClusterError } from '../lib/errors.ts'
import type { ClusterSource } from '../lib/ports/cluster-source.ts'
import type { SubnetInventory } from '../lib/ports/subnet-inventory.ts'
import { parseInput } from '../lib/schemas/parse.ts'
import { PlanRequest, type PlanResult } from '../lib/schemas/plan.ts'
import type { InstanceTypesService } from '../lib/services/instance-types.ts'
import { createPlanService } from '../lib/services/plan.ts'
import { createSubnetAnalysisService } from '../lib/services/subnet-analysis.ts'
import { awsMistake } from './aws-failure.ts'
import { readDocument, readDocuments } from './read-document.ts'
import { readExports } from './subnets.ts'

type PlanCommand = Extract<Command, { name: 'plan' }>

/** The demo VPC, its cluster and export files belong to no region; the plan still names one. */
const OFFLINE_REGION = 'us-east-1'

/**
 * `plan FILE`: a planned cluster (YAML or JSON, the API's body) against exports, the demo VPC, or live EC2.
 * `plan [--cluster NAME]`: the cluster as it is, from EKS and EC2 (or the demo cluster).
 */
export async function runPlan(
  command: PlanCommand,
  instanceTypes: InstanceTypesService,
): Promise<PlanResult> {
  if (command.file === undefined) return runClusterPlan(command, instanceTypes)
  const raw = readDocument(command.file, 'plan')
  const mapping = typeof raw === 'object' && raw !== null && !Array.isArray(raw)
  // Exports and --emit on the command line stand in for the plan's own; anything but a mapping is left to
  // the schema, whose complaint names the shape a plan must have.
  const body = mapping
    ? {
        ...raw,
        ...(command.exports ? { subnets: undefined, exports: readExports(command.exports) } : {}),
        ...(command.emit ? { emit: command.emit } : {}),
      }
    : raw
  const request = parseInput(PlanRequest, JSON.parse(JSON.stringify(body ?? null)))
  // The demo VPC and exports need no account; live, the region is --region, the plan's own, or the SDK's chain.
  const live = command.demo || command.exports ? undefined : await liveAws(command.aws, request.region)
  const region = live?.region ?? command.aws.region ?? request.region ?? OFFLINE_REGION
  const inventory = live?.inventory ?? new DemoVpcInventory()
  try {
    return await planService(instanceTypes, inventory, region).plan({ ...request, region })
  } catch (error) {
    throw live ? live.explain(error) : error
  } finally {
    live?.destroy()
  }
}

async function runClusterPlan(
  command: PlanCommand,
  instanceTypes: InstanceTypesService,
): Promise<PlanResult> {
  const cluster = command.cluster as ClusterToPlan
  const request = {
    ...(cluster.awsNode ? { awsNode: readDocument(cluster.awsNode, '--aws-node') } : {}),
    ...(cluster.karpenter ? { karpenter: readDocuments(cluster.karpenter, '--karpenter') } : {}),
    ...(cluster.pods !== undefined ? { pods: cluster.pods } : {}),
    ...(command.emit ? { emit: command.emit } : {}),
  }
  if (command.demo) {
    const inventory = new DemoVpcInventory()
    const plans = planService(instanceTypes, inventory, OFFLINE_REGION, new DemoClusterSource())
    const name = cluster.name ?? DEMO_CLUSTER
    return plans
      .plan(parseInput(PlanRequest, { ...request, cluster: name, region: OFFLINE_REGION }))
      .catch((error) => {
        throw inFlags(unknownCluster(error, OFFLINE_REGION))
      })
  }
  let aws = command.aws
  let name = cluster.name
  let contextRegion: string | undefined
  if (name === undefined) {
    const { currentEksCluster } = await import('./kube-context.ts')
    const context = currentEksCluster(command.kube)
    name = context.cluster
    contextRegion = context.region
    // kubectl reaches the cluster with that profile: so should we, unless told otherwise.
    if (context.profile !== undefined && aws.profile === undefined && !process.env.AWS_PROFILE)
      aws = { ...aws, profile: context.profile }
  }
  const live = await liveAws(aws, contextRegion)
  try {
    const plans = planService(instanceTypes, live.inventory, live.region, live.clusters)
    return await plans.plan(parseInput(PlanRequest, { ...request, cluster: name, region: live.region }))
  } catch (error) {
    throw inFlags(live.explain(unknownCluster(error, live.lookedIn)))
  } finally {
    live.destroy()
  }
}

function planService(
  instanceTypes: InstanceTypesService,
  inventory: SubnetInventory,
  region: string,
  clusters?: ClusterSource,
) {
  return createPlanService({
    instanceTypes,
    subnets: createSubnetAnalysisService(() => inventory, region),
    defaultRegion: region,
    inventory: () => inventory,
    ...(clusters ? { clusters: () => clusters } : {}),
  })
}

/** The request's fields a cluster plan's flags fill, named as the flags: `--aws-node: …`, not `awsNode: …`. */
const FLAG_OF_FIELD: Record<string, string> = {
  awsNode: '--aws-node',
  karpenter: '--karpenter',
  pods: '--pods',
  cluster: '--cluster',
}

function inFlags(error: unknown): unknown {
  if (!(error instanceof InvalidInputError)) return error
  const renamed = error.issues.map((issue) => {
    const [head = '', ...rest] = issue.field.split('.')
    const flag = FLAG_OF_FIELD[head]
    if (!flag) return issue
    // Where in the file, when the complaint is about a part of it (the reader names the whole `daemonSet`).
    const inside = rest.filter((part, index) => index > 0 || part !== 'daemonSet').join('.')
    return { field: flag, message: inside ? `${inside}: ${issue.message}` : issue.message }
  })
  return new InvalidInputError(renamed, { cause: error })
}

/** A cluster name EKS does not know is a usage mistake: say where it was looked for. */
function unknownCluster(error: unknown, lookedIn: string): unknown {
  if (!(error instanceof UnknownClusterError)) return error
  return new InvalidInputError(
    [{ field: '--cluster', message: `no EKS cluster '${error.cluster}' in ${lookedIn}` }],
    { cause: error },
  )
}

async function liveAws(access: AwsAccess, knownRegion: string | undefined) {
  // Loaded only for a live plan: the AWS clients stay out of every other command's start-up.
  const [aws, { Ec2SubnetInventory }, { EksClusterSource }] = await Promise.all([
    import('./aws-clients.ts'),
    import('../lib/adapters/ec2/ec2-subnet-inventory.ts'),
    import('../lib/adapters/eks/eks-cluster-source.ts'),
  ])
  aws.adoptAwsEnvironment()
  const region = await aws.resolveRegion(access, knownRegion)
  const lookedIn = aws.regionAndProfile(region, access)
  const ec2 = aws.cliEc2Clients(access)
  const eks = aws.cliEksClients(access)
  return {
    region,
    lookedIn,
    inventory: new Ec2SubnetInventory((where) => ec2.forRegion(where)),
    clusters: new EksClusterSource({
      eks: (where) => eks.forRegion(where),
      ec2: (where) => ec2.forRegion(where),
    }),
    destroy: () => {
      ec2.destroy()
      eks.destroy()
    },
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
