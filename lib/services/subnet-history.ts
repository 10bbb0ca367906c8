import { subnetKey } from '../domain/report.ts'
import type { ReportStore } from '../ports/report-store.ts'
import type { TargetResult } from '../schemas/report.ts'

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
  let chosen: string | undefined
  const histories = await readSubnetHistories(store, scope, {
    since: query.since,
    wanted: (entry) => {
      if (entry.subnetId !== query.subnetId) return false
      if (query.account !== undefined && entry.account !== query.account) return false
      if (query.region !== undefined && entry.region !== query.region) return false
      chosen ??= subnetKey(entry)
      return subnetKey(entry) === chosen
    },
  })
  return chosen === undefined ? undefined : histories.get(chosen)
}

/**
 * The observations of every subnet `wanted` accepts, in the reports from `since` to `until` (ISO), oldest
 * first, keyed by `subnetKey`. Reports are visited newest first, so `wanted` meets a subnet's newest
 * entry first.
 */
export async function readSubnetHistories(
  store: ReportStore,
  scope: string,
  query: {
    since: string
    until?: string | undefined
    wanted: (entry: TargetResult['subnets'][number]) => boolean
  },
): Promise<Map<string, SubnetHistory>> {
  const histories = new Map<string, SubnetHistory>()
  let before: string | undefined
  for (;;) {
    const headers = await store.list(scope, {
      since: query.since,
      ...(query.until ? { until: query.until } : {}),
      limit: LIST_PAGE,
      ...(before ? { before } : {}),
    })
    const reports = await Promise.all(headers.map((header) => store.read(scope, header.window)))
    for (const [index, header] of headers.entries()) {
      for (const target of reports[index]?.targets ?? []) {
        for (const entry of target.subnets) {
          if (!query.wanted(entry)) continue
          const key = subnetKey(entry)
          const history = histories.get(key) ?? {
            subnetId: entry.subnetId,
            account: entry.account,
            region: entry.region,
            cidr: entry.cidr,
            observations: [],
          }
          histories.set(key, history)
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
  for (const history of histories.values()) history.observations.reverse()
  return histories
}
