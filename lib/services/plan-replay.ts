import { maxPods } from '../domain/max-pods.ts'
import { boundingResult } from '../domain/node-group.ts'
import type { GroupContext } from '../domain/plan.ts'
import type { IpUsageResult, NodeHolding } from '../schemas/ip-usage.ts'
import { MaxPodsSettings } from '../schemas/max-pods.ts'
import { parseInput } from '../schemas/parse.ts'
import { ipUsage, splitPoolSettings } from './ip-usage.ts'

/** A node group after a change of its settings, every type computed again by the model the plan uses. */
export interface Replay {
  kubeletMaxPods: number
  /** What a node of each type holds, in the order of the group's types. */
  usages: IpUsageResult[]
  /** The type that then holds the most: plans size for it. */
  hungriest: IpUsageResult
}

/** The group with `change` applied to its settings; undefined if the settings cannot run. */
export function replay(group: GroupContext, change: Record<string, unknown>): Replay | undefined {
  const { kubeletMaxPods: setKubelet, ...fields } = { ...group.plan.settings, ...change }
  try {
    // Kubelet max pods follows the settings (prefix delegation raises it to 110 on m5.large) unless the
    // group sets it; the group's smallest, as for the plan itself.
    const settings = parseInput(MaxPodsSettings, splitPoolSettings(fields).settingsInput)
    const kubeletMaxPods =
      setKubelet ?? boundingResult(group.records.map((record) => maxPods(record, settings))).maxPods
    const usages = group.records.map((record) =>
      ipUsage(record, { ...fields, kubeletMaxPods, pods: group.plan.pods }),
    )
    return { kubeletMaxPods, usages, hungriest: hungriestOf(usages) }
  } catch {
    return undefined
  }
}

function hungriestOf(usages: readonly IpUsageResult[]): IpUsageResult {
  return usages.reduce((best, usage) => (usage.ipv4Held > best.ipv4Held ? usage : best))
}

/**
 * Whether a change leaves pods without an address: any in the steady state, on any type, rules it out;
 * so do more at kubelet max pods than the group has now (a fix must not move the problem to the peak).
 */
export function strandsPods(group: GroupContext, after: readonly IpUsageResult[]): boolean {
  if (after.some((usage) => usage.podsWithoutAddress > 0)) return true
  return worstAtMaxPods(after).podsWithoutAddress > worstAtMaxPods(group.usages).podsWithoutAddress
}

/** The type's peak that leaves the most pods without an address. */
export function worstAtMaxPods(usages: readonly IpUsageResult[]): NodeHolding {
  return usages
    .map((usage) => usage.peak)
    .reduce((worst, peak) => (peak.podsWithoutAddress > worst.podsWithoutAddress ? peak : worst))
}

/** Said after a change that still leaves pods without an address at kubelet max pods (as many as now, or fewer). */
export function stillWithoutAddress(after: readonly IpUsageResult[]): string {
  const peak = worstAtMaxPods(after)
  if (peak.podsWithoutAddress === 0) return ''
  return `; at kubelet max pods ${peak.podsWithoutAddress} of ${peak.pods} pods per node would still get no address`
}

/** What the plan charges a node: with custom networking, its primary ENI's address in the node subnet too. */
export function addressesPerNode(held: NodeHolding): number {
  return held.ipv4Held + held.ipv4HeldNodeSubnet
}
