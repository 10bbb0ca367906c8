import type { Report, ReportScope, SubnetReportEntry, TargetResult } from '../schemas/report.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { assignableTrend, type Observation } from './report-trends.ts'

/** Owners listed per subnet in a report: the three holding the most addresses. */
const WORST_OWNERS = 3

/** One target's subnets as a report stores them (trends come when the report is read). */
export function reportEntries(
  account: string,
  region: string,
  analyses: readonly SubnetAnalysis[],
  thresholds: ReportScope['thresholds'],
): TargetResult['subnets'] {
  return analyses.map((analysis) => ({
    account,
    region,
    subnetId: analysis.subnetId,
    vpcId: analysis.vpcId,
    cidr: analysis.cidr,
    assignableBlocks: analysis.blocks.assignable,
    freeBlocks: analysis.blocks.free,
    fragmentedBlocks: analysis.blocks.fragmented,
    fragmentationScore: analysis.fragmentationScore,
    freeIps: analysis.freeIps,
    unaccountedAddresses: analysis.unaccountedAddresses,
    worstOwners: analysis.owners.slice(0, WORST_OWNERS).map(({ kind, ips }) => ({ kind, ips })),
    atRisk:
      analysis.blocks.assignable < thresholds.assignableBelow ||
      (analysis.fragmentationScore ?? 0) > thresholds.scoreAbove,
  }))
}

export const subnetKey = (entry: { account: string; region: string; subnetId: string }) =>
  `${entry.account}/${entry.region}/${entry.subnetId}`

/** A report as read: every target, every subnet with its trend against the earlier reports given. */
/** A report is complete once every expected target has a stored result, failed or not. */
export function reportComplete(storedTargets: number, expectedTargets: number): boolean {
  return storedTargets >= expectedTargets
}

export function assembleReport(
  scope: string,
  window: string,
  expectedTargets: number,
  targets: readonly TargetResult[],
  history: ReadonlyMap<string, Observation[]>,
): Report {
  const subnets: SubnetReportEntry[] = targets
    .flatMap((target) => target.subnets)
    .map((entry) => ({
      ...entry,
      trend: assignableTrend(
        { at: window, assignableBlocks: entry.assignableBlocks },
        history.get(subnetKey(entry)) ?? [],
      ),
    }))
    .sort(
      (a, b) =>
        Number(b.atRisk) - Number(a.atRisk) ||
        a.assignableBlocks - b.assignableBlocks ||
        (a.subnetId < b.subnetId ? -1 : 1),
    )
  return {
    reportId: reportId(scope, window),
    scope,
    window,
    complete: reportComplete(targets.length, expectedTargets),
    targets: targets.map(({ subnets: list, ...target }) => ({ ...target, subnets: list.length })),
    subnets,
    subnetsAtRisk: subnets.filter((entry) => entry.atRisk).length,
  }
}

/** `<scope>@<window>`: readable, and enough to find the report again. */
export function reportId(scope: string, window: string): string {
  return `${scope}@${window}`
}

export function parseReportId(id: string): { scope: string; window: string } | undefined {
  const at = id.indexOf('@')
  if (at <= 0) return undefined
  return { scope: id.slice(0, at), window: id.slice(at + 1) }
}
