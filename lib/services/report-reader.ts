import { type BlockMap, decodeBlockMap } from '../domain/block-map-code.ts'
import { assembleReport, subnetKey } from '../domain/report.ts'
import type { Observation } from '../domain/report-trends.ts'
import { TREND_WINDOW_DAYS } from '../domain/report-trends.ts'
import type { Clock } from '../ports/clock.ts'
import type { ReportStore } from '../ports/report-store.ts'
import type { Telemetry } from '../ports/telemetry.ts'
import { type Report, type ReportScope, StoredBlockMap } from '../schemas/report.ts'
import { readSubnetHistories, readSubnetHistory } from './subnet-history.ts'

type StoredReport = NonNullable<Awaited<ReturnType<ReportStore['read']>>>

const DAY_MS = 86_400_000

/** The longest history a report page draws: the scope's retention, up to a season. */
export const MAX_PAGE_HISTORY_DAYS = 90
/**
 * Reports a page's sparklines read at most, spread evenly over the history: a season of 6-hourly reports
 * is 360 reads of whole reports per view; 60 points draw the same line.
 */
export const MAX_PAGE_HISTORY_REPORTS = 60

/** What reading reports back needs of the store. */
type ReportReads = Pick<ReportStore, 'list' | 'read'>

const trendSince = (window: string) => new Date(Date.parse(window) - TREND_WINDOW_DAYS * DAY_MS).toISOString()

/** The store with each report read at most once (one page's reads; never kept longer). */
function memoizedReads(store: ReportStore): ReportReads {
  const reads = new Map<string, ReturnType<ReportStore['read']>>()
  return {
    list: (scope, options) => store.list(scope, options),
    read(scope, window) {
      const key = `${scope}|${window}`
      const read = reads.get(key) ?? store.read(scope, window)
      reads.set(key, read)
      return read
    },
  }
}

export interface ReportReaderDeps {
  scope: ReportScope
  store: ReportStore
  clock: Clock
  telemetry: Telemetry
}

/** The stored reports of one scope, read back with their trends: what the API and the pages show. */
export function createReportReader(deps: ReportReaderDeps) {
  const { scope, store } = deps

  async function latestWindow(): Promise<string | undefined> {
    const [newest] = await store.list(scope.name, { limit: 1 })
    return newest?.window
  }

  async function read(window: string): Promise<Report | undefined> {
    const stored = await store.read(scope.name, window)
    return stored ? assemble(window, stored) : undefined
  }

  async function assemble(
    window: string,
    stored: StoredReport,
    source: ReportReads = store,
  ): Promise<Report> {
    const { expectedTargets } = stored.header
    const trends = await trendHistory(window, source)
    return assembleReport(scope.name, window, expectedTargets, stored.targets, trends)
  }

  /** Each subnet's assignable blocks in the reports of the trend window before this one. */
  async function trendHistory(window: string, source: ReportReads): Promise<Map<string, Observation[]>> {
    const histories = await readSubnetHistories(source, scope.name, {
      since: trendSince(window),
      before: window,
      wanted: () => true,
    })
    return new Map([...histories].map(([key, history]) => [key, history.observations]))
  }

  /**
   * The kept block maps that read and decode, and the subnets whose map was kept but does not: a damaged
   * one costs its picture (logged, and the page says so), never the page.
   */
  function decodedMaps(items: readonly unknown[]) {
    const decoded = new Map<string, BlockMap>()
    const unreadable = new Set<string>()
    for (const item of items) {
      try {
        const map = StoredBlockMap.parse(item)
        decoded.set(subnetKey(map), decodeBlockMap(map))
      } catch (error) {
        const named = StoredBlockMap.pick({ account: true, region: true, subnetId: true }).safeParse(item)
        if (named.success) unreadable.add(subnetKey(named.data))
        deps.telemetry.error('report block map unreadable', {
          subnetId: named.data?.subnetId,
          error: (error as Error).message,
        })
      }
    }
    return { decoded, unreadable }
  }

  return {
    read,
    /** A report from rows already read (the worker that completes a window has them in hand). */
    assemble,
    latestWindow,
    async latest(): Promise<Report | undefined> {
      const window = await latestWindow()
      return window ? read(window) : undefined
    },
    async list(options: { since?: string; until?: string; limit: number; before?: string }) {
      return store.list(scope.name, options)
    },
    /** One subnet's observations in the reports of the last `days` days, oldest first. */
    async subnetHistory(subnetId: string, options: { days: number; account?: string; region?: string }) {
      const { days, account, region } = options
      const since = new Date(deps.clock.now().getTime() - days * DAY_MS).toISOString()
      return readSubnetHistory(store, scope.name, { subnetId, since, account, region })
    },
    /**
     * What a report's page shows: the report, its expected targets, and for each at-risk subnet its
     * history over the retained reports up to this one and the block map this report kept.
     */
    async page(window: string) {
      // The trend and the sparklines read many of the same reports: each is read once.
      const source = memoizedReads(store)
      const stored = await source.read(scope.name, window)
      if (!stored) return undefined
      const report = await assemble(window, stored, source)
      const atRisk = new Set(report.subnets.filter((entry) => entry.atRisk).map(subnetKey))
      const historyDays = Math.min(scope.retentionDays, MAX_PAGE_HISTORY_DAYS)
      const since = new Date(Date.parse(window) - historyDays * DAY_MS).toISOString()
      const [items, histories] = await Promise.all([
        store.readBlockMaps(scope.name, window),
        readSubnetHistories(source, scope.name, {
          since,
          until: window,
          atMostReports: MAX_PAGE_HISTORY_REPORTS,
          // Already read for the trend: drawn whole, and the older ones spread over what is left.
          keepAllSince: trendSince(window),
          wanted: (entry) => atRisk.has(subnetKey(entry)),
        }),
      ])
      const maps = decodedMaps(items)
      return {
        report,
        expectedTargets: stored.header.expectedTargets,
        thresholds: scope.thresholds,
        historyDays,
        histories: new Map([...histories].map(([key, history]) => [key, history.observations])),
        blockMaps: maps.decoded,
        unreadableBlockMaps: maps.unreadable,
      }
    },
  }
}
export type ReportReader = ReturnType<typeof createReportReader>
