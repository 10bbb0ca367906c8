import { InvalidInputError } from '../errors.ts'
import type { ClusterFacts, ClusterSource } from '../ports/cluster-source.ts'
import type { SubnetInventory } from '../ports/subnet-inventory.ts'
import type { NodeGroupPlan, PlanRequest, PlanResult } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { clusterCni } from './cluster-cni.ts'
import { ipv4SubnetsOf, karpenterNodeGroups, managedNodeGroups } from './cluster-plan-inputs.ts'
import type { InstanceTypesService } from './instance-types.ts'
import { planConfiguration } from './plan-configuration.ts'
import type { SubnetAnalysisService } from './subnet-analysis.ts'
import { unseenAddresses } from './unseen-addresses.ts'

export interface ClusterPlanDeps {
  instanceTypes: InstanceTypesService
  subnets: SubnetAnalysisService
  clusters?: (region: string) => ClusterSource
  inventory?: (region: string) => SubnetInventory
  /** The plan itself, of node groups against analysed subnets. */
  evaluate: (
    nodeGroups: readonly NodeGroupPlan[],
    analyses: SubnetAnalysis[],
    region: string,
    paths?: readonly string[],
  ) => Promise<PlanResult>
}

/**
 * A cluster as it is: its node groups read from EKS (and Karpenter's exports), its CNI settings from the
 * add-on or aws-node, its VPC's subnets from EC2; planned at max size, and again at today's size.
 */
export async function planCluster(
  request: PlanRequest,
  name: string,
  region: string,
  deps: ClusterPlanDeps,
): Promise<PlanResult> {
  const { evaluate } = deps
  if (!deps.clusters) throw new Error('this plan service reads no clusters')
  const facts = await deps.clusters(region).describe(name, region)
  const catalog = new Map(
    (await deps.instanceTypes.list({}, region)).value.map((record) => [record.instanceType, record]),
  )
  const inventory = deps.inventory?.(region)
  if (!inventory) throw new Error('this plan service reads no subnet tags')
  // The VPC's subnets, with their tags (Karpenter selects by them); the analysis comes after.
  const vpcSubnets = await inventory.subnets({ vpcId: facts.vpcId }, region)
  const cni = withField('awsNode', () => clusterCni(facts, request.awsNode))
  const pods = request.pods ?? 'max'
  const parts = [managedNodeGroups(facts, cni, catalog, ipv4SubnetsOf(vpcSubnets), pods)]
  if (request.karpenter !== undefined)
    parts.push(
      withField('karpenter', () =>
        karpenterNodeGroups(request.karpenter, cni, catalog, vpcSubnets, pods, runningPerGroup(facts)),
      ),
    )
  // The plan places every planned group's nodes again at its planned size: their addresses must not count twice.
  const clusterGroups = new Set(parts.flatMap((part) => part.nodeGroups.map((group) => group.name)))
  const ownNodes = new Set(
    facts.nodes
      .filter((node) => node.nodeGroup !== null && clusterGroups.has(node.nodeGroup))
      .map((node) => node.instanceId),
  )
  const scan = await deps.subnets.scan({ vpcId: facts.vpcId }, region, undefined, ownNodes)
  const analyses = scan.analyses
  const own = parts.flatMap((part) => part.nodeGroups)
  // Groups planned beside the cluster's run the cluster's CNI, as every node of it does; their own settings win.
  const planned = (request.nodeGroups ?? []).map((group) => ({
    ...group,
    settings: { ...cni.settings, cniVersion: cni.cniVersion, ...group.settings },
  }))
  const clashes = planned.flatMap((group, index) =>
    clusterGroups.has(group.name)
      ? [
          {
            field: `nodeGroups[${index}].name`,
            message: `'${group.name}' is already a node group of ${name}`,
          },
        ]
      : [],
  )
  if (clashes.length > 0) throw new InvalidInputError(clashes)
  const nodeGroups = [...own, ...planned]
  const paths = [
    ...own.map((group) => `cluster(${group.name})`),
    ...planned.map((_, index) => `nodeGroups[${index}]`),
  ]
  if (nodeGroups.length === 0)
    throw new InvalidInputError([
      {
        field: 'cluster',
        message: `${name} has no node group to plan (${[...cni.warnings, ...parts.flatMap((part) => part.warnings)].join('; ') || 'no managed node groups; give Karpenter exports for its node pools'})`,
      },
    ])
  const atMax = await evaluate(nodeGroups, analyses, region, paths)
  const today = await evaluate(
    nodeGroups.map((group) => ({ ...group, maxNodes: group.desiredNodes })),
    analyses,
    region,
    paths,
  )
  const sources = [
    ...cni.sources,
    {
      input: 'subnets',
      source: `EC2: the ${analyses.length} IPv4 subnets of ${facts.vpcId}, the cluster's VPC`,
    },
    {
      input: 'existing nodes',
      source: `${ownNodes.size} instances of the planned node groups left out of the supply (${scan.leftOut?.enis ?? 0} ENIs, ${scan.leftOut?.addresses ?? 0} addresses), as the plan places them again${otherNodes(facts, ownNodes.size)}`,
    },
    ...parts.flatMap((part) => part.sources),
    ...(request.nodeGroups ?? []).map((group) => ({
      input: `node group ${group.name}`,
      source: 'the request',
    })),
  ]
  const result: PlanResult = {
    cluster: {
      name: facts.name,
      region,
      vpcId: facts.vpcId,
      kubernetesVersion: facts.kubernetesVersion,
      sources,
      today: {
        verdict: today.verdict,
        nodeGroups: nodeGroups.map((group) => ({ name: group.name, nodes: group.desiredNodes })),
        subnets: today.subnets.map(({ subnetId, verdict, utilization }) => ({
          subnetId,
          verdict,
          utilization,
        })),
      },
    },
    ...atMax,
    warnings: [
      ...cni.warnings,
      ...parts.flatMap((part) => part.warnings),
      ...unseenAddresses(analyses),
      ...atMax.warnings,
    ],
  }
  if (!request.emit) return result
  const cluster = {
    name: facts.name,
    region,
    env: cni.env,
    sources: cni.sources.map((source) =>
      source.input === 'vpc-cni version' ? `version ${source.source}` : source.source,
    ),
    scaling: new Map(facts.nodeGroups.map((group) => [group.name, group.scaling])),
  }
  const configuration = await planConfiguration(
    request.emit,
    { result: atMax, nodeGroups, analyses },
    (groups, subnets) => evaluate(groups, subnets, region, paths),
    cluster,
  )
  return { ...result, configuration }
}

/** A reader's complaints about one field of the request, named under that field. */
function withField<T>(field: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    throw new InvalidInputError(
      error.issues.map((issue) => ({
        field: issue.field.startsWith(field) ? issue.field : `${field}.${issue.field}`,
        message: issue.message,
      })),
      { cause: error },
    )
  }
}

function otherNodes(facts: ClusterFacts, own: number): string {
  const others = facts.nodes.length - own
  return others > 0 ? `; ${others} other instances of the cluster stay as they are` : ''
}

function runningPerGroup(facts: ClusterFacts): Map<string, number> {
  const counts = new Map<string, number>()
  for (const node of facts.nodes)
    if (node.nodeGroup !== null) counts.set(node.nodeGroup, (counts.get(node.nodeGroup) ?? 0) + 1)
  return counts
}
