import { describe, expect, it } from 'vitest'
import { DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { slackSignature } from '../../../lib/domain/slack-signature.ts'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import { SignatureRejectedError } from '../../../lib/errors.ts'
import type { SlackJob } from '../../../lib/ports/slack.ts'
import { createCatalogReader } from '../../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../../lib/services/instance-types.ts'
import { createMaxPodsService } from '../../../lib/services/max-pods.ts'
import { createPlanService } from '../../../lib/services/plan.ts'
import { createSizingService } from '../../../lib/services/sizing.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import { maxPodsAnswer, subnetAnswer, vpcAnswer } from '../../../lib/slack/answers.ts'
import type { SlackMessage } from '../../../lib/slack/block-kit.ts'
import {
  createSlackCommandService,
  createSlackWorker,
  type SlackReports,
} from '../../../lib/slack/slack-service.ts'
import { bundledCatalog, settings } from '../../builders/catalog.ts'
import { subnet } from '../../builders/subnets.ts'
import { blockKitViolations } from '../../support/block-kit-limits.ts'
import { recordingTelemetry } from '../../support/recording-telemetry.ts'

const SECRET = 'test-secret'
const NOW = 1_795_305_600
const clock = { now: () => new Date(NOW * 1000) }
const reader = createCatalogReader({ snapshot: bundledCatalog, clock, staleAfterMs: 0 })
const instanceTypes = createInstanceTypesService(reader, 'us-east-1')

function commandService() {
  const jobs: SlackJob[] = []
  const service = createSlackCommandService({
    secret: { signingSecret: async () => SECRET },
    queue: { enqueue: async (job) => void jobs.push(job) },
    clock,
    telemetry: recordingTelemetry().telemetry,
    instanceTypes,
    maxPods: createMaxPodsService(instanceTypes),
    reader,
  })
  return { service, jobs }
}

function signed(text: string, at = NOW) {
  const rawBody = new URLSearchParams({
    command: '/capacity',
    text,
    response_url: 'http://127.0.0.1:9/r',
  }).toString()
  return { rawBody, timestamp: String(at), signature: slackSignature(SECRET, String(at), rawBody) }
}

describe('POST /slack/commands', () => {
  it('answers a fast command inline, as Block Kit with a text fallback', async () => {
    const { service, jobs } = commandService()
    const reply = await service.handle(signed('max-pods m5.large --cni-prefix-delegation-enabled'))
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: 'm5.large: 110 max pods' })
    expect(jobs).toEqual([])
  })

  it('acknowledges a slow command at once and hands it to the worker', async () => {
    const { service, jobs } = commandService()
    const reply = await service.handle(signed('vpc vpc-demo --public'))
    expect(reply.body).toMatchObject({ response_type: 'in_channel', text: 'Working on it…' })
    expect(jobs).toEqual([{ text: 'vpc vpc-demo --public', responseUrl: 'http://127.0.0.1:9/r' }])
  })

  it.each([
    ['a forged signature', { signature: 'v0=deadbeef' }],
    ['a stale timestamp', signed('max-pods m5.large', NOW - 301)],
    ['no signature', { signature: undefined }],
  ])('refuses %s with 401 and does no work', async (_why, overrides) => {
    const { service, jobs } = commandService()
    await expect(service.handle({ ...signed('vpc vpc-demo'), ...overrides })).rejects.toBeInstanceOf(
      SignatureRejectedError,
    )
    expect(jobs).toEqual([])
  })

  it('gives usage and a suggestion for a mistyped command', async () => {
    const { service } = commandService()
    const reply = (await service.handle(signed('subnett subnet-1'))).body as SlackMessage
    expect(reply.text).toMatch(/did you mean subnet/)
  })

  it('gives the help', async () => {
    const { service } = commandService()
    expect(((await service.handle(signed('help'))).body as SlackMessage).blocks[0]).toMatchObject({
      type: 'section',
    })
  })
})

describe('the Slack worker', () => {
  function worker(respond: (url: string, message: SlackMessage) => Promise<void>, reports?: SlackReports) {
    const inventory = new DemoVpcInventory()
    const subnets = createSubnetAnalysisService(() => inventory, 'us-east-1')
    const recorded = recordingTelemetry()
    const plans = createPlanService({ instanceTypes, subnets, defaultRegion: 'us-east-1' })
    const service = createSlackWorker({
      subnets,
      plans,
      sizing: createSizingService({
        plans,
        instanceTypes,
        inventory: () => inventory,
        defaultRegion: 'us-east-1',
      }),
      responder: { respond },
      telemetry: recorded.telemetry,
      publicBaseUrl: 'https://capacity.example.internal',
      ...(reports ? { reports } : {}),
    })
    return { service, recorded }
  }

  it.each([
    ['a service that keeps no reports', undefined, 'keeps no fragmentation reports'],
    [
      'a scope with no report stored yet',
      { latest: async () => undefined, pageUrl: async () => undefined },
      'no fragmentation report has been stored yet',
    ],
  ])('/capacity report in %s says so, and nothing else', async (_why, reports, says) => {
    const posted: SlackMessage[] = []
    const { service } = worker(async (_url, message) => void posted.push(message), reports)
    await service.run({ text: 'report', responseUrl: 'u' })
    expect(posted[0]?.text).toContain(says)
    expect(blockKitViolations(posted[0] as SlackMessage)).toEqual([])
  })

  it('posts a subnet answer with the map and a link to the SVG', async () => {
    const posted: SlackMessage[] = []
    await worker(async (_url, message) => void posted.push(message)).service.run({
      text: 'subnet subnet-demo-fragmented',
      responseUrl: 'u',
    })
    expect(posted[0]?.text).toMatch(/subnet-demo-fragmented 10.20.16.0\/20: 65 of 256/)
    expect(JSON.stringify(posted[0])).toContain('/v1/subnets/subnet-demo-fragmented/map.svg')
    expect(blockKitViolations(posted[0] as SlackMessage)).toEqual([])
  })

  it('answers an IPv6-only subnet as the VPC list does: skipped, with the reason, not an error', async () => {
    const posted: SlackMessage[] = []
    await worker(async (_url, message) => void posted.push(message)).service.run({
      text: 'subnet subnet-demo-ipv6-only',
      responseUrl: 'u',
    })
    expect(JSON.stringify(posted[0])).toMatch(/subnet-demo-ipv6-only: .*IPv4/)
    expect(JSON.stringify(posted[0])).not.toMatch(/:x:|Invalid/)
  })

  it('posts a plan verdict', async () => {
    const posted: SlackMessage[] = []
    await worker(async (_url, message) => void posted.push(message)).service.run({
      text: 'plan vpc-demo --instance-type m5.large --nodes 3 --pods 10',
      responseUrl: 'u',
    })
    expect(posted[0]?.text).toMatch(/^plan: /)
  })

  it('posts a friendly message when the command fails, never losing it', async () => {
    const posted: SlackMessage[] = []
    const { service } = worker(async (_url, message) => void posted.push(message))
    await service.run({ text: 'subnet subnet-nope', responseUrl: 'u' })
    expect(posted[0]?.text).toMatch(/no subnet 'subnet-nope'/)
  })

  it('throws when response_url cannot be reached, so the invocation is retried', async () => {
    const { service } = worker(async () => {
      throw new Error('response_url answered 500')
    })
    await expect(service.run({ text: 'vpc vpc-demo', responseUrl: 'u' })).rejects.toThrow(/500/)
  })
})

describe('Block Kit replies stay within Slack’s limits', () => {
  it('max pods for 40 types: cut to 50 blocks with a note', async () => {
    const records = (await bundledCatalog.list()).slice(0, 40)
    const { maxPods } = await import('../../../lib/domain/max-pods.ts')
    const reply = maxPodsAnswer(
      records.map((record) => maxPods(record, settings())),
      false,
    )
    expect(blockKitViolations(reply)).toEqual([])
    expect(reply.blocks.length).toBe(50)
  })

  it('a /16 subnet: the text map is cut to fit a section', () => {
    const analysis = analyzeSubnet(subnet({ cidr: '10.0.0.0/16' }), [], [])
    const reply = subnetAnswer(analysis, false)
    expect(blockKitViolations(reply)).toEqual([])
    expect(JSON.stringify(reply)).toContain('…')
  })

  it('a VPC of 200 subnets', () => {
    const summary = analyzeSubnet(subnet(), [], [])
    const reply = vpcAnswer(
      Array.from({ length: 200 }, () => summary),
      [],
      false,
    )
    expect(blockKitViolations(reply)).toEqual([])
  })
})
