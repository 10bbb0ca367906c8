import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DynamoDbReportStore } from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import type { TargetResult } from '../../lib/schemas/report.ts'
import { fleet } from '../builders/report-fleet.ts'
import { startDynamoDb } from '../support/dynalite.ts'

// Listings (the report list, trends, histories, pages) read headers only: in DynamoDB a filter applies
// after the read, so a listing over the windows themselves would read every subnet of every report.

const windowOf = (index: number) =>
  new Date(Date.parse('2026-11-01T00:00:00.000Z') + index * 21_600_000).toISOString()

function bigTarget(window: string): TargetResult {
  return {
    account: 'self',
    region: 'us-east-1',
    status: 'ok',
    error: null,
    scannedAt: window,
    subnets: fleet(800, 0, 20, 1).report.subnets.map(({ trend: _trend, ...entry }) => ({
      ...entry,
      account: 'self',
    })),
  }
}

describe('the report header index', () => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>
  let scanned: number
  let store: DynamoDbReportStore
  beforeEach(async () => {
    dynamo = await startDynamoDb()
    scanned = 0
    // Counts what each Query read before any filter: what DynamoDB charges for, and waits on.
    const counting = {
      send: async (command: Parameters<DynamoDBClient['send']>[0]) => {
        const answer = await dynamo.client.send(command as never)
        if (command instanceof QueryCommand)
          scanned += (answer as { ScannedCount?: number }).ScannedCount ?? 0
        return answer
      },
    } as unknown as DynamoDBClient
    store = new DynamoDbReportStore(counting, dynamo.tableName)
  })
  afterEach(async () => {
    await dynamo?.stop()
  })

  /** A header as versions before the index wrote it: the window's own item, no index entry. */
  async function legacyHeader(window: string) {
    await dynamo.client.send(
      new PutItemCommand({
        TableName: dynamo.tableName,
        Item: marshall({
          pk: 'REPORT#default',
          sk: `${window}#HEADER`,
          scope: 'default',
          window,
          expectedTargets: 1,
          createdAt: window,
          expiresAt: 0,
        }),
      }),
    )
  }

  it('lists twelve reports of 800 subnets each by reading their headers only', async () => {
    for (let index = 0; index < 12; index++) {
      await store.startReport(
        { scope: 'default', window: windowOf(index), expectedTargets: 1, createdAt: windowOf(index) },
        0,
      )
      await store.putTarget('default', windowOf(index), bigTarget(windowOf(index)), 0)
    }
    scanned = 0
    const listed = await store.list('default', { limit: 100 })
    expect(listed.map((header) => header.window)).toEqual(
      Array.from({ length: 12 }, (_, index) => windowOf(11 - index)),
    )
    // Twelve index entries and the oldest one looked up again; none of the 48 target parts.
    expect(scanned).toBeLessThanOrEqual(13)
  })

  it('lists reports written before the index after the indexed ones, newest first, within since, until and before', async () => {
    for (const index of [0, 1, 2]) await legacyHeader(windowOf(index))
    for (const index of [3, 4]) {
      await store.startReport(
        { scope: 'default', window: windowOf(index), expectedTargets: 1, createdAt: windowOf(index) },
        0,
      )
    }
    const windows = async (options: Parameters<DynamoDbReportStore['list']>[1]) =>
      (await store.list('default', options)).map((header) => header.window)
    expect(await windows({ limit: 10 })).toEqual([4, 3, 2, 1, 0].map(windowOf))
    expect(await windows({ limit: 3 })).toEqual([4, 3, 2].map(windowOf))
    expect(await windows({ limit: 10, since: windowOf(1), until: windowOf(3) })).toEqual(
      [3, 2, 1].map(windowOf),
    )
    expect(await windows({ limit: 10, before: windowOf(3) })).toEqual([2, 1, 0].map(windowOf))
    expect(await windows({ limit: 10, since: windowOf(4) })).toEqual([windowOf(4)])
  })

  it('a scope with no index yet lists the old way', async () => {
    for (const index of [0, 1]) await legacyHeader(windowOf(index))
    expect((await store.list('default', { limit: 10 })).map((header) => header.window)).toEqual(
      [1, 0].map(windowOf),
    )
  })

  it('finalizing marks the listed header once; a header from before the index finalizes too', async () => {
    await store.startReport(
      { scope: 'default', window: windowOf(1), expectedTargets: 1, createdAt: windowOf(1) },
      0,
    )
    await legacyHeader(windowOf(0))
    expect(await store.finalize('default', windowOf(1), 'first')).toBe(true)
    expect(await store.finalize('default', windowOf(1), 'second')).toBe(false)
    expect(await store.finalize('default', windowOf(0), 'old')).toBe(true)
    expect((await store.list('default', { limit: 10 })).map((header) => header.finalizedAt)).toEqual([
      'first',
      'old',
    ])
  })

  it('a start that stopped between the header and its index entry is completed by the retry, listed once', async () => {
    await legacyHeader(windowOf(0))
    await store.startReport(
      { scope: 'default', window: windowOf(0), expectedTargets: 3, createdAt: 'retry' },
      0,
    )
    const listed = await store.list('default', { limit: 10 })
    // One entry, and it is the header as first written, not the retry's.
    expect(listed).toEqual([(await store.read('default', windowOf(0)))?.header])
    expect(listed[0]).toMatchObject({ expectedTargets: 1, createdAt: windowOf(0) })
  })

  it('a finalize that stopped between the header and its index entry is mended by the next call', async () => {
    // Prepare: a header finalized the old way, by its own item only
    await store.startReport(
      { scope: 'default', window: windowOf(0), expectedTargets: 1, createdAt: windowOf(0) },
      0,
    )
    await dynamo.client.send(
      new UpdateItemCommand({
        TableName: dynamo.tableName,
        Key: marshall({ pk: 'REPORT#default', sk: `${windowOf(0)}#HEADER` }),
        UpdateExpression: 'SET finalizedAt = :at',
        ExpressionAttributeValues: marshall({ ':at': 'first' }),
      }),
    )
    // Act
    const again = await store.finalize('default', windowOf(0), 'second')
    // Assess
    expect(again).toBe(false)
    expect((await store.list('default', { limit: 1 }))[0]?.finalizedAt).toBe('first')
  })

  it('a retried start copies the stored header whole: final or not, and its expiry', async () => {
    await legacyHeader(windowOf(0))
    await store.finalize('default', windowOf(0), 'F0')
    await store.startReport(
      { scope: 'default', window: windowOf(0), expectedTargets: 1, createdAt: 'retry' },
      999,
    )
    const [entry] = await store.list('default', { limit: 1 })
    expect(entry).toMatchObject({ finalizedAt: 'F0', createdAt: windowOf(0) })
    const { Item } = await dynamo.client.send(
      new GetItemCommand({
        TableName: dynamo.tableName,
        Key: marshall({ pk: 'REPORT#default', sk: `WINDOW#${windowOf(0)}` }),
      }),
    )
    expect(Item?.expiresAt).toEqual({ N: '0' })
  })
})
