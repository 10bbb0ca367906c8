import { factsFromExports } from '../adapters/ec2/subnet-shapes.ts'
import { leaveOutInstances } from '../domain/leave-out-instances.ts'
import { analyzeSubnet } from '../domain/subnet-analysis.ts'
import { UnknownSubnetError } from '../errors.ts'
import type { SubnetInventory, SubnetSelector } from '../ports/subnet-inventory.ts'
import type { SubnetExports } from '../schemas/ec2-subnet-exports.ts'
import type {
  CidrReservationFacts,
  EniFacts,
  SkippedSubnet,
  SubnetAnalysis,
  SubnetFacts,
  SubnetSummary,
} from '../schemas/subnets.ts'

/** GetSubnetCidrReservations calls in flight at once: enough to overlap latency, few enough to stay under EC2's throttle. */
export const RESERVATION_LOOKUPS_AT_ONCE = 8

/** Tells a waiting person how far a scan has come (the CLI prints it on stderr). */
export type Progress = (message: string) => void

export interface SubnetScan {
  analyses: SubnetAnalysis[]
  skipped: SkippedSubnet[]
  /** With leaveOut: the ENIs and addresses of those instances, taken out before the analysis. */
  leftOut?: { enis: number; addresses: number }
}

/** Scans subnets through an inventory (EC2, the demo VPC) and analyses each IPv4 subnet. */
export function createSubnetAnalysisService(
  inventoryFor: (region: string) => SubnetInventory,
  defaultRegion: string,
) {
  async function scan(
    selector: SubnetSelector,
    region = defaultRegion,
    progress: Progress = () => {},
    /** Instances analysed as if gone (a running cluster's own nodes, which a plan places again). */
    leaveOut?: ReadonlySet<string>,
  ): Promise<SubnetScan> {
    const inventory = inventoryFor(region)
    const subnets = await inventory.subnets(selector, region)
    const vpcIds = [...new Set(subnets.map((subnet) => subnet.vpcId))]
    progress(
      `${subnets.length} subnet${subnets.length === 1 ? '' : 's'} in ${vpcIds.length} VPC${vpcIds.length === 1 ? '' : 's'}`,
    )
    // One ENI scan per VPC, never one per subnet: it is the most expensive call EC2 throttles.
    const enisByVpc = new Map(
      await Promise.all(
        vpcIds.map(async (vpcId) => {
          const enis = await inventory.networkInterfaces(vpcId, region)
          progress(`${vpcId}: ${enis.length} network interfaces`)
          return [vpcId, enis] as const
        }),
      ),
    )
    const ipv4 = subnets.filter((subnet) => subnet.cidr !== null)
    const reservations = new Map<string, CidrReservationFacts[]>()
    for (let start = 0; start < ipv4.length; start += RESERVATION_LOOKUPS_AT_ONCE) {
      const batch = ipv4.slice(start, start + RESERVATION_LOOKUPS_AT_ONCE)
      const found = await Promise.all(
        batch.map((subnet) => inventory.cidrReservations(subnet.subnetId, region)),
      )
      batch.forEach((subnet, index) => {
        reservations.set(subnet.subnetId, found[index] ?? [])
      })
      progress(`CIDR reservations: ${reservations.size} of ${ipv4.length} subnets`)
    }
    const enis = [...enisByVpc.values()].flat()
    const reservationsOf = (subnetId: string) => reservations.get(subnetId) ?? []
    if (!leaveOut) return analyseAll(subnets, enis, reservationsOf)
    const without = leaveOutInstances(subnets, enis, leaveOut)
    return { ...analyseAll(without.subnets, without.enis, reservationsOf), leftOut: without.leftOut }
  }

  /** The analysis, or, for a subnet with no IPv4 CIDR, the same skipped entry a list gives: not an error. */
  async function subnetOrSkipped(
    subnetId: string,
    region = defaultRegion,
  ): Promise<SubnetAnalysis | SkippedSubnet> {
    const { analyses, skipped } = await scan({ subnetIds: [subnetId] }, region)
    const found = analyses[0] ?? skipped[0]
    if (!found) throw new UnknownSubnetError(subnetId, region)
    return found
  }

  return {
    scan,

    /** One summary per subnet, worst first: highest fragmentation score, then fewest assignable blocks. */
    async summaries(
      selector: SubnetSelector,
      region = defaultRegion,
      progress?: Progress,
    ): Promise<{ subnets: SubnetSummary[]; skipped: SkippedSubnet[] }> {
      const { analyses, skipped } = await scan(selector, region, progress)
      return { subnets: analyses.map(toSummary).sort(worstFirst), skipped }
    },

    subnetOrSkipped,
  }
}

/** Analysis of facts supplied directly: no inventory, no AWS call. */
export function analyseFacts(
  subnets: SubnetFacts[],
  enis: EniFacts[],
  reservations: CidrReservationFacts[],
): SubnetScan {
  return analyseAll(subnets, enis, (subnetId) =>
    reservations.filter((reservation) => reservation.subnetId === subnetId),
  )
}

/** Analysis of AWS CLI exports (posted to the API, given to the CLI, or inside a plan request). */
export function analyseExports(exports: SubnetExports): SubnetScan {
  const facts = factsFromExports(exports)
  return analyseFacts(facts.subnets, facts.enis, facts.reservations)
}
export type SubnetAnalysisService = ReturnType<typeof createSubnetAnalysisService>

function analyseAll(
  subnets: SubnetFacts[],
  enis: Iterable<EniFacts>,
  reservationsOf: (subnetId: string) => CidrReservationFacts[],
): SubnetScan {
  const analyses: SubnetAnalysis[] = []
  const skipped: SkippedSubnet[] = []
  // Sort the ENIs into their subnets once, not once per subnet.
  const enisBySubnet = new Map<string, EniFacts[]>()
  for (const eni of enis) {
    const list = enisBySubnet.get(eni.subnetId)
    if (list) list.push(eni)
    else enisBySubnet.set(eni.subnetId, [eni])
  }
  for (const subnet of subnets) {
    if (subnet.cidr === null) {
      skipped.push({
        subnetId: subnet.subnetId,
        vpcId: subnet.vpcId,
        reason: 'IPv6-only subnet: no IPv4 /28 blocks to analyse',
      })
      continue
    }
    analyses.push(
      analyzeSubnet(subnet, enisBySubnet.get(subnet.subnetId) ?? [], reservationsOf(subnet.subnetId)),
    )
  }
  return { analyses, skipped }
}

export function toSummary(analysis: SubnetAnalysis): SubnetSummary {
  const { blockList: _blocks, reservations: _reservations, ...summary } = analysis
  return summary
}

export function worstFirst(a: SubnetSummary, b: SubnetSummary): number {
  const score = (b.fragmentationScore ?? -1) - (a.fragmentationScore ?? -1)
  return score !== 0 ? score : a.blocks.assignable - b.blocks.assignable
}
