import type { EmittedConfiguration, NodeGroupConfiguration } from '../domain/emit/configuration-input.ts'
import { emitConfiguration } from '../domain/emit/emit-configuration.ts'
import type { EmitFormat } from '../schemas/emit-formats.ts'
import type { NodeGroupPlan, PlanResult, Verdict } from '../schemas/plan.ts'
import { VERDICTS } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { cniEnvOf } from './configuration.ts'

// A plan's configuration. The vpc-cni add-on is one per cluster, while a plan recommends settings per node
// group: a recommended setting is written only after the whole plan is run again with it on every node
// group and comes out no worse anywhere; otherwise the snippet keeps today's settings and a note says why.

export interface PlanCluster {
  name: string
  region: string
  /** The add-on's configured variables (not its defaults). */
  env: Record<string, string>
  sources: string[]
  /** The managed node groups' scaling config, which eksctl and Terraform write back. */
  scaling: ReadonlyMap<string, { minSize: number; desiredSize: number; maxSize: number }>
}

type Evaluate = (nodeGroups: readonly NodeGroupPlan[], analyses: SubnetAnalysis[]) => Promise<PlanResult>
type Settings = NonNullable<NodeGroupPlan['settings']>

export async function planConfiguration(
  format: EmitFormat,
  plan: { result: PlanResult; nodeGroups: readonly NodeGroupPlan[]; analyses: SubnetAnalysis[] },
  evaluate: Evaluate,
  cluster: PlanCluster | null,
): Promise<EmittedConfiguration> {
  const { result, nodeGroups, analyses } = plan
  const notes: string[] = []
  const sources = [...(cluster?.sources ?? [])]
  // A cluster's groups already run its add-on's settings; a planned cluster's groups each name their own.
  const today = cluster ? {} : groupsCni(nodeGroups, notes)
  const change = recommendedSettings(result)
  /** The plan again with these settings on every node group: null when no group's settings change. */
  const onEveryGroup = async (settings: Partial<Settings>) => {
    const changed = nodeGroups.map((group) => ({ ...group, settings: { ...group.settings, ...settings } }))
    const same = changed.every((group, index) => sameCni(group.settings, nodeGroups[index]?.settings ?? {}))
    if (same) return null
    const replanned = await evaluate(changed, analyses)
    return { replanned, worse: worseThan(replanned, result) }
  }
  let chosen = result
  let settings: Partial<Settings> = today
  const recommended = { ...today, ...change.settings }
  const tried = Object.keys(change.settings).length > 0 ? await onEveryGroup(recommended) : null
  if (tried && tried.worse.length === 0) {
    chosen = tried.replanned
    settings = recommended
    sources.push(
      `recommended for ${change.groups.join(', ')}: ${envWords(change.settings)}; checked with it on every node group (the add-on is one per cluster): the plan is then ${tried.replanned.verdict} (now ${result.verdict})`,
    )
  } else {
    if (tried)
      notes.push(
        `Not written: ${envWords(change.settings)}, recommended for ${change.groups.join(', ')}. The add-on is one per cluster, and with it on every node group ${tried.worse.join('; ')}.`,
      )
    const asToday = await onEveryGroup(today)
    if (asToday && asToday.worse.length > 0)
      notes.push(
        `The node groups are planned with different settings, and the add-on holds one of each: with ${envWords(today)} on every node group ${asToday.worse.join('; ')}.`,
      )
    if (asToday) chosen = asToday.replanned
  }
  const env = { ...(cluster?.env ?? {}), ...cniEnvOf(settings) }
  const nodeGroupsOut: NodeGroupConfiguration[] = chosen.nodeGroups.map((assessment) => {
    const before = result.nodeGroups.find((group) => group.name === assessment.name)
    const moved = before && before.kubeletMaxPods !== assessment.kubeletMaxPods
    return {
      name: assessment.name,
      instanceTypes: assessment.instanceTypes,
      maxPods: assessment.kubeletMaxPods,
      maxPodsSource: moved
        ? `kubelet max pods with the settings written here (now ${before.kubeletMaxPods}), bounded by ${assessment.boundingInstanceType}`
        : `the plan's kubelet max pods, bounded by ${assessment.boundingInstanceType}`,
      // Only a cluster's own groups have a known minimum; a planned group's scaling is the user's to write.
      ...(cluster?.scaling.has(assessment.name) ? { scaling: cluster.scaling.get(assessment.name) } : {}),
      subnetIds: assessment.subnetIds,
    }
  })
  const emitted = emitConfiguration(format, {
    clusterName: cluster?.name ?? null,
    region: cluster?.region ?? null,
    nodeGroups: nodeGroupsOut,
    cni: { env, sources },
  })
  return { ...emitted, notes: [...notes, ...emitted.notes] }
}

/** The settings the plan's recommendations set, merged over the groups (the larger value where they differ). */
function recommendedSettings(result: PlanResult): { settings: Partial<Settings>; groups: string[] } {
  const settings: Record<string, number | boolean> = {}
  const groups: string[] = []
  for (const recommendation of result.recommendations) {
    if (!recommendation.settings || !recommendation.nodeGroup) continue
    groups.push(recommendation.nodeGroup)
    for (const [field, value] of Object.entries(recommendation.settings)) {
      const known = settings[field]
      settings[field] =
        typeof value === 'number' && typeof known === 'number' ? Math.max(known, value) : value
    }
  }
  return { settings: settings as Partial<Settings>, groups: [...new Set(groups)] }
}

/**
 * A planned cluster's CNI settings, one value of each as the add-on holds them: where its groups differ,
 * the larger (more warm addresses never strands a pod), said in a note.
 */
function groupsCni(nodeGroups: readonly NodeGroupPlan[], notes: string[]): Partial<Settings> {
  const settings: Record<string, number | boolean> = {}
  for (const field of CNI_FIELDS) {
    const values = nodeGroups.map((group) => group.settings?.[field])
    const given = values.filter((value) => value !== undefined) as (number | boolean)[]
    if (given.length === 0) continue
    const chosen = given.reduce((a, b) =>
      typeof a === 'number' && typeof b === 'number' ? Math.max(a, b) : a || b,
    )
    settings[field] = chosen
    if (new Set(values).size > 1)
      notes.push(
        `${field}: the node groups are planned with different values (${nodeGroups.map((group, index) => `${group.name}: ${values[index] ?? 'unset'}`).join(', ')}); the add-on holds one, so ${chosen} is written`,
      )
  }
  return settings as Partial<Settings>
}

/** The settings the aws-node environment decides (the rest belong to the bootstrap or the kubelet). */
const CNI_FIELDS = [
  'prefixDelegation',
  'customNetworking',
  'securityGroupsForPods',
  'maxEni',
  'warmEniTarget',
  'warmIpTarget',
  'minimumIpTarget',
  'warmPrefixTarget',
] as const satisfies readonly (keyof Settings)[]

function sameCni(a: Partial<Settings>, b: Partial<Settings>): boolean {
  return CNI_FIELDS.every((field) => a[field] === b[field])
}

function envWords(settings: Partial<Settings>): string {
  return Object.entries(cniEnvOf(settings))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ')
}

/** What got worse: the plan, a node group or a subnet whose verdict is worse than before. */
function worseThan(after: PlanResult, before: PlanResult): string[] {
  const rank = (verdict: Verdict) => VERDICTS.indexOf(verdict)
  const worse: string[] = []
  for (const group of after.nodeGroups) {
    const was = before.nodeGroups.find((candidate) => candidate.name === group.name)
    if (was && rank(group.verdict) > rank(was.verdict))
      worse.push(`node group ${group.name} would be ${group.verdict} (now ${was.verdict})`)
  }
  for (const subnet of after.subnets) {
    const was = before.subnets.find((candidate) => candidate.subnetId === subnet.subnetId)
    if (was && rank(subnet.verdict) > rank(was.verdict))
      worse.push(`${subnet.subnetId} would be ${subnet.verdict} (now ${was.verdict})`)
  }
  if (worse.length === 0 && rank(after.verdict) > rank(before.verdict))
    worse.push(`the plan would be ${after.verdict} (now ${before.verdict})`)
  return worse
}
