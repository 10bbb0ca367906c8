import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DynamoDbCatalog } from '../../lib/adapters/dynamodb/dynamodb-catalog.ts'
import { DynamoDbCatalogStore } from '../../lib/adapters/dynamodb/dynamodb-catalog-store.ts'
import { DynamoDbReportStore } from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import { Ec2InstanceTypeSource } from '../../lib/adapters/ec2/ec2-instance-type-source.ts'
import { scanClient } from '../../lib/adapters/ec2/scan-client.ts'
import { consoleTelemetry } from '../../lib/adapters/observability/console-telemetry.ts'
import { ReportScope } from '../../lib/schemas/report.ts'
import { createCatalogRefresher } from '../../lib/services/refresh-catalog.ts'
import { createReportService } from '../../lib/services/reports.ts'
import { bundledCatalog, describedRecords, toEc2InstanceType } from '../builders/catalog.ts'
import { demoNetwork } from '../support/demo-network.ts'
import { startDynamoDb, TEST_CREDENTIALS } from '../support/dynalite.ts'
import { FakeEc2, INTERNAL_ERROR } from '../support/fake-ec2.ts'

// Faults in EC2 and DynamoDB: storms of 500s, calls that never answer, pages cut off half way, a table that
// fails in the middle of a refresh or a report. Nothing stored is lost or half-written, and every answer
// says when it is degraded.

const REGION = 'us-east-1'
const quiet = consoleTelemetry(() => {})

/** A DynamoDB client that starts failing once `healthyCalls` of the given command have gone through. */
function failingAfter(client: DynamoDBClient, command: string, healthyCalls: number): DynamoDBClient {
  let seen = 0
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver)
      return (input: { constructor: { name: string } }) => {
        if (input.constructor.name === command && ++seen > healthyCalls)
          return Promise.reject(new Error('DynamoDB unavailable'))
        return target.send(input as never)
      }
    },
  })
}

describe('fault injection', () => {
  const ec2 = new FakeEc2()
  let endpoint: string
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>
  let tick = 0
  const clock = { now: () => new Date(Date.UTC(2026, 10, 22, 0, tick++)) }

  beforeAll(async () => {
    endpoint = await ec2.start()
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey
  })
  afterAll(async () => {
    await ec2.stop()
    await dynamo?.stop()
  })
  beforeEach(async () => {
    ec2.reset()
    await dynamo?.stop()
    dynamo = await startDynamoDb()
    ec2.setInstanceTypes(REGION, (await describedRecords()).map(toEc2InstanceType))
  })

  function refresher(
    options: { requestTimeoutMs?: number; maxAttempts?: number; client?: DynamoDBClient } = {},
  ) {
    const client = scanClient({ region: REGION, endpoint, ...options })
    return createCatalogRefresher({
      source: new Ec2InstanceTypeSource(
        () => client,
        () => bundledCatalog.trunkingByType(),
      ),
      store: new DynamoDbCatalogStore(options.client ?? dynamo.client, dynamo.tableName),
      clock,
      telemetry: quiet,
    })
  }
  const cache = () => new DynamoDbCatalog(dynamo.client, dynamo.tableName, REGION)

  it('a storm of 500s: the refresh still completes', async () => {
    ec2.failCalls((_call, index) => (index < 5 ? INTERNAL_ERROR : undefined))
    const [report] = await refresher().refresh([REGION])
    expect(report).toMatchObject({ ok: true, typesSeen: (await describedRecords()).length })
  }, 60_000)

  it.each([
    ['calls that never answer (timeouts)', () => ec2.delay(1_500), { requestTimeoutMs: 200, maxAttempts: 2 }],
    [
      'a page cut off half way',
      () => {
        const fourthPage = ec2.calls.length + 3
        ec2.truncateCalls((_call, index) => index === fourthPage)
      },
      {},
    ],
  ])(
    '%s: the refresh fails, and the previous catalog and META stay as they were',
    async (_why, fault, options) => {
      await refresher().refresh([REGION])
      const metaBefore = await cache().origin()
      const before = await cache().list()
      fault()
      const [report] = await refresher(options).refresh([REGION])
      expect(report?.ok, report?.error ?? '').toBe(false)
      expect(await cache().origin()).toEqual(metaBefore)
      expect(await cache().list()).toEqual(before)
      const meta = await new DynamoDbCatalogStore(dynamo.client, dynamo.tableName).readMeta(REGION)
      expect(meta?.lastError).not.toBeNull()
    },
    60_000,
  )

  it('DynamoDB failing mid-refresh: no half-written record, META untouched, the next refresh completes the catalog', async () => {
    const [failed] = await refresher({
      client: failingAfter(dynamo.client, 'BatchWriteItemCommand', 10),
    }).refresh([REGION])
    expect(failed?.ok).toBe(false)
    expect(await cache().origin()).toBeUndefined()
    const partial = await cache().list()
    // Whatever was written is whole: every stored record equals its catalog record.
    const expected = new Map((await describedRecords()).map((record) => [record.instanceType, record]))
    for (const record of partial) expect(record).toEqual(expected.get(record.instanceType))
    expect(partial.length).toBe(10 * 25)

    const [healed] = await refresher().refresh([REGION])
    expect(healed).toMatchObject({ ok: true, typesChanged: expected.size - partial.length })
    expect(await cache().list()).toEqual(await describedRecords())
  })

  it('DynamoDB failing mid-report: the other targets are kept and the report says it is incomplete', async () => {
    const demo = await demoNetwork()
    const store = new DynamoDbReportStore(failingAfter(dynamo.client, 'PutItemCommand', 3), dynamo.tableName)
    const reports = createReportService({
      scope: ReportScope.parse({ regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] }),
      store,
      inventoryFor: async () => demo.inventory,
      telemetry: quiet,
      clock,
    })
    // The header, its index entry and the first target are stored; the table then fails for the other two.
    const report = await reports.runAll('2026-11-22T06:00:00.000Z')
    expect(report.complete).toBe(false)
    expect(report.targets).toHaveLength(1)
    // The one stored target's subnets: every IPv4 subnet of the VPC (reports watch /28 blocks).
    expect(report.subnets).toHaveLength(demo.subnets.filter((subnet) => 'CidrBlock' in subnet).length)
  })
})
