import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BATCH_SIZE,
  DynamoDbCatalogStore,
  UNPROCESSED_RETRIES,
} from '../../../../lib/adapters/dynamodb/dynamodb-catalog-store.ts'
import type { StoredRecord } from '../../../../lib/ports/instance-catalog.ts'
import { instanceType } from '../../../builders/catalog.ts'

const TABLE = 'catalog'
const dynamo = mockClient(DynamoDBClient)

function items(count: number): StoredRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    record: instanceType({ instanceType: `x9.size${index}` }),
    fingerprint: `f${index}`,
    updatedAt: '2026-11-22T00:00:00.000Z',
    seenAt: '2026-11-22T00:00:00.000Z',
  }))
}

describe('DynamoDbCatalogStore.putRecords', () => {
  afterEach(() => dynamo.reset())

  it('writes in batches of 25', async () => {
    dynamo.on(BatchWriteItemCommand).resolves({})
    const sleeps: number[] = []
    const store = new DynamoDbCatalogStore(new DynamoDBClient({}), TABLE, async (ms) => void sleeps.push(ms))

    const outcome = await store.putRecords('us-east-1', items(60))

    const sizes = dynamo
      .commandCalls(BatchWriteItemCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length)
    expect(sizes).toEqual([BATCH_SIZE, BATCH_SIZE, 10])
    expect(outcome).toEqual({ batches: 3, retriedItems: 0 })
    expect(sleeps).toEqual([])
  })

  it('retries unprocessed items with growing back-off until all are written', async () => {
    // Prepare: DynamoDB hands back 2 items, then 1, then takes the rest.
    const store = new DynamoDbCatalogStore(new DynamoDBClient({}), TABLE, async (ms) => void sleeps.push(ms))
    const sleeps: number[] = []
    dynamo.on(BatchWriteItemCommand).callsFake((input) => {
      const requests = input.RequestItems[TABLE]
      const call = dynamo.commandCalls(BatchWriteItemCommand).length
      const leftOver = call === 1 ? requests.slice(0, 2) : call === 2 ? requests.slice(0, 1) : []
      return { UnprocessedItems: leftOver.length > 0 ? { [TABLE]: leftOver } : {} }
    })
    // Act
    const outcome = await store.putRecords('us-east-1', items(5))
    // Assess
    const sizes = dynamo
      .commandCalls(BatchWriteItemCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length)
    expect(sizes).toEqual([5, 2, 1])
    expect(outcome).toEqual({ batches: 3, retriedItems: 3 })
    expect(sleeps).toEqual([50, 100])
  })

  it('fails rather than loop for ever when DynamoDB never takes an item', async () => {
    dynamo
      .on(BatchWriteItemCommand)
      .callsFake((input) => ({ UnprocessedItems: { [TABLE]: input.RequestItems[TABLE].slice(0, 1) } }))
    const store = new DynamoDbCatalogStore(new DynamoDBClient({}), TABLE, async () => {})

    await expect(store.putRecords('us-east-1', items(3))).rejects.toThrow(/1 catalog writes unprocessed/)
    expect(dynamo.commandCalls(BatchWriteItemCommand)).toHaveLength(UNPROCESSED_RETRIES + 1)
  })
})
