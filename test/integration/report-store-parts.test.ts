import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DynamoDbReportStore, SUBNETS_PER_ITEM } from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import type { TargetResult } from '../../lib/schemas/report.ts'
import { fleet } from '../builders/report-fleet.ts'
import { startDynamoDb } from '../support/dynalite.ts'

// A region with thousands of subnets is one target: its result must be stored whole although DynamoDB
// refuses any item over 400 KB (dynalite enforces the same limit).

const WINDOW = '2026-11-20T06:00:00.000Z'

/** A target of `count` subnets, each with its three worst owners: the largest entries a report writes. */
function target(count: number, scannedAt = WINDOW): TargetResult {
  return {
    account: '111122223333',
    region: 'eu-west-1',
    status: 'ok',
    error: null,
    scannedAt,
    subnets: fleet(count, 0, 20, 1).report.subnets.map(({ trend: _trend, ...entry }) => ({
      ...entry,
      account: '111122223333',
      worstOwners: [
        { kind: 'eks-pod-eni', ips: 812 },
        { kind: 'ec2-primary', ips: 40 },
        { kind: 'load-balancer', ips: 6 },
      ],
    })),
  }
}

describe('a target with more subnets than one item holds', () => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>
  let store: DynamoDbReportStore
  beforeEach(async () => {
    dynamo = await startDynamoDb()
    store = new DynamoDbReportStore(dynamo.client, dynamo.tableName)
    await store.startReport({ scope: 'fleet', window: WINDOW, expectedTargets: 1, createdAt: WINDOW }, 0)
  })
  afterEach(async () => {
    await dynamo?.stop()
  })

  it.each([
    ['none', 0],
    ['exactly one item’s worth', SUBNETS_PER_ITEM],
    ['more than one item could ever hold', 2600],
  ])('stores and reads back every subnet: %s', async (_why, count) => {
    // Act
    await store.putTarget('fleet', WINDOW, target(count), 0)
    const read = await store.read('fleet', WINDOW)
    // Assess
    expect(read?.targets).toEqual([target(count)])
    expect(await store.list('fleet', { limit: 5 })).toHaveLength(1)
  })

  it('a re-run with fewer subnets replaces the result: the older run’s extra parts are not read', async () => {
    await store.putTarget('fleet', WINDOW, target(2600), 0)
    const rerun = target(300, '2026-11-20T06:20:00.000Z')
    await store.putTarget('fleet', WINDOW, rerun, 0)
    expect((await store.read('fleet', WINDOW))?.targets).toEqual([rerun])
  })

  it('still reads a result stored whole in one item, as earlier versions wrote them', async () => {
    const earlier = target(40)
    await dynamo.client.send(
      new PutItemCommand({
        TableName: dynamo.tableName,
        Item: marshall({
          pk: 'REPORT#fleet',
          sk: `${WINDOW}#TARGET#${earlier.account}#${earlier.region}`,
          ...earlier,
          expiresAt: 0,
        }),
      }),
    )
    expect((await store.read('fleet', WINDOW))?.targets).toEqual([earlier])
  })

  it('two runs of one target at once (a message delivered twice) never mix their parts', async () => {
    // Prepare: run A writes its parts and stalls; run B writes all of its result; then A writes its own
    const runA = target(700, '2026-11-20T06:01:00.000Z')
    const runB = target(700, '2026-11-20T06:02:00.000Z')
    const stalled = new DynamoDbReportStore(dynamo.client, dynamo.tableName)
    const send = dynamo.client.send.bind(dynamo.client)
    let writes = 0
    const stalling = {
      send: async (command: Parameters<typeof send>[0]) => {
        // A's two parts go through; its result (the third write) waits for B.
        if (++writes === 3) await store.putTarget('fleet', WINDOW, runB, 0)
        return send(command as never)
      },
    } as unknown as typeof dynamo.client
    // Act
    await new DynamoDbReportStore(stalling, dynamo.tableName).putTarget('fleet', WINDOW, runA, 0)
    // Assess: the result stored last is A's, whole
    expect((await stalled.read('fleet', WINDOW))?.targets).toEqual([runA])
  })

  it('while a re-run writes its parts, readers see the earlier result whole', async () => {
    const earlier = target(600)
    await store.putTarget('fleet', WINDOW, earlier, 0)
    const rerun = target(1000, '2026-11-20T06:30:00.000Z')
    const send = dynamo.client.send.bind(dynamo.client)
    let writes = 0
    const failing = {
      send: async (command: Parameters<typeof send>[0]) => {
        // Its three parts are written; the result itself is not.
        if (++writes === 4) throw new Error('the worker was stopped')
        return send(command as never)
      },
    } as unknown as typeof dynamo.client
    await expect(
      new DynamoDbReportStore(failing, dynamo.tableName).putTarget('fleet', WINDOW, rerun, 0),
    ).rejects.toThrow()
    expect((await store.read('fleet', WINDOW))?.targets).toEqual([earlier])
  })
})
