import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageResult, NodeHolding } from '../schemas/ip-usage.ts'
import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import type { NodeGroupAssessment, NodeGroupPlan, SubnetAssessment, Verdict } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { placeGroups, type SubnetDemand, zoneLookup } from './plan-placement.ts'
import { type Demand, demandUse, nodesThatFit, subnetSupply } from './plan-supply.ts'

/** Less headroom than this (20 %) at max nodes is `tight`. */
export const TIGHT_ABOVE_UTILIZATION = 0.8

/** One node group as the planner and its recommendations see it. */
export interface GroupContext {
  plan: NodeGroupPlan
  /** The group's max-pods settings, parsed (the warm-pool fields are in `plan.settings`). */
  settings: MaxPodsSettings
  assessment: NodeGroupAssessment
  records: InstanceTypeRecord[]
  /** The type that takes the most addresses per node: plans size for it. */
  hungriest: InstanceTypeRecord
  /** What a node of the hungriest type holds. */
  usage: IpUsageResult
  /** What a node of each type holds, in the order of `records`. */
  usages: IpUsageResult[]
}

/** Every subnet some group uses, judged with every group's share of it. */
export function assessSubnets(
  analyses: readonly SubnetAnalysis[],
  groups: readonly NodeGroupAssessment[],
): SubnetAssessment[] {
  const demands = placeGroups(groups, zoneLookup(analyses))
  return analyses.flatMap((analysis) => {
    const here = demands.filter((demand) => demand.subnetId === analysis.subnetId)
    return here.length > 0 ? [assessSubnet(analysis, here)] : []
  })
}

/** Demand at max nodes against supply: the verdict, the binding limit, and how many nodes fit. */
export function assessSubnet(analysis: SubnetAnalysis, demands: readonly SubnetDemand[]): SubnetAssessment {
  const supply = subnetSupply(analysis)
  const total = (pick: (demand: SubnetDemand) => Demand, count: (demand: SubnetDemand) => number) =>
    demands.reduce(
      (sum, demand) => ({
        addresses: sum.addresses + count(demand) * pick(demand).addresses,
        blocks: sum.blocks + count(demand) * pick(demand).blocks,
      }),
      { addresses: 0, blocks: 0 },
    )
  const steady = total(
    (demand) => demand.perNode.steady,
    (demand) => demand.maxNodes,
  )
  const peak = total(
    (demand) => demand.perNode.peak,
    (demand) => demand.maxNodes,
  )
  const { addressUse, blockUse } = demandUse(supply, steady)
  const utilization = Math.max(addressUse, blockUse)
  // A group with no node here makes no demand here: it is not listed (its "+N" would be a promise that
  // no node of it can keep, as for a pod subnet in a zone where it has none).
  const present = demands.filter((demand) => demand.maxNodes > 0)
  return {
    subnetId: analysis.subnetId,
    cidr: analysis.cidr,
    availabilityZone: analysis.availabilityZone,
    supply,
    demand: {
      nodes: Object.fromEntries(present.map((demand) => [label(demand, demands), demand.maxNodes])),
      addresses: steady.addresses,
      blocks: steady.blocks,
      peakAddresses: peak.addresses,
      peakBlocks: peak.blocks,
    },
    // Not finite only when the subnet has none of a supply that is wanted: no ratio to give.
    utilization: Number.isFinite(utilization) ? Math.round(utilization * 1000) / 1000 : null,
    verdict: verdictOf(utilization),
    bindingLimit: blockUse > addressUse ? 'contiguous-28-blocks' : 'addresses',
    // Each group's nodes against what the other groups here take at their max.
    moreNodes: present.map((demand) => {
      const own = demand.perNode.steady
      const others = {
        addresses: steady.addresses - demand.maxNodes * own.addresses,
        blocks: steady.blocks - demand.maxNodes * own.blocks,
      }
      const fit = nodesThatFit(supply, others, own)
      return {
        nodeGroup: label(demand, demands),
        nodes: Math.max(0, fit - demand.maxNodes),
        plannedNodes: demand.maxNodes,
        nodesThatFit: Math.min(fit, demand.maxNodes),
      }
    }),
  }
}

/** A group's name; its pod share is named apart where the same subnet also holds its nodes. */
function label(demand: SubnetDemand, demands: readonly SubnetDemand[]): string {
  const both =
    demand.role === 'pods' &&
    demands.some((other) => other.nodeGroup === demand.nodeGroup && other.role === 'nodes')
  return both ? `${demand.nodeGroup} (pods)` : demand.nodeGroup
}

/**
 * A group's own verdict, whatever its subnets say: pods the VPC CNI leaves without an address (as with
 * MINIMUM_IP_TARGET and no WARM_IP_TARGET) do not fit; if that happens only at kubelet max pods, the group
 * fits as planned with no room for more pods. Every type of the group counts.
 */
export function groupVerdict(
  usages: readonly { instanceType: string; steady: NodeHolding; peak: NodeHolding }[],
): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = []
  const verdicts: Verdict[] = usages.map(({ instanceType, steady, peak }) => {
    if (steady.podsWithoutAddress > 0) {
      reasons.push(
        `${steady.podsWithoutAddress} of ${steady.pods} pods per ${instanceType} node get no address from the VPC CNI`,
      )
      return 'does-not-fit'
    }
    if (peak.podsWithoutAddress > 0) {
      reasons.push(
        `at kubelet max pods ${peak.podsWithoutAddress} of ${peak.pods} pods per ${instanceType} node would get no address from the VPC CNI`,
      )
      return 'tight'
    }
    return 'fits'
  })
  return { verdict: worstVerdict(verdicts), reasons }
}

export function verdictOf(utilization: number): Verdict {
  if (utilization <= TIGHT_ABOVE_UTILIZATION) return 'fits'
  return utilization <= 1 ? 'tight' : 'does-not-fit'
}

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('does-not-fit')) return 'does-not-fit'
  return verdicts.includes('tight') ? 'tight' : 'fits'
}

/** The smallest subnet (as a prefix length) holding `addresses` with 20 % headroom and AWS's 5 reserved. */
export function subnetPrefixFor(addresses: number): number {
  const needed = Math.ceil(addresses / TIGHT_ABOVE_UTILIZATION) + 5
  return Math.max(16, Math.min(28, 32 - Math.ceil(Math.log2(Math.max(needed, 16)))))
}
