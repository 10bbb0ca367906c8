import { Ec2SubnetInventory } from '../lib/adapters/ec2/ec2-subnet-inventory.ts'
import type { Command } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import type { SubnetSelector } from '../lib/ports/subnet-inventory.ts'
import { createSubnetAnalysisService, type SubnetScan } from '../lib/services/subnet-analysis.ts'
import {
  adoptAwsEnvironment,
  cliEc2Clients,
  profileOf,
  regionAndProfile,
  resolveRegion,
} from './aws-clients.ts'
import { awsMistake } from './aws-failure.ts'
import { currentEksCluster } from './kube-context.ts'
import { isEmptyScan } from './render-subnets.ts'
import { sortScan } from './subnets.ts'

type ScanCommand = Extract<Command, { name: 'subnets-scan' }>

/** A live scan, and where it looked: what an empty answer must say (`no subnets in ${searched}`). */
export interface LiveSubnetScan extends SubnetScan {
  /** e.g. `vpc-0abc (region eu-west-1, profile prod)`, or `region eu-west-1` for every subnet. */
  searched: string
}

/**
 * `subnets scan`: live, with the caller's AWS credentials, telling progress on stderr (unless --quiet).
 * Without a selector, the EKS cluster of the kube context (--context, else the current one), in that
 * cluster's region and, when neither --profile nor AWS_PROFILE is given, with the context's AWS profile.
 */
export async function scanLive(command: ScanCommand): Promise<LiveSubnetScan> {
  adoptAwsEnvironment()
  const progress = command.quiet ? () => {} : (message: string) => process.stderr.write(`scan: ${message}\n`)
  let selector: SubnetSelector
  let contextRegion: string | undefined
  let aws = command.aws
  let fromContext: string | undefined
  if (command.selector) selector = command.selector
  else {
    const { context, cluster, region, profile } = currentEksCluster(command.kube)
    selector = { cluster }
    contextRegion = region
    fromContext = context
    // kubectl reaches the cluster with that profile: so should we, unless told otherwise.
    const useProfile = profile !== undefined && profileOf(aws) === undefined
    if (useProfile) aws = { ...aws, profile }
    const where = `${region ? ` in ${region}` : ''}${useProfile ? ` with profile ${profile}` : ''}`
    progress(`cluster ${cluster}${where}, from the kube context ${context}`)
  }
  const region = await resolveRegion(aws, contextRegion)
  const lookedIn = regionAndProfile(region, aws)
  const clients = cliEc2Clients(aws)
  try {
    const service = createSubnetAnalysisService(
      () => new Ec2SubnetInventory((where) => clients.forRegion(where)),
      region,
    )
    const scan = sortScan(await service.scan(selector, region, progress))
    if ('cluster' in selector && isEmptyScan(scan))
      throw noClusterSubnets(selector.cluster, lookedIn, fromContext)
    return { ...scan, searched: searched(selector, lookedIn) }
  } catch (error) {
    throw awsMistake(error, lookedIn) ?? error
  } finally {
    clients.destroy()
  }
}

function searched(selector: SubnetSelector, lookedIn: string): string {
  if ('vpcId' in selector) return `${selector.vpcId} (${lookedIn})`
  if ('subnetIds' in selector) return `${selector.subnetIds.join(', ')} (${lookedIn})`
  if ('cluster' in selector) return `cluster ${selector.cluster} (${lookedIn})`
  return lookedIn
}

/**
 * A cluster is found by its subnets' tags, so a name no subnet carries is most likely a typo (or the wrong
 * region): a usage error, which says what was looked for.
 */
function noClusterSubnets(cluster: string, lookedIn: string, fromContext: string | undefined) {
  const tags = `kubernetes.io/cluster/${cluster} (or karpenter.sh/discovery=${cluster})`
  if (fromContext)
    return new InvalidInputError([
      {
        field: '',
        message: `the kube context ${fromContext} names the cluster ${cluster}, but no subnet is tagged ${tags} in ${lookedIn}; pass --vpc-id or --subnet-id`,
      },
    ])
  return new InvalidInputError([
    {
      field: '--cluster',
      message: `no subnet tagged ${tags} in ${lookedIn}; check the name and the region, or pass --vpc-id`,
    },
  ])
}
