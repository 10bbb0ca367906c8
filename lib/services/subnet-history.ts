import { subnetKey } from '../domain/report.ts'
import type { ReportStore } from '../ports/report-store.ts'

/** One subnet as one stored report saw it. */
export interface SubnetObservation {
  /** The report window. */
  at: string
  assignableBlocks: number
  freeIps: number
  fragmentationScore: number | null
}

/** One subnet (one account, one region) over the retained reports, oldest first. */
export interface SubnetHistory {
  subnetId: string
  account: string
  region: string
  /** As the newest report saw it. */
  cidr: string
  observations: SubnetObservation[]
}

export interface SubnetHistoryQuery {
  subnetId: string
  /** Reports of this window or later (ISO). */
  since: string
  account?: string | undefined
  region?: string | undefined
}

/** Headers per listing: the store pages a scope's reports newest first, and reads are fanned out per page. */
const LIST_PAGE = 100

/**
 * The subnet's observations in every report since `since`; undefined when none has it. A subnet id is only
 * unique within an account and region: without `account`/`region` the newest report's first match decides
 * which one is drawn, so one line never mixes two subnets.
 */
export async function readSubnetHistory(
  store: ReportStore,
  scope: string,
  query: SubnetHistoryQuery,
): Promise<SubnetHistory | undefined> {
  let history: SubnetHistory | undefined
  let before: string | undefined
  for (;;) {
    const headers = await store.list(scope, {
      since: query.since,
      limit: LIST_PAGE,
      ...(before ? { before } : {}),
    })
    const reports = await Promise.all(headers.map((header) => store.read(scope, header.window)))
    for (const [index, header] of headers.entries()) {
      for (const target of reports[index]?.targets ?? []) {
        for (const entry of target.subnets) {
          if (entry.subnetId !== query.subnetId) continue
          if (query.account !== undefined && entry.account !== query.account) continue
          if (query.region !== undefined && entry.region !== query.region) continue
          history ??= {
            subnetId: entry.subnetId,
            account: entry.account,
            region: entry.region,
            cidr: entry.cidr,
            observations: [],
          }
          if (subnetKey(entry) !== subnetKey(history)) continue
          history.observations.push({
            at: header.window,
            assignableBlocks: entry.assignableBlocks,
            freeIps: entry.freeIps,
            fragmentationScore: entry.fragmentationScore,
          })
        }
      }
    }
    if (headers.length < LIST_PAGE) break
    before = headers.at(-1)?.window
  }
  history?.observations.reverse()
  return history
}
