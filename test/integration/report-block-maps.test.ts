import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type DynamoDBClient,
  QueryCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_VPC_ID, DemoVpcInventory } from '../../lib/adapters/demo/demo-vpc.ts'
import {
  BLOCK_MAP_BASE_DELAY_MS,
  BLOCK_MAP_BATCH_SIZE,
  BLOCK_MAP_RETRIES,
  DynamoDbReportStore,
} from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import { MemoryReportStore } from '../../lib/adapters/memory/memory-report-store.ts'
import { decodeBlockMap, encodeBlockMap } from '../../lib/domain/block-map-code.ts'
import { analyzeSubnet } from '../../lib/domain/subnet-analysis.ts'
import type { ReportStore } from '../../lib/ports/report-store.ts'
import { StoredBlockMap, type TargetResult } from '../../lib/schemas/report.ts'
import { createSubnetAnalysisService } from '../../lib/services/subnet-analysis.ts'
import { subnet } from '../builders/subnets.ts'
import { startDynamoDb } from '../support/dynalite.ts'

/** The maps as the reader takes them: each item checked against the stored shape. */
async function readBack(store: ReportStore, scope: string, window: string): Promise<StoredBlockMap[]> {
  return (await store.readBlockMaps(scope, window)).map((item) => StoredBlockMap.parse(item))
}

// Block maps kept with a report, in DynamoDB over HTTP (dynalite) and in memory: written in batches, read
// back whole, replaced by subnet, and never seen by the report's own read and list.

const SCOPE = 'fleet'
const WINDOW = '2026-11-20T06:00:00.000Z'
const LATER = '2026-11-21T06:00:00.000Z'
const EXPIRES = 1_800_000_000

const { analyses } = await createSubnetAnalysisService(() => new DemoVpcInventory(), 'us-east-1').scan({
  vpcId: DEMO_VPC_ID,
})

/** `count` maps over distinct accounts and regions, cycling through the demo subnets' real blocks. */
function demoMaps(count: number): StoredBlockMap[] {
  return Array.from({ length: count }, (_, index) =>
    encodeBlockMap(
      `1111222233${String(index % 10).padStart(2, '0')}`,
      index % 20 < 10 ? 'us-east-1' : 'eu-west-1',
      analyses[index % analyses.length] as (typeof analyses)[number],
    ),
  ).map((map, index) => ({ ...map, subnetId: `${map.subnetId}-${Math.floor(index / 20)}` }))
}

const keyOf = (map: StoredBlockMap) => `${map.account}/${map.region}/${map.subnetId}`
const sorted = (maps: StoredBlockMap[]) => [...maps].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1))

function target(account: string, region: string): TargetResult {
  return { account, region, status: 'ok', error: null, scannedAt: WINDOW, subnets: [] }
}

/** Sends through, recording each command; `unprocessed` may hold back part of a BatchWriteItem, as DynamoDB can. */
function recording(
  client: DynamoDBClient,
  unprocessed: (requests: WriteRequest[], call: number) => WriteRequest[] = () => [],
) {
  const calls: { command: string; input: unknown }[] = []
  const proxy = new Proxy(client, {
    get(real, property, receiver) {
      if (property !== 'send') return Reflect.get(real, property, receiver)
      return async (command: { constructor: { name: string }; input: unknown }) => {
        calls.push({ command: command.constructor.name, input: command.input })
        if (command.constructor.name !== 'BatchWriteItemCommand') return real.send(command as never)
        const input = command.input as BatchWriteItemCommandInput
        const [table, requests] = Object.entries(input.RequestItems ?? {})[0] as [string, WriteRequest[]]
        const held = unprocessed(
          requests,
          calls.filter((call) => call.command === command.constructor.name).length,
        )
        const sent = requests.filter((request) => !held.includes(request))
        if (sent.length > 0) await real.send(new BatchWriteItemCommand({ RequestItems: { [table]: sent } }))
        return { UnprocessedItems: held.length > 0 ? { [table]: held } : {} }
      }
    },
  })
  return { client: proxy, calls }
}

describe.each([
  ['DynamoDB (dynalite over HTTP)', 'dynamodb'],
  ['memory', 'memory'],
] as const)('block maps kept with a report: %s', (_name, kind) => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>> | undefined
  let store: ReportStore

  beforeEach(async () => {
    if (kind === 'dynamodb') {
      dynamo = await startDynamoDb()
      store = new DynamoDbReportStore(dynamo.client, dynamo.tableName)
    } else store = new MemoryReportStore()
  })
  afterEach(async () => {
    await dynamo?.stop()
    dynamo = undefined
  })

  it('60 maps (more than two batches) are read back equal, and decode', async () => {
    // Prepare
    const maps = demoMaps(60)
    // Act
    await store.putBlockMaps(SCOPE, WINDOW, maps, EXPIRES)
    const read = await readBack(store, SCOPE, WINDOW)
    // Assess
    expect(sorted(read)).toEqual(sorted(maps))
    for (const map of read) expect(decodeBlockMap(map).blocks.total).toBe(map.blocks.length / 2)
  })

  it('a re-put replaces the maps of the same account, region and subnet and keeps the others', async () => {
    // Prepare
    const maps = demoMaps(60)
    await store.putBlockMaps(SCOPE, WINDOW, maps, EXPIRES)
    const changed = maps
      .slice(0, 30)
      .map((map) => ({ ...map, fragmentationScore: 99, largestFreeCidr: null }))
    // Act
    await store.putBlockMaps(SCOPE, WINDOW, changed, EXPIRES)
    // Assess
    expect(sorted(await readBack(store, SCOPE, WINDOW))).toEqual(sorted([...changed, ...maps.slice(30)]))
  })

  it('the same subnet twice in one put keeps the last (DynamoDB refuses a batch naming a key twice)', async () => {
    // Prepare
    const [first] = demoMaps(1) as [StoredBlockMap]
    // Act
    await store.putBlockMaps(SCOPE, WINDOW, [first, { ...first, fragmentationScore: 7 }], EXPIRES)
    // Assess
    expect(await readBack(store, SCOPE, WINDOW)).toEqual([{ ...first, fragmentationScore: 7 }])
  })

  it.each([
    ['another window of the same scope', 'fleet', LATER],
    ['the same window of another scope', 'other', WINDOW],
    ['a window that begins like this one', 'fleet', '2026-11-20T06:00:00'],
  ])('maps of %s are not returned', async (_reason, scope, window) => {
    // Prepare
    await store.putBlockMaps(SCOPE, WINDOW, demoMaps(3), EXPIRES)
    // Act, Assess
    expect(await readBack(store, scope, window)).toEqual([])
  })

  it('read and list answer the same with maps present: no map item, no change', async () => {
    // Prepare
    for (const window of [WINDOW, LATER]) {
      await store.startReport({ scope: SCOPE, window, expectedTargets: 2, createdAt: window }, EXPIRES)
      await store.putTarget(SCOPE, window, target('self', 'us-east-1'), EXPIRES)
      await store.putTarget(SCOPE, window, target('111122223333', 'eu-west-1'), EXPIRES)
    }
    await store.finalize(SCOPE, WINDOW, LATER)
    const lists = [
      { limit: 10 },
      { limit: 1 },
      { limit: 10, since: WINDOW },
      { limit: 10, until: WINDOW },
      { limit: 10, before: LATER },
    ]
    const before = {
      reads: await Promise.all([WINDOW, LATER].map((window) => store.read(SCOPE, window))),
      lists: await Promise.all(lists.map((options) => store.list(SCOPE, options))),
    }
    // Act
    for (const window of [WINDOW, LATER]) await store.putBlockMaps(SCOPE, window, demoMaps(60), EXPIRES)
    const after = {
      reads: await Promise.all([WINDOW, LATER].map((window) => store.read(SCOPE, window))),
      lists: await Promise.all(lists.map((options) => store.list(SCOPE, options))),
    }
    // Assess
    expect(after).toEqual(before)
    expect(after.reads.map((read) => read?.targets.length)).toEqual([2, 2])
    expect(after.lists.map((list) => list.length)).toEqual([2, 1, 2, 1, 1])
  })
})

describe('block maps in DynamoDB: items, batches and unprocessed writes', () => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>

  beforeEach(async () => {
    dynamo = await startDynamoDb()
  })
  afterEach(async () => {
    await dynamo.stop()
  })

  async function rawItems(prefix: string) {
    const page = await dynamo.client.send(
      new QueryCommand({
        TableName: dynamo.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': { S: `REPORT#${SCOPE}` }, ':prefix': { S: prefix } },
      }),
    )
    return (page.Items ?? []).map((item) => unmarshall(item))
  }

  it('one item per subnet under MAP#<window>#<account>#<region>#<subnet>, with the TTL, in batches of 25', async () => {
    // Prepare
    const { client, calls } = recording(dynamo.client)
    const maps = demoMaps(60)
    // Act
    await new DynamoDbReportStore(client, dynamo.tableName).putBlockMaps(SCOPE, WINDOW, maps, EXPIRES)
    // Assess
    const sizes = calls
      .filter((call) => call.command === 'BatchWriteItemCommand')
      .map((call) => Object.values((call.input as BatchWriteItemCommandInput).RequestItems ?? {})[0]?.length)
    expect(sizes).toEqual([BLOCK_MAP_BATCH_SIZE, BLOCK_MAP_BATCH_SIZE, 60 - 2 * BLOCK_MAP_BATCH_SIZE])
    const items = await rawItems('MAP#')
    expect(items.map((item) => item.sk).sort()).toEqual(
      maps.map((map) => `MAP#${WINDOW}#${map.account}#${map.region}#${map.subnetId}`).sort(),
    )
    expect(items.every((item) => item.expiresAt === EXPIRES)).toBe(true)
  })

  it('reads every page: 150 /16 maps (8 KB each) are more than one 1 MB query page', async () => {
    // Prepare
    const wide = encodeBlockMap('self', 'us-east-1', analyzeSubnet(subnet({ cidr: '10.30.0.0/16' }), [], []))
    const maps = Array.from({ length: 150 }, (_, index) => ({ ...wide, subnetId: `subnet-${index}` }))
    const { client, calls } = recording(dynamo.client)
    const store = new DynamoDbReportStore(client, dynamo.tableName)
    await store.putBlockMaps(SCOPE, WINDOW, maps, EXPIRES)
    // Act
    const read = await readBack(store, SCOPE, WINDOW)
    // Assess
    expect(calls.filter((call) => call.command === 'QueryCommand').length).toBeGreaterThan(1)
    expect(sorted(read)).toEqual(sorted(maps))
  })

  it('writes held back as unprocessed are sent again after a growing pause', async () => {
    // Prepare: the first two answers leave the second half of the batch unprocessed.
    const { client } = recording(dynamo.client, (requests, call) =>
      call <= 2 ? requests.slice(Math.ceil(requests.length / 2)) : [],
    )
    const pauses: number[] = []
    const store = new DynamoDbReportStore(client, dynamo.tableName, async (ms) => {
      pauses.push(ms)
    })
    const maps = demoMaps(20)
    // Act
    await store.putBlockMaps(SCOPE, WINDOW, maps, EXPIRES)
    // Assess
    expect(pauses).toEqual([BLOCK_MAP_BASE_DELAY_MS, 2 * BLOCK_MAP_BASE_DELAY_MS])
    expect(sorted(await readBack(store, SCOPE, WINDOW))).toEqual(sorted(maps))
  })

  it('writes DynamoDB never takes fail after a bounded number of retries', async () => {
    // Prepare
    const { client, calls } = recording(dynamo.client, (requests) => requests)
    const pauses: number[] = []
    const store = new DynamoDbReportStore(client, dynamo.tableName, async (ms) => {
      pauses.push(ms)
    })
    // Act, Assess
    await expect(store.putBlockMaps(SCOPE, WINDOW, demoMaps(3), EXPIRES)).rejects.toThrow(
      /3 block map writes unprocessed/,
    )
    expect(calls.filter((call) => call.command === 'BatchWriteItemCommand')).toHaveLength(
      BLOCK_MAP_RETRIES + 1,
    )
    expect(pauses).toHaveLength(BLOCK_MAP_RETRIES)
  })
})
