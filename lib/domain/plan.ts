import type { NodeHolding } from '../schemas/ip-usage.ts'
import type { NodeGroupAssessment, SubnetAssessment, Verdict } from '../schemas/plan.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { ADDRESSES_PER_PREFIX } from './max-pods-terms.ts'

/** Less headroom than this (20 %) at max nodes is `tight`. */
export const TIGHT_ABOVE_UTILIZATION = 0.8

/** Nodes spread evenly over subnets (as auto scaling balances zones); the first ones take the remainder. */
export function spreadNodes(nodes: number, subnets: number): number[] {
  if (subnets === 0) return []
  const base = Math.floor(nodes / subnets)
  return Array.from({ length: subnets }, (_, index) => base + (index < nodes % subnets ? 1 : 0))
}

export interface SubnetDemand {
  nodeGroup: string
  desiredNodes: number
  maxNodes: number
  /** What one node takes from this subnet, steady and at max pods. */
  perNode: { addresses: number; blocks: number; peakAddresses: number; peakBlocks: number }
}

/**
 * What a subnet offers. Block granularity for reservations: addresses in an explicit reservation are
 * never used automatically; those in a prefix reservation serve prefixes only.
 */
export function subnetSupply(analysis: SubnetAnalysis, prefixDemand: boolean) {
  let inExplicit = 0
  let inPrefixReservation = 0
  for (const block of analysis.blockList) {
    if (block.state !== 'free' && block.state !== 'fragmented') continue
    const free = ADDRESSES_PER_PREFIX - block.usedIps
    if (block.inExplicitReservation) inExplicit += free
    else if (block.inPrefixReservation) inPrefixReservation += free
  }
  return {
    freeIps: analysis.freeIps,
    addresses: analysis.freeIps - inExplicit - (prefixDemand ? 0 : inPrefixReservation),
    assignableBlocks: analysis.blocks.assignable,
  }
}

/** Demand at max nodes against supply: the verdict, the binding limit, and how many more nodes fit. */
export function assessSubnet(analysis: SubnetAnalysis, demands: readonly SubnetDemand[]): SubnetAssessment {
  const sum = (pick: (demand: SubnetDemand) => number) =>
    demands.reduce((total, demand) => total + pick(demand), 0)
  const addresses = sum((demand) => demand.maxNodes * demand.perNode.addresses)
  const blocks = sum((demand) => demand.maxNodes * demand.perNode.blocks)
  const supply = subnetSupply(analysis, blocks > 0)
  const addressUse = addresses === 0 ? 0 : addresses / Math.max(supply.addresses, 0)
  const blockUse = blocks === 0 ? 0 : blocks / Math.max(supply.assignableBlocks, 0)
  const utilization = Math.max(addressUse, blockUse)
  const headroomAddresses = supply.addresses - addresses
  const headroomBlocks = supply.assignableBlocks - blocks
  return {
    subnetId: analysis.subnetId,
    cidr: analysis.cidr,
    availabilityZone: analysis.availabilityZone,
    supply,
    demand: {
      nodes: Object.fromEntries(demands.map((demand) => [demand.nodeGroup, demand.maxNodes])),
      addresses,
      blocks,
      peakAddresses: sum((demand) => demand.maxNodes * demand.perNode.peakAddresses),
      peakBlocks: sum((demand) => demand.maxNodes * demand.perNode.peakBlocks),
    },
    utilization: Number.isFinite(utilization) ? Math.round(utilization * 1000) / 1000 : 999,
    verdict: verdictOf(utilization),
    bindingLimit: blockUse > addressUse ? 'contiguous-28-blocks' : 'addresses',
    moreNodes: demands.map((demand) => ({
      nodeGroup: demand.nodeGroup,
      nodes: Math.max(
        0,
        Math.min(
          demand.perNode.addresses > 0
            ? Math.floor(headroomAddresses / demand.perNode.addresses)
            : Number.MAX_SAFE_INTEGER,
          demand.perNode.blocks > 0
            ? Math.floor(headroomBlocks / demand.perNode.blocks)
            : Number.MAX_SAFE_INTEGER,
        ),
      ),
    })),
  }
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

/** What one node takes from its node subnet and from its pod subnet. */
export function perNodeDemand(steady: NodeHolding, peak: NodeHolding, customNetworking: boolean) {
  const pod = {
    addresses: steady.ipv4Held,
    blocks: steady.blocksNeeded,
    peakAddresses: peak.ipv4Held,
    peakBlocks: peak.blocksNeeded,
  }
  if (!customNetworking) return { node: pod, pod: undefined }
  const node = {
    addresses: steady.ipv4HeldNodeSubnet,
    blocks: 0,
    peakAddresses: peak.ipv4HeldNodeSubnet,
    peakBlocks: 0,
  }
  return { node, pod }
}

/** Every subnet's share of every group's nodes (and of their pods, with custom networking). */
export function demandsOn(subnetId: string, groups: readonly NodeGroupAssessment[]): SubnetDemand[] {
  const demands: SubnetDemand[] = []
  for (const assessment of groups) {
    const custom = assessment.podSubnetIds.length > 0
    const perNode = perNodeDemand(assessment.perNode.steady, assessment.perNode.peak, custom)
    const share = (ids: string[], demand: typeof perNode.node) => {
      const position = ids.indexOf(subnetId)
      if (position < 0) return
      demands.push({
        nodeGroup: assessment.name,
        desiredNodes: spreadNodes(assessment.desiredNodes, ids.length)[position] ?? 0,
        maxNodes: spreadNodes(assessment.maxNodes, ids.length)[position] ?? 0,
        perNode: demand,
      })
    }
    share(assessment.subnetIds, perNode.node)
    if (perNode.pod && custom) share(assessment.podSubnetIds, perNode.pod)
  }
  return demands
}
