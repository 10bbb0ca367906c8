import { maxPods } from '../domain/max-pods.ts'
import type { GroupContext } from '../domain/plan.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageRequest, IpUsageResult } from '../schemas/ip-usage.ts'
import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import type { Recommendation } from '../schemas/plan.ts'
import { ipUsage } from './ip-usage.ts'
import { addressesPerNode } from './plan-replay.ts'

/** Fewer addresses than this per node is not worth a recommendation. */
export const WORTH_SAVING_PER_NODE = 2

/** The type a group runs (its hungriest), as a replacement must match it. */
export interface Incumbent {
  record: InstanceTypeRecord
  settings: MaxPodsSettings
  /** What ipUsage is asked for the group: its settings, its kubelet max pods and its pods. */
  request: Omit<IpUsageRequest, 'instanceType' | 'region'>
  usage: IpUsageResult
}

/** Each way a candidate differs from what the group has; none: it may replace it. */
export type ReplacementProblem =
  | 'same type'
  | 'generation'
  | 'size unknown'
  | 'vcpus'
  | 'memory'
  | 'cpu credits'
  | 'architecture'
  | 'max pods'
  | 'settings'
  | 'pool mode'
  | 'pods without address'

/**
 * Same size keeps what the user has: a current generation, the vCPUs and memory, an architecture in common,
 * burstable or not, max pods no lower, the same pool mode (prefix delegation is silently off on Xen types
 * such as i3.large and t2.medium), and no pod left without an address that has one now. Every problem is
 * named, with the candidate's holding when it could be computed.
 */
export function replacementProblems(
  incumbent: Incumbent,
  candidate: InstanceTypeRecord,
): { problems: ReplacementProblem[]; usage?: IpUsageResult } {
  const now = incumbent.record
  const problems: ReplacementProblem[] = []
  const add = (problem: ReplacementProblem, when: boolean) => {
    if (when) problems.push(problem)
  }
  add('same type', candidate.instanceType === now.instanceType)
  add('generation', candidate.currentGeneration !== true)
  // Unknown vCPUs or memory (types only the limits tables describe) cannot be called the same size.
  add('size unknown', [now.vcpus, now.memoryMiB, candidate.vcpus, candidate.memoryMiB].includes(null))
  add('vcpus', candidate.vcpus !== now.vcpus)
  add('memory', candidate.memoryMiB !== now.memoryMiB)
  add('cpu credits', burstable(candidate) !== burstable(now))
  add('architecture', !candidate.architectures.some((each) => now.architectures.includes(each)))
  add('max pods', maxPods(candidate, incumbent.settings).maxPods < maxPods(now, incumbent.settings).maxPods)
  let usage: IpUsageResult | undefined
  try {
    usage = ipUsage(candidate, incumbent.request)
  } catch {
    problems.push('settings')
    return { problems }
  }
  add('pool mode', usage.mode !== incumbent.usage.mode)
  add(
    'pods without address',
    usage.podsWithoutAddress > 0 || usage.peak.podsWithoutAddress > incumbent.usage.peak.podsWithoutAddress,
  )
  return { problems, usage }
}

/** T families run on CPU credits: a steady workload must not be moved onto one, nor the reverse unasked. */
function burstable(record: InstanceTypeRecord): boolean {
  return /^t\d/.test(record.family)
}

/** Another type of the same size that holds fewer addresses, at the group's kubelet max pods. */
export function instanceTypeRecommendation(
  group: GroupContext,
  catalog: readonly InstanceTypeRecord[],
): Recommendation[] {
  const now = group.hungriest
  const current = group.usage
  if (current.pods === 0) return []
  const incumbent: Incumbent = {
    record: now,
    settings: group.settings,
    request: {
      ...group.plan.settings,
      kubeletMaxPods: group.assessment.kubeletMaxPods,
      pods: group.plan.pods,
    },
    usage: current,
  }
  let best: { record: InstanceTypeRecord; usage: IpUsageResult } | undefined
  for (const record of catalog) {
    // Cheap first: most of the catalog is another size, and holdings cost a pool model each.
    if (record.vcpus !== now.vcpus || record.memoryMiB !== now.memoryMiB) continue
    const { problems, usage } = replacementProblems(incumbent, record)
    if (problems.length > 0 || !usage) continue
    if (!best || addressesPerNode(usage) < addressesPerNode(best.usage)) best = { record, usage }
  }
  const before = addressesPerNode(current)
  if (!best || before - addressesPerNode(best.usage) < WORTH_SAVING_PER_NODE) return []
  const after = addressesPerNode(best.usage)
  const size = `${now.vcpus} vCPUs, ${(now.memoryMiB ?? 0) / 1024} GiB, ${best.record.architectures.join('/')}`
  return [
    {
      kind: 'instance-type',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: ${best.record.instanceType} (${size}, like ${now.instanceType}) runs the same ${current.pods} pods in ${current.mode} mode holding ${after} addresses per node, ${now.instanceType} holds ${before}`,
      effect: {
        instanceType: best.record.instanceType,
        addressesPerNodeBefore: before,
        addressesPerNodeAfter: after,
      },
    },
  ]
}
