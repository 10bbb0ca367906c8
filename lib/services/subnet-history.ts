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
 * first, keyed by `subnetKey`. With `atMostReports`, that many reports are read, spread evenly from the
 * newest to the oldest. Reports are visited newest first, so `wanted` meets a subnet's newest entry first.
 */
export async function readSubnetHistories(
  store: Pick<ReportStore, 'list' | 'read'>,
  scope: string,
  query: {
    since: string
    until?: string | undefined
    /** Only reports before this window (exclusive), as a trend looks back from its own report. */
    before?: string
    atMostReports?: number
    /** Reports of this time or later are all read, counted in `atMostReports`; the older ones fill the rest. */
    keepAllSince?: string
    wanted: (entry: TargetResult['subnets'][number]) => boolean
  },
): Promise<Map<string, SubnetHistory>> {
  const all = (await headersBetween(store, scope, query)).map((header) => header.window)
  const recent = all.filter((window) => query.keepAllSince !== undefined && window >= query.keepAllSince)
  const older = all.slice(recent.length)
  const room = Math.max((query.atMostReports ?? all.length) - recent.length, Math.min(older.length, 2))
  const windows = [...recent, ...spreadEvenly(older, room)]
  const histories = new Map<string, SubnetHistory>()
  for (let start = 0; start < windows.length; start += LIST_PAGE) {
    const batch = windows.slice(start, start + LIST_PAGE)
    const reports = await Promise.all(batch.map((window) => store.read(scope, window)))
    for (const [index, window] of batch.entries()) {
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
            at: window,
            assignableBlocks: entry.assignableBlocks,
            freeIps: entry.freeIps,
            fragmentationScore: entry.fragmentationScore,
          })
        }
      }
    }
  }
  for (const history of histories.values()) history.observations.reverse()
  return histories
}

/** Every report header from `since` to `until` (or before `before`), newest first, a listing page at a time. */
async function headersBetween(
  store: Pick<ReportStore, 'list'>,
  scope: string,
  range: { since: string; until?: string | undefined; before?: string | undefined },
) {
  const headers: Awaited<ReturnType<ReportStore['list']>> = []
  for (;;) {
    // Each listing page continues below the last window of the one before.
    const before = headers.at(-1)?.window ?? range.before
    const page = await store.list(scope, {
      since: range.since,
      ...(range.until ? { until: range.until } : {}),
      limit: LIST_PAGE,
      ...(before ? { before } : {}),
    })
    headers.push(...page)
    if (page.length < LIST_PAGE) return headers
  }
}

/** At most `count` of the items, evenly spaced, keeping the first and the last. */
export function spreadEvenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items]
  if (count <= 1) return items.slice(0, Math.max(count, 0))
  const picked = new Set<number>()
  for (let k = 0; k < count; k++) picked.add(Math.round((k * (items.length - 1)) / (count - 1)))
  return [...picked].map((index) => items[index] as T)
}
