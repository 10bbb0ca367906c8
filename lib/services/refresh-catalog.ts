import { recordFingerprint } from '../domain/record-fingerprint.ts'
import type { Clock } from '../ports/clock.ts'
import type { CatalogStore, InstanceTypeSource, StoredRecord } from '../ports/instance-catalog.ts'
import type { Telemetry } from '../ports/telemetry.ts'

export const REFRESH_SOURCE = 'EC2 DescribeInstanceTypes'
/**
 * More of the cached types missing from one answer than this share is not believed: an answer that ends
 * early (a lost NextToken, a partial listing) would otherwise mark hundreds of live types missing. Such a
 * refresh fails and changes nothing. (A page cut off mid-XML is already refused by the SDK's parser.)
 */
export const MAX_MISSING_SHARE = 0.05
/**
 * The dimensions of the CatalogAgeHours metric, which the stale-catalog alarm names exactly: one
 * figure for the whole deployment, the age of its oldest region's catalog.
 */
export const CATALOG_AGE_DIMENSIONS = { Service: 'eks-ip-capacity' } as const
/** The hourly schedule's input to the refresh function: only report the catalog's age (no EC2 call). */
export const CATALOG_AGE_CHECK = { check: 'catalog-age' } as const
const HOUR_MS = 3_600_000

export interface RegionRefresh {
  region: string
  ok: boolean
  typesSeen: number
  typesChanged: number
  typesMissing: number
  ec2Calls: number
  ec2Retries: number
  dynamoDbBatches: number
  durationMs: number
  error: string | null
}

/**
 * Keeps each region's cached catalog current. Only records whose facts changed are written; a type
 * missing from one answer is marked, never deleted; a region that fails keeps its records and META.
 */
export function createCatalogRefresher(deps: {
  source: InstanceTypeSource
  store: CatalogStore
  clock: Clock
  telemetry: Telemetry
}) {
  async function refreshRegion(region: string): Promise<RegionRefresh> {
    const started = deps.clock.now()
    const now = started.toISOString()
    const report: RegionRefresh = {
      region,
      ok: false,
      typesSeen: 0,
      typesChanged: 0,
      typesMissing: 0,
      ec2Calls: 0,
      ec2Retries: 0,
      dynamoDbBatches: 0,
      durationMs: 0,
      error: null,
    }
    try {
      // Everything is read before anything is written, so a failed read changes nothing.
      const { records, calls, retries } = await deps.source.listInstanceTypes(region)
      Object.assign(report, { typesSeen: records.length, ec2Calls: calls, ec2Retries: retries })
      if (records.length === 0) throw new Error('EC2 answered with no instance types')
      const stored = await deps.store.readFingerprints(region)

      const changed: StoredRecord[] = []
      for (const record of records) {
        const fingerprint = recordFingerprint(record)
        const before = stored.get(record.instanceType)
        if (before && before.fingerprint === fingerprint && before.missingSince === null) continue
        const updatedAt = before && before.fingerprint === fingerprint ? before.updatedAt : now
        changed.push({ record, fingerprint, updatedAt, seenAt: now })
      }
      const seen = new Set(records.map((record) => record.instanceType))
      const missing = [...stored]
        .filter(([name, item]) => !seen.has(name) && item.missingSince === null)
        .map(([name]) => name)

      if (stored.size > 0 && missing.length > stored.size * MAX_MISSING_SHARE) {
        throw new Error(
          `EC2 listed ${records.length} types, ${missing.length} of the ${stored.size} cached are missing from it: an incomplete answer, not trusted`,
        )
      }
      const { batches } = await deps.store.putRecords(region, changed)
      await deps.store.markMissing(region, missing, now)
      await deps.store.writeMeta(region, {
        refreshedAt: now,
        typeCount: records.length,
        source: REFRESH_SOURCE,
      })
      Object.assign(report, {
        ok: true,
        typesChanged: changed.length,
        typesMissing: missing.length,
        dynamoDbBatches: batches,
      })
    } catch (error) {
      report.error = (error as Error).message
      await deps.store.recordError(region, report.error, now).catch((cause: Error) => {
        deps.telemetry.error('could not record the refresh error', { region, error: cause.message })
      })
    }
    report.durationMs = deps.clock.now().getTime() - started.getTime()
    log(report)
    return report
  }

  function log(report: RegionRefresh): void {
    const { region, error, ok, ...figures } = report
    if (ok) deps.telemetry.info('catalog refreshed', { region, ...figures })
    else deps.telemetry.error('catalog refresh failed; previous catalog kept', { region, error, ...figures })
    deps.telemetry.metrics(
      { Region: region },
      {
        RefreshSucceeded: ok ? 1 : 0,
        TypesSeen: report.typesSeen,
        TypesChanged: report.typesChanged,
        TypesMissing: report.typesMissing,
        Ec2Calls: report.ec2Calls,
        Ec2Retries: report.ec2Retries,
        DynamoDbBatches: report.dynamoDbBatches,
        DurationMs: report.durationMs,
      },
    )
  }

  /** When a region's catalog was last refreshed, from its stored metadata; undefined if never or unreadable. */
  async function storedRefreshTime(region: string): Promise<number | undefined> {
    const meta = await deps.store.readMeta(region).catch((error: Error) => {
      deps.telemetry.warn('catalog age unknown', { region, error: error.message })
      return undefined
    })
    const at = meta ? Date.parse(meta.refreshedAt) : Number.NaN
    return Number.isNaN(at) ? undefined : at
  }

  /**
   * Hours since the oldest region's catalog was refreshed: 0 when every region just was, growing while
   * refreshes fail. A region that has never been refreshed has no age (its failed refreshes raise the
   * function's Errors alarm); when no region has one, nothing is emitted.
   */
  function emitCatalogAge(refreshedAt: readonly (number | undefined)[]): number | undefined {
    const known = refreshedAt.filter((at): at is number => at !== undefined)
    if (known.length === 0) return undefined
    const hours =
      Math.round((Math.max(0, deps.clock.now().getTime() - Math.min(...known)) / HOUR_MS) * 100) / 100
    deps.telemetry.metrics({ ...CATALOG_AGE_DIMENSIONS }, { CatalogAgeHours: hours })
    return hours
  }

  return {
    refreshRegion,
    /** Regions one after another: EC2 throttles per region, and one region's failure must not stop the rest. */
    async refresh(regions: readonly string[]): Promise<RegionRefresh[]> {
      const reports: RegionRefresh[] = []
      for (const region of regions) reports.push(await refreshRegion(region))
      const now = deps.clock.now().getTime()
      emitCatalogAge(
        await Promise.all(reports.map((report) => (report.ok ? now : storedRefreshTime(report.region)))),
      )
      return reports
    },

    /**
     * The catalog's age alone, read from the table: refreshes run every few hours, and an alarm on an age
     * reported only then would learn of a stale catalog hours late. A cheap hourly check keeps it current.
     */
    async reportAge(regions: readonly string[]): Promise<number | undefined> {
      return emitCatalogAge(await Promise.all(regions.map(storedRefreshTime)))
    },
  }
}
export type CatalogRefresher = ReturnType<typeof createCatalogRefresher>
