import type { NodeHolding } from '../schemas/ip-usage.ts'
import type { NodeGroupAssessment } from '../schemas/plan.ts'
import { ADDRESSES_PER_PREFIX } from './max-pods-terms.ts'
import type { Demand } from './plan-supply.ts'

/** One node group's share of one subnet. */
export interface SubnetDemand {
  nodeGroup: string
  /** `nodes`: the nodes' own addresses (and their pods', without pod subnets); `pods`: custom networking's pod ENIs. */
  role: 'nodes' | 'pods'
  subnetId: string
  /** The group's nodes whose addresses land here, at its max node count. */
  maxNodes: number
  /** What one node takes from this subnet, steady and at max pods. */
  perNode: { steady: Demand; peak: Demand }
}

/** Nodes spread evenly over subnets (as auto scaling balances zones); the first ones take the remainder. */
export function spreadNodes(nodes: number, subnets: number): number[] {
  if (subnets === 0) return []
  const base = Math.floor(nodes / subnets)
  return Array.from({ length: subnets }, (_, index) => base + (index < nodes % subnets ? 1 : 0))
}

/**
 * Every group's share of every subnet it uses. Nodes spread over the node subnets. With pod subnets
 * (custom networking) the ENIConfig is chosen by the node's zone and an ENI lives in its instance's zone, so
 * the pods of a zone's nodes spread over that zone's pod subnets only; the primary ENI's address stays in
 * the node subnet. Without pod subnets everything the node holds is in its node subnet. A pod subnet in a
 * zone where the group has no node subnet never serves it, at any node count: it gets no share.
 */
export function placeGroups(
  groups: readonly NodeGroupAssessment[],
  zoneOf: (subnetId: string) => string,
): SubnetDemand[] {
  return groups.flatMap((group) => {
    const separate = group.podSubnetIds.length > 0
    const steady = split(group.perNode.steady, separate)
    const peak = split(group.perNode.peak, separate)
    const max = spreadNodes(group.maxNodes, group.subnetIds.length)
    const demands: SubnetDemand[] = group.subnetIds.map((subnetId, index) => ({
      nodeGroup: group.name,
      role: 'nodes',
      subnetId,
      maxNodes: max[index] ?? 0,
      perNode: { steady: steady.node, peak: peak.node },
    }))
    if (!separate) return demands
    for (const zone of new Set(group.subnetIds.map(zoneOf))) {
      const inZone = demands.filter((demand) => zoneOf(demand.subnetId) === zone)
      const podSubnets = group.podSubnetIds.filter((subnetId) => zoneOf(subnetId) === zone)
      const zoneNodes = inZone.reduce((total, demand) => total + demand.maxNodes, 0)
      const zoneMax = spreadNodes(zoneNodes, podSubnets.length)
      podSubnets.forEach((subnetId, index) => {
        demands.push({
          nodeGroup: group.name,
          role: 'pods',
          subnetId,
          maxNodes: zoneMax[index] ?? 0,
          perNode: { steady: steady.pod, peak: peak.pod },
        })
      })
    }
    return demands
  })
}

/** Each subnet's availability zone, from the analyses the plan runs against. */
export function zoneLookup(
  analyses: readonly { subnetId: string; availabilityZone: string }[],
): (subnetId: string) => string {
  const zones = new Map(analyses.map((analysis) => [analysis.subnetId, analysis.availabilityZone]))
  return (subnetId) => zones.get(subnetId) ?? ''
}

/** Zones where the group has node subnets but no pod subnet, with those node subnets. */
export function zonesWithoutPodSubnet(
  subnetIds: readonly string[],
  podSubnetIds: readonly string[],
  zoneOf: (subnetId: string) => string,
): Map<string, string[]> {
  return subnetsOutsideZonesOf(subnetIds, podSubnetIds, zoneOf)
}

/** Pod subnets in zones where the group has no node subnet (no node of it can use them), by zone. */
export function podSubnetsWithoutNodes(
  subnetIds: readonly string[],
  podSubnetIds: readonly string[],
  zoneOf: (subnetId: string) => string,
): Map<string, string[]> {
  return subnetsOutsideZonesOf(podSubnetIds, subnetIds, zoneOf)
}

/** Each of `subnetIds` whose zone has none of `others`, grouped by zone. */
function subnetsOutsideZonesOf(
  subnetIds: readonly string[],
  others: readonly string[],
  zoneOf: (subnetId: string) => string,
): Map<string, string[]> {
  const zones = new Set(others.map(zoneOf))
  const outside = new Map<string, string[]>()
  for (const subnetId of subnetIds) {
    const zone = zoneOf(subnetId)
    if (!zones.has(zone)) outside.set(zone, [...(outside.get(zone) ?? []), subnetId])
  }
  return outside
}

/** A holding as individual addresses and /28 prefixes, in the node subnet and (if separate) the pod subnet. */
function split(held: NodeHolding, separatePodSubnet: boolean): { node: Demand; pod: Demand } {
  const pod = {
    addresses: held.ipv4Held - ADDRESSES_PER_PREFIX * held.blocksNeeded,
    blocks: held.blocksNeeded,
  }
  if (separatePodSubnet) return { node: { addresses: held.ipv4HeldNodeSubnet, blocks: 0 }, pod }
  return { node: { addresses: pod.addresses + held.ipv4HeldNodeSubnet, blocks: pod.blocks }, pod }
}
