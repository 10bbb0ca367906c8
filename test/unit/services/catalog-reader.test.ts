import { describe, expect, it } from 'vitest'
import type { CatalogEntry, CatalogOrigin, InstanceCatalog } from '../../../lib/ports/instance-catalog.ts'
import type { InstanceTypeRecord } from '../../../lib/schemas/instance-type.ts'
import {
  CATALOG_MEMO_TTL_MS,
  createCatalogReader,
  FALLBACK_MEMO_TTL_MS,
} from '../../../lib/services/catalog-reader.ts'
import { bundledCatalog, instanceType } from '../../builders/catalog.ts'
import { recordingTelemetry } from '../../support/recording-telemetry.ts'

const REGION = 'us-east-1'
const HOUR = 3_600_000

/** A cache that counts its reads and can be told to fail or to hold nothing. */
function fakeCache(records: InstanceTypeRecord[], refreshedAt = '2026-11-22T00:00:00.000Z') {
  const state = { reads: 0, failing: false, empty: false }
  const origin: CatalogOrigin = {
    source: 'dynamodb',
    region: REGION,
    refreshedAt,
    description: 'EC2 DescribeInstanceTypes',
  }
  const read = <T>(value: T): Promise<T> => {
    state.reads++
    return state.failing ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve(value)
  }
  const cache: InstanceCatalog = {
    get: (name) => {
      const record = records.find((candidate) => candidate.instanceType === name)
      return read<CatalogEntry | undefined>(record && { record, lifecycle: null })
    },
    list: () => read(records),
    origin: () => read(state.empty ? undefined : origin),
  }
  return { cache, state }
}

function clockAt(start: number) {
  const clock = { time: start, now: () => new Date(clock.time) }
  return clock
}

describe('catalog read path: memo → DynamoDB → snapshot', () => {
  const cached = instanceType({ instanceType: 'm5.large', ipv4PerEni: 12 })

  it('answers from DynamoDB and says so', async () => {
    const { cache } = fakeCache([cached])
    const reader = createCatalogReader({
      cacheFor: () => cache,
      snapshot: bundledCatalog,
      clock: clockAt(Date.parse('2026-11-22T01:00:00Z')),
      staleAfterMs: 12 * HOUR,
    })

    const answer = await reader.get(REGION, 'm5.large')

    expect(answer.value?.record.ipv4PerEni).toBe(12)
    expect(reader.info(answer.origin)).toEqual({
      source: 'dynamodb',
      region: REGION,
      refreshedAt: '2026-11-22T00:00:00.000Z',
      stale: false,
    })
  })

  it('serves a warm container from memory until the memo expires', async () => {
    const { cache, state } = fakeCache([cached])
    const clock = clockAt(Date.parse('2026-11-22T01:00:00Z'))
    const reader = createCatalogReader({
      cacheFor: () => cache,
      snapshot: bundledCatalog,
      clock,
      staleAfterMs: 12 * HOUR,
    })

    await reader.get(REGION, 'm5.large')
    const readsAfterFirst = state.reads
    clock.time += CATALOG_MEMO_TTL_MS - 1
    await reader.get(REGION, 'm5.large')
    expect(state.reads).toBe(readsAfterFirst)
    clock.time += 2
    await reader.get(REGION, 'm5.large')
    expect(state.reads).toBe(readsAfterFirst * 2)
  })

  it('reads the region’s META once for many types, not once per type', async () => {
    const records = ['m5.large', 'm5.xlarge', 'c5.large'].map((name) => instanceType({ instanceType: name }))
    const { cache, state } = fakeCache(records)
    const reader = createCatalogReader({
      cacheFor: () => cache,
      snapshot: bundledCatalog,
      clock: clockAt(Date.parse('2026-11-22T01:00:00Z')),
      staleAfterMs: 12 * HOUR,
    })

    for (const record of records) await reader.get(REGION, record.instanceType)

    // One META read, then one read per type.
    expect(state.reads).toBe(1 + records.length)
  })

  it('falls back to the snapshot when DynamoDB fails, marks it stale, and retries DynamoDB sooner', async () => {
    const { cache, state } = fakeCache([cached])
    state.failing = true
    const clock = clockAt(Date.parse('2026-11-22T01:00:00Z'))
    const { telemetry, logs } = recordingTelemetry()
    const reader = createCatalogReader({
      cacheFor: () => cache,
      snapshot: bundledCatalog,
      clock,
      telemetry,
      staleAfterMs: 12 * HOUR,
    })

    const answer = await reader.get(REGION, 'm5.large')
    expect(answer.value?.record.ipv4PerEni).toBe(10)
    expect(reader.info(answer.origin)).toMatchObject({ source: 'snapshot', stale: true })
    expect(logs[0]).toMatchObject({
      level: 'warn',
      fields: { region: REGION, error: 'connect ECONNREFUSED' },
    })

    state.failing = false
    clock.time += FALLBACK_MEMO_TTL_MS + 1
    expect((await reader.get(REGION, 'm5.large')).origin.source).toBe('dynamodb')
  })

  it('falls back to the snapshot for a type DynamoDB lacks, and for a region never refreshed', async () => {
    const { cache, state } = fakeCache([cached])
    const reader = createCatalogReader({
      cacheFor: () => cache,
      snapshot: bundledCatalog,
      clock: clockAt(0),
      staleAfterMs: HOUR,
    })
    expect((await reader.get(REGION, 'c5.large')).origin.source).toBe('snapshot')
    state.empty = true
    reader.clear()
    expect((await reader.list(REGION)).origin.source).toBe('snapshot')
  })

  it('calls a cache older than the staleness window stale', async () => {
    const { cache } = fakeCache([cached], '2026-11-21T00:00:00.000Z')
    const reader = createCatalogReader({
      cacheFor: () => cache,
      snapshot: bundledCatalog,
      clock: clockAt(Date.parse('2026-11-22T00:00:00Z')),
      staleAfterMs: 12 * HOUR,
    })
    expect(reader.info((await reader.get(REGION, 'm5.large')).origin).stale).toBe(true)
  })
})
