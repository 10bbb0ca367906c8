import type { EniFacts, SubnetFacts } from '../schemas/subnets.ts'
import { ADDRESSES_PER_PREFIX } from './max-pods-terms.ts'

/**
 * Subnets as they would be without some instances: their ENIs gone and the addresses those held counted
 * as available again, so that EC2's own count still reconciles. A plan of a running cluster places its
 * node groups' nodes again at their planned size; leaving their ENIs in would count them twice.
 */
export function leaveOutInstances(
  subnets: readonly SubnetFacts[],
  enis: readonly EniFacts[],
  instanceIds: ReadonlySet<string>,
): { subnets: SubnetFacts[]; enis: EniFacts[]; leftOut: { enis: number; addresses: number } } {
  const freed = new Map<string, number>()
  const kept: EniFacts[] = []
  let leftOutEnis = 0
  for (const eni of enis) {
    if (eni.instanceId === null || !instanceIds.has(eni.instanceId)) {
      kept.push(eni)
      continue
    }
    leftOutEnis++
    const addresses = eni.privateIps.length + ADDRESSES_PER_PREFIX * eni.ipv4Prefixes.length
    freed.set(eni.subnetId, (freed.get(eni.subnetId) ?? 0) + addresses)
  }
  return {
    subnets: subnets.map((subnet) => {
      const more = freed.get(subnet.subnetId)
      if (!more || subnet.availableIpAddressCount === null) return subnet
      return { ...subnet, availableIpAddressCount: subnet.availableIpAddressCount + more }
    }),
    enis: kept,
    leftOut: { enis: leftOutEnis, addresses: [...freed.values()].reduce((sum, count) => sum + count, 0) },
  }
}
