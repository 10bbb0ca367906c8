import { ADDRESSES_PER_PREFIX, prefixDelegationCapable } from '../domain/max-pods-terms.ts'
import { assessSubnets, type GroupContext, subnetPrefixFor } from '../domain/plan.ts'
import { subnetSupply } from '../domain/plan-supply.ts'
import { largestReservableCidr } from '../domain/subnet-analysis-ranges.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { Recommendation, SubnetAssessment } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { instanceTypeRecommendation, WORTH_SAVING_PER_NODE } from './plan-replacement.ts'
import { addressesPerNode, replay, stillWithoutAddress, strandsPods, worstAtMaxPods } from './plan-replay.ts'

/**
 * Changes that would help, each with its effect computed by the same models as the plan: the pool
 * settings, prefix delegation, a prefix reservation, a larger subnet, another instance type. A change of
 * settings or type is computed again on every type of the group, and never offered if it leaves pods
 * without an address.
 */
export function planRecommendations(
  groups: GroupContext[],
  subnets: SubnetAssessment[],
  analyses: SubnetAnalysis[],
  catalog: readonly InstanceTypeRecord[],
): Recommendation[] {
  const recommendations: Recommendation[] = []
  for (const group of groups) {
    // A group with no node at max size takes no address: a change to it would change nothing.
    if (group.assessment.maxNodes === 0) continue
    recommendations.push(
      ...warmIpTarget(group),
      ...prefixDelegation(group, groups, analyses),
      ...instanceTypeRecommendation(group, catalog),
    )
  }
  for (const subnet of subnets)
    recommendations.push(...prefixReservation(subnet, analyses), ...largerSubnet(subnet))
  return recommendations
}

/**
 * MINIMUM_IP_TARGET without WARM_IP_TARGET: once the pool holds MINIMUM_IP_TARGET addresses ipamd asks for
 * no more and has no on-demand path, so pods beyond it get none (now, or at kubelet max pods).
 */
function frozenByMinimum(group: GroupContext): boolean {
  const frozen = group.usage.mode === 'warm-ip' || group.usage.mode === 'prefix-warm-ip'
  return frozen && (group.plan.settings?.warmIpTarget ?? 0) === 0
}

function warmIpTarget(group: GroupContext): Recommendation[] {
  if (frozenByMinimum(group)) return warmIpTargetForStrandedPods(group)
  if (group.usage.mode !== 'warm-eni' && group.usage.mode !== 'warm-prefix') return []
  const pods = group.usage.pods
  // Keep a small warm pool above the pods the group runs, rather than whole ENIs or prefixes.
  const change = { warmIpTarget: smallWarmPool(pods), minimumIpTarget: pods }
  const after = replay(group, change)
  if (!after || strandsPods(group, after.usages)) return []
  const before = addressesPerNode(group.usage)
  const held = addressesPerNode(after.hungriest)
  const saved = before - held
  if (saved < WORTH_SAVING_PER_NODE) return []
  return [
    {
      kind: 'warm-ip-target',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: set WARM_IP_TARGET=${change.warmIpTarget} and MINIMUM_IP_TARGET=${change.minimumIpTarget} to hold ${held} addresses per node instead of ${before}${stillWithoutAddress(after.usages)}`,
      effect: {
        addressesPerNodeBefore: before,
        addressesPerNodeAfter: held,
        addressesSavedAtMaxNodes: saved * group.assessment.maxNodes,
      },
      settings: change,
    },
  ]
}

/** A WARM_IP_TARGET beside MINIMUM_IP_TARGET lifts the freeze: ipamd keeps that many free above the pods. */
function warmIpTargetForStrandedPods(group: GroupContext): Recommendation[] {
  const stuck = Math.max(...group.usages.map((usage) => usage.podsWithoutAddress))
  const atMax = worstAtMaxPods(group.usages)
  if (stuck === 0 && atMax.podsWithoutAddress === 0) return []
  const warmIpTarget = smallWarmPool(group.usage.pods)
  const after = replay(group, { warmIpTarget })
  if (!after || strandsPods(group, after.usages)) return []
  const before = addressesPerNode(group.usage)
  const held = addressesPerNode(after.hungriest)
  const why =
    stuck > 0
      ? `so the ${stuck} pods per node left without an address get one`
      : `so pods beyond it get an address: at kubelet max pods ${atMax.podsWithoutAddress} of ${atMax.pods} pods per node get no address now`
  return [
    {
      kind: 'warm-ip-target',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: set WARM_IP_TARGET=${warmIpTarget} beside MINIMUM_IP_TARGET ${why}; each node then holds ${held} addresses (now ${before})${stillWithoutAddress(after.usages)}`,
      effect: {
        warmIpTarget,
        podsWithoutAddressBefore: stuck,
        podsWithoutAddressAtMaxPodsBefore: atMax.podsWithoutAddress,
        addressesPerNodeBefore: before,
        addressesPerNodeAfter: held,
      },
      settings: { warmIpTarget },
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
  // Prefix delegation does not lift a MINIMUM_IP_TARGET freeze, it moves it to ⌈MIT/16⌉ prefixes (and
  // kubelet max pods rises past it): WARM_IP_TARGET is the fix for that.
  if (frozenByMinimum(group)) return []
  if (!group.records.every(prefixDelegationCapable)) return []
  const after = replay(group, { prefixDelegation: true })
  if (!after || after.usages.some((usage) => usage.mode === 'warm-eni' || usage.mode === 'warm-ip')) return []
  if (strandsPods(group, after.usages)) return []
  const held = after.hungriest
  // Replay the plan with this group's nodes holding prefixes instead: does every subnet it uses still fit?
  const replaced = groups.map((other) =>
    other === group ? { ...other.assessment, perNode: { steady: held, peak: held.peak } } : other.assessment,
  )
  const touched = [...group.assessment.subnetIds, ...group.assessment.podSubnetIds]
  const verdicts = assessSubnets(analyses, replaced)
    .filter((subnet) => touched.includes(subnet.subnetId))
    .map((subnet) => subnet.verdict)
  // Only worth saying when it helps: fewer addresses per node, or every subnet then fits.
  const fitsEverySubnet = verdicts.every((verdict) => verdict !== 'does-not-fit')
  const before = addressesPerNode(group.usage)
  const afterPerNode = addressesPerNode(held)
  if (afterPerNode >= before && !fitsEverySubnet) return []
  const kubelet =
    after.kubeletMaxPods === group.assessment.kubeletMaxPods
      ? ''
      : ` (kubelet max pods ${after.kubeletMaxPods}, now ${group.assessment.kubeletMaxPods})`
  return [
    {
      kind: 'prefix-delegation',
      nodeGroup: group.assessment.name,
      summary: `${group.assessment.name}: with prefix delegation${kubelet} each node holds ${afterPerNode} addresses as ${held.prefixes} /28 prefixes (now ${before}); its subnets would then be: ${verdicts.join(', ')}${stillWithoutAddress(after.usages)}`,
      effect: {
        addressesPerNodeAfter: afterPerNode,
        blocksPerNode: held.blocksNeeded,
        kubeletMaxPods: after.kubeletMaxPods,
        fitsEverySubnet,
      },
      settings: { prefixDelegation: true },
    },
  ]
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
