import { maxPods } from '../domain/max-pods.ts'
import { ADDRESSES_PER_PREFIX, prefixDelegationCapable } from '../domain/max-pods-terms.ts'
import { assessSubnets, type GroupContext, subnetPrefixFor } from '../domain/plan.ts'
import { subnetSupply } from '../domain/plan-supply.ts'
import { largestReservableCidr } from '../domain/subnet-analysis-ranges.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageResult } from '../schemas/ip-usage.ts'
import type { Recommendation, SubnetAssessment } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { ipUsage } from './ip-usage.ts'

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
  if (group.usage.podsWithoutAddress > 0) return warmIpTargetForStrandedPods(group)
  if (group.usage.mode !== 'warm-eni' && group.usage.mode !== 'warm-prefix') return []
  const pods = group.usage.pods
  // Keep a small warm pool above the pods the group runs, rather than whole ENIs or prefixes.
  const change = { warmIpTarget: smallWarmPool(pods), minimumIpTarget: pods }
  const after = alternative(group, change)
  if (!after || after.podsWithoutAddress > 0) return []
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

/** MINIMUM_IP_TARGET alone freezes the pool: a WARM_IP_TARGET beside it lets every pod have an address. */
function warmIpTargetForStrandedPods(group: GroupContext): Recommendation[] {
  const warmIpTarget = smallWarmPool(group.usage.pods)
  const after = alternative(group, { warmIpTarget })
  if (!after || after.podsWithoutAddress > 0) return []
  return [
    {
      kind: 'warm-ip-target',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: set WARM_IP_TARGET=${warmIpTarget} beside MINIMUM_IP_TARGET so the ${group.usage.podsWithoutAddress} pods per node left without an address get one; each node then holds ${after.ipv4Held} addresses (now ${group.usage.ipv4Held})`,
      effect: {
        warmIpTarget,
        podsWithoutAddressBefore: group.usage.podsWithoutAddress,
        addressesPerNodeBefore: group.usage.ipv4Held,
        addressesPerNodeAfter: after.ipv4Held,
      },
    },
  ]
}

function smallWarmPool(pods: number): number {
  return Math.max(2, Math.ceil(pods * 0.1))
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
  const touched = [...group.assessment.subnetIds, ...group.assessment.podSubnetIds]
  const verdicts = assessSubnets(analyses, replaced)
    .filter((subnet) => touched.includes(subnet.subnetId))
    .map((subnet) => subnet.verdict)
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

/**
 * Another type of the same size that holds fewer addresses. Same size keeps what the user has: vCPUs and
 * memory, architecture, burstable or not, max pods no lower, and the same pool mode (prefix delegation is
 * silently off on Xen types such as i3.large and t2.medium).
 */
function instanceType(group: GroupContext, catalog: readonly InstanceTypeRecord[]): Recommendation[] {
  const current = group.usage
  const now = group.hungriest
  if (current.pods === 0) return []
  const podsNow = maxPods(now, group.settings).maxPods
  let best: { record: InstanceTypeRecord; usage: IpUsageResult } | undefined
  for (const record of catalog) {
    if (!sameSize(record, now)) continue
    const usage = alternative(group, {}, record)
    if (!usage || usage.pods !== current.pods || usage.mode !== current.mode) continue
    if (usage.podsWithoutAddress > current.podsWithoutAddress) continue
    if (maxPods(record, group.settings).maxPods < podsNow) continue
    if (!best || usage.ipv4Held < best.usage.ipv4Held) best = { record, usage }
  }
  if (!best || current.ipv4Held - best.usage.ipv4Held < WORTH_SAVING_PER_NODE) return []
  const size = `${now.vcpus} vCPUs, ${(now.memoryMiB ?? 0) / 1024} GiB, ${best.record.architectures.join('/')}`
  return [
    {
      kind: 'instance-type',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: ${best.record.instanceType} (${size}, like ${now.instanceType}) runs the same ${current.pods} pods in ${current.mode} mode holding ${best.usage.ipv4Held} addresses per node, ${now.instanceType} holds ${current.ipv4Held}`,
      effect: {
        instanceType: best.record.instanceType,
        addressesPerNodeBefore: current.ipv4Held,
        addressesPerNodeAfter: best.usage.ipv4Held,
      },
    },
  ]
}

/** Unknown vCPUs or memory (types only the limits tables describe) cannot be called the same size. */
function sameSize(record: InstanceTypeRecord, now: InstanceTypeRecord): boolean {
  return (
    record.instanceType !== now.instanceType &&
    record.currentGeneration === true &&
    now.vcpus !== null &&
    now.memoryMiB !== null &&
    record.vcpus === now.vcpus &&
    record.memoryMiB === now.memoryMiB &&
    burstable(record) === burstable(now) &&
    record.architectures.some((architecture) => now.architectures.includes(architecture))
  )
}

/** T families run on CPU credits: a steady workload must not be moved onto one, nor the reverse unasked. */
function burstable(record: InstanceTypeRecord): boolean {
  return /^t\d/.test(record.family)
}

function prefixReservation(subnet: SubnetAssessment, analyses: SubnetAnalysis[]): Recommendation[] {
  if (subnet.demand.blocks === 0 || subnet.verdict === 'fits') return []
  const analysis = analyses.find((candidate) => candidate.subnetId === subnet.subnetId)
  // Free blocks already inside prefix reservations serve first: reserve only for the prefixes beyond them.
  const reserved = analysis ? subnetSupply(analysis).prefixReservationBlocks : 0
  const shortfall = subnet.demand.blocks - reserved
  if (shortfall <= 0) return []
  const addresses = shortfall * ADDRESSES_PER_PREFIX
  const prefixLength = 32 - Math.ceil(Math.log2(addresses))
  // A new reservation cannot overlap any existing one (EC2 refuses): look only at blocks outside them all.
  const largest = analysis ? largestReservableCidr(analysis) : null
  const largestLength = largest ? Number(largest.split('/')[1]) : 33
  const fitsNow = largestLength <= prefixLength
  return [
    {
      kind: 'prefix-reservation',
      subnetId: subnet.subnetId,
      summary: fitsNow
        ? `${subnet.subnetId}: reserve a /${prefixLength} for prefixes (type prefix) inside ${largest} so the ${shortfall} /28s the nodes need${reserved > 0 ? ' beyond the existing prefix reservations' : ''} stay free`
        : `${subnet.subnetId}: ${shortfall} more /28s need a /${prefixLength} prefix reservation, but the largest free aligned range is ${largest ?? 'none'}: drain the suggested instances first, or use another subnet`,
      effect: { prefixLength, blocksReserved: 2 ** (28 - prefixLength), fitsNow },
    },
  ]
}

function largerSubnet(subnet: SubnetAssessment): Recommendation[] {
  if (subnet.verdict !== 'does-not-fit') return []
  // Prefixes are addresses too: a /28 each.
  const addresses = subnet.demand.addresses + ADDRESSES_PER_PREFIX * subnet.demand.blocks
  const prefixLength = subnetPrefixFor(addresses)
  return [
    {
      kind: 'larger-subnet',
      subnetId: subnet.subnetId,
      summary: `${subnet.subnetId} cannot hold ${subnet.demand.addresses} addresses${subnet.demand.blocks ? ` and ${subnet.demand.blocks} /28s` : ''}: a /${prefixLength} (or an additional subnet of that size) would, with 20% headroom`,
      effect: { prefixLength, addressesNeeded: addresses },
    },
  ]
}
