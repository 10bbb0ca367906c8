import type { Clock } from '../ports/clock.ts'
import type { CatalogEntry, CatalogOrigin, InstanceCatalog } from '../ports/instance-catalog.ts'
import type { Telemetry } from '../ports/telemetry.ts'
import type { CatalogInfo } from '../schemas/api/capacity.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import { TtlMemo } from './ttl-memo.ts'

/**
 * How long a warm container trusts what it read from DynamoDB. The cache changes at most once per
 * refresh (hours apart), so five minutes bounds how long superseded facts are served.
 */
export const CATALOG_MEMO_TTL_MS = 5 * 60_000
/** After a DynamoDB failure, retry it this soon rather than hammering it on every request. */
export const FALLBACK_MEMO_TTL_MS = 30_000

export interface Answer<T> {
  value: T
  origin: CatalogOrigin
}

export interface CatalogReaderDeps {
  /** The refreshed cache of a region; absent where only the snapshot exists (the CLI). */
  cacheFor?: (region: string) => InstanceCatalog
  snapshot: InstanceCatalog
  clock: Clock
  telemetry?: Telemetry
  staleAfterMs: number
}

/** The read path: per-container memo → DynamoDB cache → bundled snapshot; every answer says which. */
export function createCatalogReader(deps: CatalogReaderDeps) {
  const memo = new TtlMemo<Answer<unknown>>(deps.clock)
  // META is one item per region: read it once per memo period, not once per instance type asked about.
  const origins = new TtlMemo<CatalogOrigin | undefined>(deps.clock)
  const originOf = (region: string, cache: InstanceCatalog) =>
    origins.get(
      region,
      (origin) => (origin ? CATALOG_MEMO_TTL_MS : FALLBACK_MEMO_TTL_MS),
      () => cache.origin(),
    )
  const ttl = (answer: Answer<unknown>) =>
    answer.origin.source === 'dynamodb' ? CATALOG_MEMO_TTL_MS : FALLBACK_MEMO_TTL_MS

  async function readThrough<T>(
    region: string,
    what: string,
    fromCache: (cache: InstanceCatalog) => Promise<T | undefined>,
    fromSnapshot: (snapshot: InstanceCatalog) => Promise<T>,
  ): Promise<Answer<T>> {
    const load = async (): Promise<Answer<T>> => {
      const cache = deps.cacheFor?.(region)
      if (cache) {
        try {
          const origin = await originOf(region, cache)
          const value = origin ? await fromCache(cache) : undefined
          if (origin && value !== undefined) return { value, origin }
        } catch (error) {
          deps.telemetry?.warn('catalog cache unavailable; answering from the bundled snapshot', {
            region,
            what,
            error: (error as Error).message,
          })
        }
      }
      return {
        value: await fromSnapshot(deps.snapshot),
        origin: (await deps.snapshot.origin()) as CatalogOrigin,
      }
    }
    return (await memo.get(`${region}|${what}`, ttl, load)) as Answer<T>
  }

  return {
    get(region: string, instanceType: string): Promise<Answer<CatalogEntry | undefined>> {
      return readThrough(
        region,
        `type:${instanceType}`,
        (cache) => cache.get(instanceType),
        (snapshot) => snapshot.get(instanceType),
      )
    },

    list(region: string): Promise<Answer<readonly InstanceTypeRecord[]>> {
      return readThrough(
        region,
        'list',
        async (cache) => {
          const records = await cache.list()
          return records.length > 0 ? records : undefined
        },
        (snapshot) => snapshot.list(),
      )
    },

    /** The answer's provenance, with staleness judged now. */
    info(origin: CatalogOrigin): CatalogInfo {
      const refreshed = origin.refreshedAt ? Date.parse(origin.refreshedAt) : Number.NaN
      const stale =
        origin.source === 'snapshot' ||
        Number.isNaN(refreshed) ||
        deps.clock.now().getTime() - refreshed > deps.staleAfterMs
      return { source: origin.source, region: origin.region, refreshedAt: origin.refreshedAt, stale }
    },

    clear: () => {
      memo.clear()
      origins.clear()
    },
  }
}
export type CatalogReader = ReturnType<typeof createCatalogReader>
