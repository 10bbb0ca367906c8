import { maxPods } from '../domain/max-pods.ts'
import { boundingResult } from '../domain/node-group.ts'
import { assessSubnets, type GroupContext, groupVerdict, worstVerdict } from '../domain/plan.ts'
import { podSubnetsWithoutNodes, zoneLookup, zonesWithoutPodSubnet } from '../domain/plan-placement.ts'
import { InvalidInputError, UnknownInstanceTypeError } from '../errors.ts'
import type { ClusterSource } from '../ports/cluster-source.ts'
import type { SubnetInventory } from '../ports/subnet-inventory.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import { type IpUsageResult, NodeHolding } from '../schemas/ip-usage.ts'
import { MaxPodsSettings } from '../schemas/max-pods.ts'
import { parseInput } from '../schemas/parse.ts'
import type { NodeGroupAssessment, NodeGroupPlan, PlanRequest, PlanResult } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { planCluster } from './cluster-plan.ts'
import type { InstanceTypesService } from './instance-types.ts'
import { ipUsage, splitPoolSettings } from './ip-usage.ts'
import { planConfiguration } from './plan-configuration.ts'
import { planRecommendations } from './plan-recommendations.ts'
import { analyseExports, type SubnetAnalysisService } from './subnet-analysis.ts'
import { unseenAddresses } from './unseen-addresses.ts'

/** Whether a cluster's node groups fit their subnets, and what would make them fit. */
export function createPlanService(deps: {
  instanceTypes: InstanceTypesService
  subnets: SubnetAnalysisService
  defaultRegion: string
  /** EKS (or the demo cluster): for plans of a cluster as it is. */
  clusters?: (region: string) => ClusterSource
  /** The subnets' tags, which Karpenter's subnet selectors match. */
  inventory?: (region: string) => SubnetInventory
}) {
  return {
    async plan(request: PlanRequest): Promise<PlanResult> {
      const region = request.region ?? deps.defaultRegion
      if (request.cluster !== undefined)
        return planCluster(request, request.cluster, region, { ...deps, evaluate })
      const nodeGroups = request.nodeGroups as NodeGroupPlan[]
      const analyses = await subnetsOf(request, region)
      const planned = await evaluate(nodeGroups, analyses, region)
      const result = { ...planned, warnings: [...unseenAddresses(analyses), ...planned.warnings] }
      if (!request.emit) return result
      const configuration = await planConfiguration(
        request.emit,
        { result: planned, nodeGroups, analyses },
        (groups, subnets) => evaluate(groups, subnets, region),
        null,
      )
      return { ...result, configuration }
    },

    /** The plan of node groups against subnets already analysed (sizing's proof: a layout with no ENIs yet). */
    evaluate,
  }

  /** `paths`: where each group came from in the request, for its complaints (default `nodeGroups[i]`). */
  async function evaluate(
    nodeGroups: readonly NodeGroupPlan[],
    analyses: SubnetAnalysis[],
    region: string,
    paths?: readonly string[],
  ): Promise<PlanResult> {
    {
      const warnings: string[] = []
      const groups: GroupContext[] = []
      for (const [index, group] of nodeGroups.entries()) {
        const where = paths?.[index] ?? `nodeGroups[${index}]`
        groups.push(await assessGroup(group, where, analyses, region, warnings))
      }
      const subnets = assessSubnets(
        analyses,
        groups.map((group) => group.assessment),
      )
      const recommendations = planRecommendations(
        groups,
        subnets,
        analyses,
        await deps.instanceTypes.list({}, region).then((answer) => answer.value),
      )
      return {
        verdict: worstVerdict([
          ...groups.map((group) => group.assessment.verdict),
          ...subnets.map((subnet) => subnet.verdict),
        ]),
        nodeGroups: groups.map((group) => group.assessment),
        subnets,
        recommendations,
        warnings,
      }
    }
  }

  async function subnetsOf(request: PlanRequest, region: string): Promise<SubnetAnalysis[]> {
    if (request.exports) {
      return analyseExports(request.exports).analyses
    }
    const selector = request.subnets as NonNullable<PlanRequest['subnets']>
    const chosen = selector.vpcId
      ? { vpcId: selector.vpcId }
      : selector.subnetIds
        ? { subnetIds: selector.subnetIds }
        : { cluster: selector.cluster as string }
    return (await deps.subnets.scan(chosen, region)).analyses
  }

  async function assessGroup(
    group: NodeGroupPlan,
    where: string,
    analyses: SubnetAnalysis[],
    region: string,
    warnings: string[],
  ): Promise<GroupContext> {
    const records = await Promise.all(
      group.instanceTypes.map((name, position) =>
        deps.instanceTypes.get(name, region).then(
          (answer) => answer.value.record,
          (error: unknown) => {
            if (!(error instanceof UnknownInstanceTypeError)) throw error
            throw new InvalidInputError([
              { field: `${where}.instanceTypes[${position}]`, message: error.message },
            ])
          },
        ),
      ),
    )
    const { kubeletMaxPods: setKubelet, ...settingsPatch } = group.settings ?? {}
    const settings = withFields(`${where}.settings`, () =>
      parseInput(MaxPodsSettings, splitPoolSettings(settingsPatch).settingsInput),
    )
    // A node group's kubelet max pods must hold on every type: the smallest wins.
    const bounding = boundingResult(records.map((record) => maxPods(record, settings)))
    const kubeletMaxPods = setKubelet ?? bounding.maxPods
    const usages = records.map((record) =>
      withFields(where, () => ipUsage(record, { ...settingsPatch, kubeletMaxPods, pods: group.pods })),
    )
    const hungriestIndex = usages.reduce(
      (best, usage, position) =>
        usage.ipv4Held > (usages[best] as IpUsageResult).ipv4Held ? position : best,
      0,
    )
    const usage = usages[hungriestIndex] as IpUsageResult
    const hungriest = records[hungriestIndex] as InstanceTypeRecord

    const subnetIds = chooseSubnets(group, where, analyses)
    const podSubnetIds = chosenPodSubnets(group, where, settings.customNetworking, subnetIds, analyses)
    if (settings.customNetworking && podSubnetIds.length === 0) {
      warnings.push(
        `${group.name}: custom networking without podSubnetIds: pod addresses are planned in the node subnets`,
      )
    }
    const idle = [...podSubnetsWithoutNodes(subnetIds, podSubnetIds, zoneLookup(analyses))].flatMap(
      ([zone, ids]) => ids.map((id) => `${id} (${zone})`),
    )
    if (idle.length > 0)
      warnings.push(
        `${group.name}: pod subnets ${idle.join(', ')} are in zones with none of its nodes: pods get ENIs in their node's zone, so these get nothing from it`,
      )
    warnings.push(...usage.warnings.map((warning) => `${group.name}: ${warning}`))
    // Pods without an address on any type of the group: the cause and the fix, beside the group's verdict.
    for (const each of usages)
      warnings.push(...each.errors.map((error) => `${group.name}: ${each.instanceType}: ${error}`))
    const assessment: NodeGroupAssessment = {
      name: group.name,
      instanceTypes: records.map((record) => record.instanceType),
      kubeletMaxPods,
      boundingInstanceType: bounding.instanceType,
      podsPerNode: usage.pods,
      mode: usage.mode,
      hungriestInstanceType: hungriest.instanceType,
      perNode: { steady: NodeHolding.parse(usage), peak: NodeHolding.parse(usage.peak) },
      desiredNodes: group.desiredNodes,
      maxNodes: group.maxNodes ?? group.desiredNodes,
      subnetIds,
      podSubnetIds,
      ...groupVerdict(
        usages.map((each) => ({ instanceType: each.instanceType, steady: each, peak: each.peak })),
      ),
    }
    return { plan: group, settings, assessment, records, hungriest, usage, usages }
  }
}
export type PlanService = ReturnType<typeof createPlanService>

function chooseSubnets(group: NodeGroupPlan, where: string, analyses: SubnetAnalysis[]): string[] {
  if (group.subnetIds) return knownSubnets(group.subnetIds, `${where}.subnetIds`, analyses)
  if (group.availabilityZones) {
    const inZones = analyses.filter((analysis) =>
      group.availabilityZones?.includes(analysis.availabilityZone),
    )
    if (inZones.length === 0)
      throw new InvalidInputError([
        { field: `${where}.availabilityZones`, message: 'no planned subnet is in these zones' },
      ])
    return inZones.map((analysis) => analysis.subnetId)
  }
  if (analyses.length === 0)
    throw new InvalidInputError([{ field: 'subnets', message: 'no IPv4 subnet to plan against' }])
  return analyses.map((analysis) => analysis.subnetId)
}

function knownSubnets(ids: string[], field: string, analyses: SubnetAnalysis[]): string[] {
  const known = new Set(analyses.map((analysis) => analysis.subnetId))
  const issues: FieldIssue[] = ids.flatMap((id, position) =>
    known.has(id)
      ? []
      : [{ field: `${field}[${position}]`, message: `'${id}' is not among the planned IPv4 subnets` }],
  )
  if (issues.length > 0) throw new InvalidInputError(issues)
  return ids
}

/**
 * Pod subnets only with custom networking, and one in every zone the group's nodes are in: an ENIConfig is
 * chosen by the node's zone and an ENI cannot leave its instance's zone.
 */
function chosenPodSubnets(
  group: NodeGroupPlan,
  where: string,
  customNetworking: boolean,
  subnetIds: string[],
  analyses: SubnetAnalysis[],
): string[] {
  if (!group.podSubnetIds) return []
  const field = `${where}.podSubnetIds`
  if (!customNetworking)
    throw new InvalidInputError([
      { field, message: 'pod subnets need custom networking (settings.customNetworking: true)' },
    ])
  const podSubnetIds = knownSubnets(group.podSubnetIds, field, analyses)
  const missing = zonesWithoutPodSubnet(subnetIds, podSubnetIds, zoneLookup(analyses))
  if (missing.size > 0)
    throw new InvalidInputError(
      [...missing].map(([zone, nodeSubnets]) => ({
        field,
        message: `no pod subnet in ${zone}, where nodes of this group run (${nodeSubnets.join(', ')}): pods get ENIs in their node's zone`,
      })),
    )
  return podSubnetIds
}

/** Runs a check and names the fields of its complaints under this plan's path. */
function withFields<T>(where: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(
        error.issues.map((issue) => ({ field: `${where}.${issue.field}`, message: issue.message })),
      )
    }
    if (error instanceof Error && error.name === 'ZodError') {
      throw new InvalidInputError([{ field: where, message: error.message }])
    }
    throw error
  }
}
