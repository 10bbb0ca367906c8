import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DynamoDbReportStore } from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import { Ec2SubnetInventory } from '../../lib/adapters/ec2/ec2-subnet-inventory.ts'
import { targetEc2Clients } from '../../lib/adapters/ec2/target-ec2-clients.ts'
import { consoleTelemetry } from '../../lib/adapters/observability/console-telemetry.ts'
import { WebhookNotifier } from '../../lib/adapters/slack/webhook-notifier.ts'
import { subnetKey } from '../../lib/domain/report.ts'
import type { ReportJob } from '../../lib/ports/report-queue.ts'
import { ReportScope, StoredBlockMap } from '../../lib/schemas/report.ts'
import { createReportLinks } from '../../lib/services/report-links.ts'
import { createReportService } from '../../lib/services/reports.ts'
import { createSubnetAnalysisService } from '../../lib/services/subnet-analysis.ts'
import { analysedSubnet } from '../support/analysed-subnet.ts'
import { demoNetwork } from '../support/demo-network.ts'
import { startDynamoDb, TEST_CREDENTIALS } from '../support/dynalite.ts'
import { FakeEc2, THROTTLED, UNAUTHORIZED } from '../support/fake-ec2.ts'

// Reports end to end: two accounts × two regions through the real EC2 and STS clients against the fake
// endpoint, stored in dynalite, summarised to a fake Slack webhook, measured as EMF lines.

const OTHER = '111122223333'
const ROLE = `arn:aws:iam::${OTHER}:role/capacity-report`
const REGIONS = ['us-east-1', 'eu-west-1']

describe('scheduled fragmentation reports', () => {
  const ec2 = new FakeEc2()
  let endpoint: string
  let webhook: Server
  let webhookUrl: string
  const posted: any[] = []
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>
  let demo: Awaited<ReturnType<typeof demoNetwork>>
  let clockAt = Date.parse('2026-11-20T06:00:00Z')
  const LINK_KEY = 'a-report-link-key-of-at-least-32-characters'
  let linkKey = async () => LINK_KEY
  const links = createReportLinks({
    key: () => linkKey(),
    clock: { now: () => new Date(clockAt) },
    lifetimeSeconds: 3 * 86_400,
    publicBaseUrl: 'https://capacity.example.internal/',
  })

  beforeAll(async () => {
    endpoint = await ec2.start()
    demo = await demoNetwork()
    webhook = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => {
        body += chunk
      })
      request.on('end', () => {
        posted.push(JSON.parse(body))
        response.end('ok')
      })
    })
    webhook.listen(0, '127.0.0.1')
    await once(webhook, 'listening')
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks`
  })
  afterAll(async () => {
    await ec2.stop()
    webhook.close()
    await dynamo?.stop()
  })
  beforeEach(async () => {
    ec2.reset()
    posted.length = 0
    linkKey = async () => LINK_KEY
    await dynamo?.stop()
    dynamo = await startDynamoDb()
    ec2.roles.set(ROLE, { externalId: 'ext-1' })
    for (const region of REGIONS) {
      ec2.setNetwork(region, demo)
      ec2.setNetwork(region, demo, OTHER)
    }
  })

  function service(lines: string[] = []) {
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey
    const clientFor = targetEc2Clients({ maxAttempts: 8, endpoint, stsEndpoint: endpoint })
    return createReportService({
      scope: ReportScope.parse({
        name: 'fleet',
        accounts: [{}, { roleArn: ROLE, externalId: 'ext-1' }],
        regions: REGIONS,
        vpcIds: ['vpc-demo'],
      }),
      store: new DynamoDbReportStore(dynamo.client, dynamo.tableName),
      inventoryFor: async (target) => {
        const client = await clientFor(target)
        return new Ec2SubnetInventory(() => client)
      },
      telemetry: consoleTelemetry((line) => lines.push(line)),
      clock: { now: () => new Date(clockAt) },
      notifier: new WebhookNotifier(async () => webhookUrl),
      pageUrl: (reportId) => links.urlOf({ reportId }),
    })
  }

  it('covers two accounts × two regions, assuming the role with its external ID', async () => {
    const report = await service().runAll('2026-11-20T06:00:00.000Z')
    expect(report.complete).toBe(true)
    expect(
      report.targets.map((target) => `${target.account}/${target.region}:${target.status}`).sort(),
    ).toEqual([`${OTHER}/eu-west-1:ok`, `${OTHER}/us-east-1:ok`, 'self/eu-west-1:ok', 'self/us-east-1:ok'])
    expect(report.subnets).toHaveLength(4 * 5)
    expect(
      ec2.calls
        .filter((call) => call.action === 'AssumeRole')
        .every((call) => call.params.ExternalId === 'ext-1'),
    ).toBe(true)
    expect(ec2.calls.some((call) => call.account === OTHER && call.action === 'DescribeSubnets')).toBe(true)
  })

  it('records a failing target as failed and completes the others', async () => {
    ec2.failCalls((call) =>
      call.account === OTHER && call.region === 'eu-west-1' ? UNAUTHORIZED : undefined,
    )
    const report = await service().runAll('2026-11-20T06:00:00.000Z')
    const failed = report.targets.filter((target) => target.status === 'failed')
    expect(failed).toEqual([
      expect.objectContaining({
        account: OTHER,
        region: 'eu-west-1',
        error: expect.stringMatching(/not authorized/),
      }),
    ])
    expect(report.subnets).toHaveLength(3 * 5)
    expect(posted[0]?.text).toMatch(/1 targets failed/)
  })

  it('rides out throttling', async () => {
    // The first calls of the run meet an empty token bucket.
    ec2.failCalls((_call, index) => (index < 8 && index % 2 === 0 ? THROTTLED : undefined))
    const report = await service().runAll('2026-11-20T06:00:00.000Z')
    expect(report.targets.every((target) => target.status === 'ok')).toBe(true)
  }, 60_000)

  it('a re-run of the same window replaces, never duplicates, and notifies once', async () => {
    const reports = service()
    await reports.runAll('2026-11-20T06:00:00.000Z')
    const again = await reports.runAll('2026-11-20T06:00:00.000Z')
    expect(again.subnets).toHaveLength(20)
    expect(await reports.list({ limit: 10 })).toHaveLength(1)
    expect(posted).toHaveLength(1)
  })

  it('posts a Slack summary of the subnets at risk, linking the report page with a link that opens it', async () => {
    await service().runAll('2026-11-20T06:00:00.000Z')
    expect(posted[0].text).toMatch(
      /^Subnet fragmentation report fleet@2026-11-20T06:00:00.000Z: \d+ subnets at risk/,
    )
    const [, url] = /<(https:[^|>]+)\|Open the report page>/.exec(JSON.stringify(posted[0])) ?? []
    const link = new URL(String(url))
    expect(`${link.origin}${link.pathname}`).toBe(
      'https://capacity.example.internal/reports/fleet%402026-11-20T06%3A00%3A00.000Z',
    )
    const proof = {
      expires: link.searchParams.get('expires') ?? undefined,
      signature: link.searchParams.get('signature') ?? undefined,
    }
    await expect(links.check({ reportId: 'fleet@2026-11-20T06:00:00.000Z' }, proof)).resolves.toBeUndefined()
    await expect(links.check({ reportId: 'fleet@2026-11-20T12:00:00.000Z' }, proof)).rejects.toThrow(
      'not signed for this page',
    )
    expect(JSON.stringify(posted[0])).toContain('subnet-demo-exhausted')
  })

  it('still posts the summary, without a link, when the link key cannot be read', async () => {
    linkKey = async () => {
      throw new Error('ParameterNotFound')
    }
    const lines: string[] = []
    await service(lines).runAll('2026-11-20T06:00:00.000Z')
    expect(posted).toHaveLength(1)
    expect(JSON.stringify(posted[0])).not.toContain('Open the report page')
    expect(lines.join('\n')).toContain('report page link not made')
  })

  it('writes EMF lines CloudWatch accepts: per-subnet metrics and one SubnetsAtRisk', async () => {
    const lines: string[] = []
    await service(lines).runAll('2026-11-20T06:00:00.000Z')
    const emf = lines.map((line) => JSON.parse(line)).filter((line) => line._aws)
    expect(emf).toHaveLength(20 + 1)
    for (const line of emf) {
      const [directive] = line._aws.CloudWatchMetrics
      expect(Number.isInteger(line._aws.Timestamp)).toBe(true)
      expect(directive.Namespace).toBe('EksIpCapacity')
      expect(directive.Metrics.length).toBeLessThanOrEqual(100)
      for (const set of directive.Dimensions) {
        expect(set.length).toBeLessThanOrEqual(30)
        for (const dimension of set) expect(typeof line[dimension]).toBe('string')
      }
      for (const metric of directive.Metrics) expect(typeof line[metric.Name]).toBe('number')
    }
    expect(emf.at(-1)).toMatchObject({ Scope: 'fleet', SubnetsAtRisk: expect.any(Number) })
  })

  it('trends: days to exhaustion from the recorded history', async () => {
    const reports = service()
    const windows = ['2026-11-18T06:00:00.000Z', '2026-11-19T06:00:00.000Z', '2026-11-20T06:00:00.000Z']
    // Each day ten more of the fragmented subnet's free blocks get a stray address.
    const freeBlocks = (
      await analysedSubnet(
        createSubnetAnalysisService(() => demo.inventory, 'us-east-1'),
        'subnet-demo-fragmented',
      )
    ).blockList
      .filter((block) => block.state === 'free')
      .map((block) => block.cidr.split('/')[0] as string)
    for (const [day, window] of windows.entries()) {
      const busier = (demo.networkInterfaces as Record<string, unknown>[]).concat(
        freeBlocks.slice(0, day * 10).map((base, index) => ({
          NetworkInterfaceId: `eni-extra-${index}`,
          SubnetId: 'subnet-demo-fragmented',
          VpcId: 'vpc-demo',
          Status: 'in-use',
          PrivateIpAddresses: [
            { PrivateIpAddress: base.replace(/\d+$/, (last) => String(Number(last) + 5)), Primary: true },
          ],
        })),
      )
      for (const region of REGIONS) {
        ec2.setNetwork(region, { ...demo, networkInterfaces: busier })
        ec2.setNetwork(region, { ...demo, networkInterfaces: busier }, OTHER)
      }
      clockAt = Date.parse(window)
      await reports.runAll(window)
    }
    const latest = await reports.latest()
    const fragmented = latest?.subnets.find(
      (entry) => entry.subnetId === 'subnet-demo-fragmented' && entry.account === 'self',
    )
    // Ten blocks lost a day, by construction: a straight line, so the fit is exact.
    expect(fragmented?.trend).toEqual({
      assignableChange: -10,
      blocksPerDay: 10,
      daysToExhaustion: Math.round(((fragmented?.assignableBlocks ?? 0) / 10) * 10) / 10,
    })
    expect(fragmented?.assignableBlocks).toBeGreaterThan(0)
    const steady = latest?.subnets.find(
      (entry) => entry.subnetId === 'subnet-demo-healthy' && entry.account === 'self',
    )
    expect(steady?.trend).toEqual({ assignableChange: 0, blocksPerDay: 0, daysToExhaustion: null })
  })

  it('keeps each at-risk subnet’s blocks as scanned, and gives its page the subnet’s history', async () => {
    // Prepare: two reports a day apart
    const reports = service()
    for (const window of ['2026-11-19T06:00:00.000Z', '2026-11-20T06:00:00.000Z']) {
      clockAt = Date.parse(window)
      await reports.runAll(window)
    }
    const live = createSubnetAnalysisService(() => demo.inventory, 'us-east-1')
    // Act
    const page = await reports.page('2026-11-20T06:00:00.000Z')
    // Assess
    const atRisk = page?.report.subnets.filter((entry) => entry.atRisk) ?? []
    expect(atRisk.length).toBeGreaterThan(0)
    expect(page?.expectedTargets).toBe(4)
    expect([...(page?.blockMaps.keys() ?? [])].sort()).toEqual(atRisk.map(subnetKey).sort())
    for (const entry of atRisk) {
      const kept = page?.blockMaps.get(subnetKey(entry))
      const scanned = await analysedSubnet(live, entry.subnetId)
      expect(kept?.blockList, entry.subnetId).toEqual(scanned.blockList)
      expect(kept?.blocks, entry.subnetId).toEqual(scanned.blocks)
      expect(
        page?.histories.get(subnetKey(entry))?.map((point) => point.at),
        entry.subnetId,
      ).toEqual(['2026-11-19T06:00:00.000Z', '2026-11-20T06:00:00.000Z'])
    }
    // An earlier report's page draws the history up to that report only.
    const earlier = await reports.page('2026-11-19T06:00:00.000Z')
    for (const history of earlier?.histories.values() ?? []) expect(history).toHaveLength(1)
  })

  it('a block map that cannot be stored costs the page its picture, never the report', async () => {
    // Prepare: a store whose block-map writes fail
    const store = new DynamoDbReportStore(dynamo.client, dynamo.tableName)
    store.putBlockMaps = async () => {
      throw new Error('ProvisionedThroughputExceededException')
    }
    const lines: string[] = []
    const reports = createReportService({
      scope: ReportScope.parse({ name: 'fleet', regions: ['us-east-1'], vpcIds: ['vpc-demo'] }),
      store,
      inventoryFor: async () => demo.inventory,
      telemetry: consoleTelemetry((line) => lines.push(line)),
      clock: { now: () => new Date(clockAt) },
      notifier: new WebhookNotifier(async () => webhookUrl),
    })
    // Act
    const report = await reports.runAll('2026-11-20T06:00:00.000Z')
    // Assess
    expect(report.complete).toBe(true)
    expect(report.subnetsAtRisk).toBeGreaterThan(0)
    expect(posted).toHaveLength(1)
    expect(lines.join('\n')).toContain('report block maps not stored')
    expect((await reports.page(report.window))?.blockMaps.size).toBe(0)
  })

  it('a kept block map that no longer reads costs its picture, never the page', async () => {
    // Prepare: a report, then one of its maps damaged in the table
    const lines: string[] = []
    const reports = service(lines)
    const report = await reports.runAll('2026-11-20T06:00:00.000Z')
    const store = new DynamoDbReportStore(dynamo.client, dynamo.tableName)
    const [first, second, ...rest] = (await store.readBlockMaps('fleet', report.window)).map((item) =>
      StoredBlockMap.parse(item),
    )
    // One item no longer a block map at all (a score that is not whole), one whose code does not decode.
    await store.putBlockMaps('fleet', report.window, [{ ...(first as StoredBlockMap), blocks: 'zz' }], 1)
    await store.putBlockMaps(
      'fleet',
      report.window,
      [{ ...(second as StoredBlockMap), fragmentationScore: 12.5 }],
      1,
    )
    // Act
    const page = await reports.page(report.window)
    // Assess
    expect(page?.blockMaps.size).toBe(rest.length)
    expect([...(page?.unreadableBlockMaps ?? [])].sort()).toEqual(
      [subnetKey(first as StoredBlockMap), subnetKey(second as StoredBlockMap)].sort(),
    )
    expect(lines.join('\n')).toContain('report block map unreadable')
  })

  it('the scheduled entry queues one job per account × region', async () => {
    const queued: ReportJob[] = []
    const reports = createReportService({
      scope: ReportScope.parse({ accounts: [{}, { roleArn: ROLE }], regions: REGIONS }),
      store: new DynamoDbReportStore(dynamo.client, dynamo.tableName),
      inventoryFor: async () => {
        throw new Error('not scanned here')
      },
      telemetry: consoleTelemetry(() => {}),
      clock: { now: () => new Date(clockAt) },
      queue: { enqueue: async (jobs) => void queued.push(...jobs) },
    })
    expect(await reports.schedule('2026-11-21T06:00:00.000Z')).toBe(4)
    expect(queued.map((job) => `${job.target.account}/${job.target.region}`).sort()).toEqual([
      `${OTHER}/eu-west-1`,
      `${OTHER}/us-east-1`,
      'self/eu-west-1',
      'self/us-east-1',
    ])
  })
})
