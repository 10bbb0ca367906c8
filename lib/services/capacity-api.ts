import type { CatalogStore } from '../ports/instance-catalog.ts'
import type { Telemetry } from '../ports/telemetry.ts'
import {
  DEFAULT_PAGE_SIZE,
  type InstanceTypesQuery,
  type IpUsageBody,
  type MaxPodsBatchRequest,
  type MaxPodsQuery,
} from '../schemas/api/capacity.ts'
import { encodeCursor } from '../schemas/api/query-params.ts'
import { MaxPodsSettings } from '../schemas/max-pods.ts'
import { parseInput } from '../schemas/parse.ts'
import type { CatalogReader } from './catalog-reader.ts'
import { ipUsageConfiguration, maxPodsConfiguration } from './configuration.ts'
import type { InstanceTypesService } from './instance-types.ts'
import type { IpUsageService } from './ip-usage.ts'
import type { MaxPodsService } from './max-pods.ts'

/** The capacity API's answers, shaped for the wire; handlers only parse and call one of these. */
export function createCapacityApi(deps: {
  instanceTypes: InstanceTypesService
  maxPods: MaxPodsService
  ipUsage: IpUsageService
  reader: CatalogReader
  health: Pick<CatalogStore, 'readMeta'>
  telemetry: Telemetry
  defaultRegion: string
  version: string
}) {
  const { instanceTypes, maxPods, reader } = deps

  return {
    async listInstanceTypes(query: InstanceTypesQuery) {
      const { value, origin } = await instanceTypes.list(query, query.region)
      // The query schema has already decoded the cursor to the last type of the previous page.
      const after = query.cursor
      const sorted = [...value].sort((a, b) => compare(a.instanceType, b.instanceType))
      const start =
        after === undefined ? 0 : sorted.findIndex((record) => compare(record.instanceType, after) > 0)
      const size = query.limit ?? DEFAULT_PAGE_SIZE
      const items = start < 0 ? [] : sorted.slice(start, start + size)
      const last = items.at(-1)
      const more = start >= 0 && start + size < sorted.length
      return {
        items,
        nextCursor: more && last ? encodeCursor(last.instanceType) : null,
        catalog: reader.info(origin),
      }
    },

    async getInstanceType(instanceType: string, region: string | undefined) {
      const { value, origin } = await instanceTypes.get(instanceType, region)
      return {
        facts: value.record,
        lifecycle: value.lifecycle,
        catalog: reader.info(origin),
        catalogSource: origin.description,
      }
    },

    async maxPodsFor(instanceType: string, query: MaxPodsQuery) {
      const { region, emit, ...settingsInput } = query
      const settings = parseInput(MaxPodsSettings, settingsInput)
      const { value, origin } = await maxPods.forInstanceTypes([instanceType], settings, region)
      const configuration = emit && maxPodsConfiguration(emit, value, settingsInput)
      return {
        ...(value[0] as NonNullable<(typeof value)[0]>),
        catalog: reader.info(origin),
        ...(configuration ? { configuration } : {}),
      }
    },

    async maxPodsBatch(request: MaxPodsBatchRequest) {
      const { value, origin } = await maxPods.batch(request)
      return { results: value, catalog: reader.info(origin) }
    },

    async ipUsage(body: IpUsageBody) {
      const { emit, ...request } = body
      const { value, origin } = await deps.ipUsage.forNode(request)
      const configuration = emit && ipUsageConfiguration(emit, value, request)
      return { ...value, catalog: reader.info(origin), ...(configuration ? { configuration } : {}) }
    },

    async health() {
      const region = deps.defaultRegion
      const base = { version: deps.version }
      try {
        const meta = await deps.health.readMeta(region)
        if (!meta || meta.refreshedAt === '') {
          return {
            ...base,
            status: 'degraded' as const,
            catalog: {
              dynamodb: 'empty' as const,
              region,
              refreshedAt: null,
              typeCount: 0,
              lastError: meta?.lastError?.message ?? null,
            },
          }
        }
        const fresh = !reader.info({
          source: 'dynamodb',
          region,
          refreshedAt: meta.refreshedAt,
          description: meta.source,
        }).stale
        return {
          ...base,
          status: fresh && !meta.lastError ? ('ok' as const) : ('degraded' as const),
          catalog: {
            dynamodb: 'ok' as const,
            region,
            refreshedAt: meta.refreshedAt,
            typeCount: meta.typeCount,
            lastError: meta.lastError?.message ?? null,
          },
        }
      } catch (error) {
        deps.telemetry.warn('health: DynamoDB unreachable', { error: (error as Error).message })
        return {
          ...base,
          status: 'degraded' as const,
          catalog: {
            dynamodb: 'unreachable' as const,
            region,
            refreshedAt: null,
            typeCount: 0,
            lastError: null,
          },
        }
      }
    },
  }
}
export type CapacityApi = ReturnType<typeof createCapacityApi>

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
