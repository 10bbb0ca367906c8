import { ADDRESSES_PER_PREFIX, prefixDelegationCapable } from '../domain/max-pods-terms.ts'
import { assessSubnet, demandsOn, subnetPrefixFor } from '../domain/plan.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageResult } from '../schemas/ip-usage.ts'
import type { Recommendation, SubnetAssessment } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { ipUsage } from './ip-usage.ts'
import type { GroupContext } from './plan.ts'

/** Fewer addresses than this per node is not worth a recommendation. */
const WORTH_SAVING_PER_NODE = 2

/**
 * Changes that would help, each with its effect computed by the same models as the plan: the pool
 * settings, prefix delegation, a prefix reservation, a larger subnet, another instance type.
 */
export function planRecommendations(
  groups: GroupContext[],
  subnets: SubnetAssessment[],
  analyses: SubnetAnalysis[],
  catalog: readonly InstanceTypeRecord[],
): Recommendation[] {
  const recommendations: Recommendation[] = []
  for (const group of groups) {
    recommendations.push(
      ...warmIpTarget(group),
      ...prefixDelegation(group, groups, analyses),
      ...instanceType(group, catalog),
    )
  }
  for (const subnet of subnets)
    recommendations.push(...prefixReservation(subnet, analyses), ...largerSubnet(subnet))
  return recommendations
}

function alternative(
  group: GroupContext,
  change: Record<string, unknown>,
  record = group.hungriest,
): IpUsageResult | undefined {
  try {
    return ipUsage(record, {
      ...group.plan.settings,
      kubeletMaxPods: group.assessment.kubeletMaxPods,
      pods: group.plan.pods,
      ...change,
    })
  } catch {
    return undefined
  }
}

function warmIpTarget(group: GroupContext): Recommendation[] {
  if (group.usage.mode !== 'warm-eni' && group.usage.mode !== 'warm-prefix') return []
  const pods = group.usage.pods
  // Keep a small warm pool above the pods the group runs, rather than whole ENIs or prefixes.
  const change = { warmIpTarget: Math.max(2, Math.ceil(pods * 0.1)), minimumIpTarget: pods }
  const after = alternative(group, change)
  if (!after) return []
  const saved = group.usage.ipv4Held - after.ipv4Held
  if (saved < WORTH_SAVING_PER_NODE) return []
  return [
    {
      kind: 'warm-ip-target',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: set WARM_IP_TARGET=${change.warmIpTarget} and MINIMUM_IP_TARGET=${change.minimumIpTarget} to hold ${after.ipv4Held} addresses per node instead of ${group.usage.ipv4Held}`,
      effect: {
        addressesPerNodeBefore: group.usage.ipv4Held,
        addressesPerNodeAfter: after.ipv4Held,
        addressesSavedAtMaxNodes: saved * group.assessment.maxNodes,
      },
    },
  ]
}

function prefixDelegation(
  group: GroupContext,
  groups: GroupContext[],
  analyses: SubnetAnalysis[],
): Recommendation[] {
  if (group.usage.mode !== 'warm-eni' && group.usage.mode !== 'warm-ip') return []
  if (!group.records.every(prefixDelegationCapable)) return []
  const after = alternative(group, { prefixDelegation: true })
  if (!after || after.mode === 'warm-eni' || after.mode === 'warm-ip') return []
  // Replay the plan with this group's nodes holding prefixes instead: does every subnet it uses still fit?
  const replaced = groups.map((other) =>
    other === group
      ? { ...other.assessment, perNode: { steady: after, peak: after.peak } }
      : other.assessment,
  )
  const verdicts = group.assessment.subnetIds.map((subnetId) => {
    const analysis = analyses.find((candidate) => candidate.subnetId === subnetId) as SubnetAnalysis
    return assessSubnet(analysis, demandsOn(subnetId, replaced)).verdict
  })
  // Only worth saying when it helps: fewer addresses per node, or every subnet then fits.
  const fitsEverySubnet = verdicts.every((verdict) => verdict !== 'does-not-fit')
  if (after.ipv4Held >= group.usage.ipv4Held && !fitsEverySubnet) return []
  return [
    {
      kind: 'prefix-delegation',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: with prefix delegation each node holds ${after.ipv4Held} addresses as ${after.prefixes} /28 prefixes (now ${group.usage.ipv4Held}); its subnets would then be: ${verdicts.join(', ')}`,
      effect: {
        addressesPerNodeAfter: after.ipv4Held,
        blocksPerNode: after.blocksNeeded,
        fitsEverySubnet,
      },
    },
  ]
}

function instanceType(group: GroupContext, catalog: readonly InstanceTypeRecord[]): Recommendation[] {
  const current = group.usage
  if (current.pods === 0) return []
  // Same size and architecture, so the swap changes the address profile, not the node's capacity.
  const { vcpus, architectures } = group.hungriest
  const family = catalog.filter(
    (record) =>
      record.vcpus === vcpus &&
      record.currentGeneration &&
      record.instanceType !== group.hungriest.instanceType &&
      record.architectures.some((architecture) => architectures.includes(architecture)),
  )
  let best: { record: InstanceTypeRecord; usage: IpUsageResult } | undefined
  for (const record of family) {
    const usage = alternative(group, {}, record)
    if (!usage || usage.pods !== current.pods) continue
    if (!best || usage.ipv4Held < best.usage.ipv4Held) best = { record, usage }
  }
  if (!best || current.ipv4Held - best.usage.ipv4Held < WORTH_SAVING_PER_NODE) return []
  return [
    {
      kind: 'instance-type',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: ${best.record.instanceType} runs the same ${current.pods} pods holding ${best.usage.ipv4Held} addresses per node, ${group.hungriest.instanceType} holds ${current.ipv4Held}`,
      effect: {
        instanceType: best.record.instanceType,
        addressesPerNodeBefore: current.ipv4Held,
        addressesPerNodeAfter: best.usage.ipv4Held,
      },
    },
  ]
}

function prefixReservation(subnet: SubnetAssessment, analyses: SubnetAnalysis[]): Recommendation[] {
  if (subnet.demand.blocks === 0 || subnet.verdict === 'fits') return []
  const addresses = subnet.demand.blocks * ADDRESSES_PER_PREFIX
  const prefixLength = 32 - Math.ceil(Math.log2(addresses))
  const analysis = analyses.find((candidate) => candidate.subnetId === subnet.subnetId)
  const largest = analysis?.largestFreeCidr ?? null
  const largestLength = largest ? Number(largest.split('/')[1]) : 33
  const fitsNow = largestLength <= prefixLength
  return [
    {
      kind: 'prefix-reservation',
      subnetId: subnet.subnetId,
      summary: fitsNow
        ? `${subnet.subnetId}: reserve a /${prefixLength} for prefixes (type prefix) inside ${largest} so the ${subnet.demand.blocks} /28s the nodes need stay free`
        : `${subnet.subnetId}: the ${subnet.demand.blocks} /28s need a /${prefixLength} prefix reservation, but the largest free aligned range is ${largest ?? 'none'}: drain the suggested instances first, or use another subnet`,
      effect: { prefixLength, blocksReserved: 2 ** (28 - prefixLength), fitsNow },
    },
  ]
}

function largerSubnet(subnet: SubnetAssessment): Recommendation[] {
  if (subnet.verdict !== 'does-not-fit') return []
  const prefixLength = subnetPrefixFor(subnet.demand.addresses)
  return [
    {
      kind: 'larger-subnet',
      subnetId: subnet.subnetId,
      summary: `${subnet.subnetId} cannot hold ${subnet.demand.addresses} addresses${subnet.demand.blocks ? ` and ${subnet.demand.blocks} /28s` : ''}: a /${prefixLength} (or an additional subnet of that size) would, with 20% headroom`,
      effect: { prefixLength, addressesNeeded: subnet.demand.addresses },
    },
  ]
}
