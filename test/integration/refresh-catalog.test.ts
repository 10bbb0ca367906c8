import { EC2Client } from '@aws-sdk/client-ec2'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DynamoDbCatalog } from '../../lib/adapters/dynamodb/dynamodb-catalog.ts'
import { DynamoDbCatalogStore } from '../../lib/adapters/dynamodb/dynamodb-catalog-store.ts'
import { Ec2InstanceTypeSource } from '../../lib/adapters/ec2/ec2-instance-type-source.ts'
import type { InstanceTypeRecord } from '../../lib/schemas/instance-type.ts'
import { createCatalogRefresher } from '../../lib/services/refresh-catalog.ts'
import { bundledCatalog, describedRecords, toEc2InstanceType } from '../builders/catalog.ts'
import { startDynamoDb, TEST_CREDENTIALS } from '../support/dynalite.ts'
import { FakeEc2, THROTTLED, UNAUTHORIZED } from '../support/fake-ec2.ts'
import { recordingTelemetry } from '../support/recording-telemetry.ts'

// The refresher end to end: the real EC2 client against a fake EC2 endpoint over HTTP, and the real
// DynamoDB client against dynalite over HTTP.

const US = 'us-east-1'
const SEOUL = 'ap-northeast-2'

describe('scheduled catalog refresh', () => {
  const ec2 = new FakeEc2()
  let ec2Endpoint: string
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>
  let records: readonly InstanceTypeRecord[]
  let tick = 0

  beforeAll(async () => {
    ec2Endpoint = await ec2.start()
    // What EC2 would answer: the bundled types DescribeInstanceTypes described.
    records = await describedRecords()
  })
  afterAll(async () => {
    await ec2.stop()
  })
  beforeEach(async () => {
    ec2.reset()
    await dynamo?.stop()
    dynamo = await startDynamoDb()
    ec2.setInstanceTypes(US, records.map(toEc2InstanceType))
    // Seoul offers fewer types: every third one.
    ec2.setInstanceTypes(SEOUL, records.filter((_, index) => index % 3 === 0).map(toEc2InstanceType))
  })

  function refresher(clock: { now: () => Date } = tickingClock()) {
    const clients = new Map<string, EC2Client>()
    const clientFor = (region: string) => {
      const client =
        clients.get(region) ??
        new EC2Client({
          region,
          endpoint: ec2Endpoint,
          credentials: TEST_CREDENTIALS,
          retryMode: 'adaptive',
          maxAttempts: 8,
        })
      clients.set(region, client)
      return client
    }
    const recorded = recordingTelemetry()
    const service = createCatalogRefresher({
      source: new Ec2InstanceTypeSource(clientFor, () => bundledCatalog.trunkingByType()),
      store: new DynamoDbCatalogStore(dynamo.client, dynamo.tableName),
      clock,
      telemetry: recorded.telemetry,
    })
    return { service, ...recorded }
  }

  /** A clock that moves a minute per reading, so every refresh has its own timestamps. */
  const tickingClock = () => ({ now: () => new Date(Date.UTC(2026, 10, 22, 0, tick++)) })
  const at = (iso: string) => ({ now: () => new Date(iso) })
  const catalogAge = (metrics: ReturnType<typeof recordingTelemetry>['metrics']) =>
    metrics.filter((metric) => 'CatalogAgeHours' in metric.values)

  const cache = (region: string) => new DynamoDbCatalog(dynamo.client, dynamo.tableName, region)

  it('fills every region, paging through DescribeInstanceTypes 100 at a time', async () => {
    // Act
    const reports = await refresher().service.refresh([US, SEOUL])
    // Assess
    expect(
      reports.map((report) => [report.region, report.ok, report.typesSeen, report.typesChanged]),
    ).toEqual([
      [US, true, records.length, records.length],
      [SEOUL, true, Math.ceil(records.length / 3), Math.ceil(records.length / 3)],
    ])
    const usCalls = ec2.calls.filter((call) => call.region === US)
    expect(usCalls).toHaveLength(Math.ceil(records.length / 100))
    expect(usCalls.every((call) => call.params.MaxResults === '100')).toBe(true)
    expect(usCalls.slice(1).every((call) => call.params.NextToken)).toBe(true)
    expect(await cache(US).list()).toEqual(records)
    expect((await cache(US).origin())?.source).toBe('dynamodb')
  })

  it('writes nothing but META when nothing changed', async () => {
    await refresher().service.refresh([US])
    const before = await cache(US).get('m5.large')
    // Act
    const [again] = await refresher().service.refresh([US])
    // Assess
    expect(again).toMatchObject({ ok: true, typesSeen: records.length, typesChanged: 0, dynamoDbBatches: 0 })
    expect(await cache(US).get('m5.large')).toEqual(before)
    expect((await cache(US).origin())?.refreshedAt).not.toBe(before?.lifecycle?.seenAt)
  })

  it('writes only the type whose facts changed', async () => {
    await refresher().service.refresh([US])
    const changed = records
      .map(toEc2InstanceType)
      .map((type) =>
        type.InstanceType === 'm5.large'
          ? { ...type, NetworkInfo: { ...type.NetworkInfo, Ipv4AddressesPerInterface: 12 } }
          : type,
      )
    ec2.setInstanceTypes(US, changed)
    // Act
    const [report] = await refresher().service.refresh([US])
    // Assess
    expect(report).toMatchObject({ typesChanged: 1, dynamoDbBatches: 1 })
    expect((await cache(US).get('m5.large'))?.record.ipv4PerEni).toBe(12)
  })

  it('completes with every type present while half of all EC2 calls are throttled', {
    timeout: 180_000,
  }, async () => {
    ec2.failCalls((_call, index) => (index % 2 === 0 ? THROTTLED : undefined))
    // Act
    const recorded = refresher()
    const [report] = await recorded.service.refresh([US])
    // Assess
    expect(report).toMatchObject({ ok: true, typesSeen: records.length })
    expect(report?.ec2Retries).toBeGreaterThanOrEqual(Math.ceil(records.length / 100))
    expect((await cache(US).list()).length).toBe(records.length)
    expect(recorded.metrics[0]?.values).toMatchObject({ RefreshSucceeded: 1, Ec2Retries: report?.ec2Retries })
  })

  it('keeps a failing region’s previous records and META, and reports the error', async () => {
    await refresher().service.refresh([US, SEOUL])
    const metaBefore = await cache(SEOUL).origin()
    const listBefore = await cache(SEOUL).list()
    ec2.failCalls((call) => (call.region === SEOUL ? UNAUTHORIZED : undefined))
    // Act
    const recorded = refresher()
    const reports = await recorded.service.refresh([SEOUL, US])
    // Assess: Seoul failed and kept everything; US (after it) still refreshed.
    expect(reports.map((report) => [report.region, report.ok])).toEqual([
      [SEOUL, false],
      [US, true],
    ])
    expect(reports[0]?.error).toMatch(/not authorized/)
    expect(await cache(SEOUL).origin()).toEqual(metaBefore)
    expect(await cache(SEOUL).list()).toEqual(listBefore)
    const meta = await new DynamoDbCatalogStore(dynamo.client, dynamo.tableName).readMeta(SEOUL)
    expect(meta?.lastError?.message).toMatch(/not authorized/)
    expect(recorded.logs.find((log) => log.level === 'error')?.fields).toMatchObject({ region: SEOUL })
  })

  it('does not believe an answer missing most of the cached types, and changes nothing', async () => {
    await refresher().service.refresh([US])
    const before = await cache(US).origin()
    ec2.setInstanceTypes(US, records.slice(0, 200).map(toEc2InstanceType))
    const [report] = await refresher().service.refresh([US])
    expect(report?.ok).toBe(false)
    expect(report?.error).toMatch(/an incomplete answer, not trusted/)
    expect(await cache(US).origin()).toEqual(before)
    expect((await cache(US).get('m5.large'))?.lifecycle?.missingSince).toBeNull()
  })

  it('marks a type missing from one answer instead of deleting it, and clears the mark when it returns', async () => {
    await refresher().service.refresh([US])
    ec2.setInstanceTypes(
      US,
      records.filter((record) => record.instanceType !== 'm5.large').map(toEc2InstanceType),
    )
    // Act
    const [gone] = await refresher().service.refresh([US])
    const whileGone = await cache(US).get('m5.large')
    ec2.setInstanceTypes(US, records.map(toEc2InstanceType))
    const [back] = await refresher().service.refresh([US])
    // Assess
    expect(gone).toMatchObject({ typesMissing: 1, typesChanged: 0 })
    expect(whileGone?.lifecycle?.missingSince).toEqual(expect.any(String))
    expect(whileGone?.record.instanceType).toBe('m5.large')
    expect(back).toMatchObject({ typesMissing: 0, typesChanged: 1 })
    expect((await cache(US).get('m5.large'))?.lifecycle?.missingSince).toBeNull()
  })

  it('reports the catalog as 0 hours old once every region is refreshed, for the stale-catalog alarm', async () => {
    const recorded = refresher(at('2026-11-22T00:00:00Z'))
    await recorded.service.refresh([US, SEOUL])
    expect(catalogAge(recorded.metrics)).toEqual([
      { dimensions: { Service: 'eks-ip-capacity' }, values: { CatalogAgeHours: 0 } },
    ])
  })

  it('reports the age of the oldest region’s catalog while its refreshes fail', async () => {
    await refresher(at('2026-11-22T00:00:00Z')).service.refresh([US, SEOUL])
    ec2.failCalls((call) => (call.region === SEOUL ? UNAUTHORIZED : undefined))
    // Act: 7.5 hours later Seoul fails; US succeeds.
    const recorded = refresher(at('2026-11-22T07:30:00Z'))
    await recorded.service.refresh([US, SEOUL])
    // Assess
    expect(catalogAge(recorded.metrics)).toEqual([
      { dimensions: { Service: 'eks-ip-capacity' }, values: { CatalogAgeHours: 7.5 } },
    ])
  })

  it('the hourly check reports the age from the table alone, with no EC2 call', async () => {
    await refresher(at('2026-11-22T00:00:00Z')).service.refresh([US, SEOUL])
    const callsBefore = ec2.calls.length
    // Act: 13 hours on, with no refresh since.
    const recorded = refresher(at('2026-11-22T13:00:00Z'))
    const hours = await recorded.service.reportAge([US, SEOUL])
    // Assess
    expect(hours).toBe(13)
    expect(catalogAge(recorded.metrics)).toEqual([
      { dimensions: { Service: 'eks-ip-capacity' }, values: { CatalogAgeHours: 13 } },
    ])
    expect(ec2.calls.length).toBe(callsBefore)
  })

  it('reports no age when no region has ever been refreshed: the alarm sees missing data', async () => {
    ec2.failCalls(() => UNAUTHORIZED)
    const recorded = refresher()
    await recorded.service.refresh([US])
    expect(catalogAge(recorded.metrics)).toEqual([])
  })
})
