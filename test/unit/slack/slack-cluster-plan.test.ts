import { describe, expect, it } from 'vitest'
import { DEMO_CLUSTER_REGION, DemoClusterSource } from '../../../lib/adapters/demo/demo-cluster.ts'
import { DEMO_CLUSTER, DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { parseSlackText } from '../../../lib/commands/slack-grammar.ts'
import { parseInput } from '../../../lib/schemas/parse.ts'
import { PlanRequest, type PlanResult } from '../../../lib/schemas/plan.ts'
import { createCatalogReader } from '../../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../../lib/services/instance-types.ts'
import { createPlanService } from '../../../lib/services/plan.ts'
import { createSizingService } from '../../../lib/services/sizing.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import type { SlackMessage } from '../../../lib/slack/block-kit.ts'
import { createSlackWorker } from '../../../lib/slack/slack-service.ts'
import { bundledCatalog } from '../../builders/catalog.ts'
import { blockKitViolations } from '../../support/block-kit-limits.ts'
import { recordingTelemetry } from '../../support/recording-telemetry.ts'
import { commandService, refusedFields, signed } from '../../support/slack-command-harness.ts'

// `/capacity plan cluster NAME`: the cluster as it is, read by the service with its own AWS access; here the
// demo cluster and its VPC stand in for EKS and EC2.

const _SECRET = 'test-secret'
const NOW = 1_795_305_600
const clock = { now: () => new Date(NOW * 1000) }
const reader = createCatalogReader({ snapshot: bundledCatalog, clock, staleAfterMs: 0 })
const instanceTypes = createInstanceTypesService(reader, DEMO_CLUSTER_REGION)

function demoPlans() {
  const subnets = createSubnetAnalysisService(() => new DemoVpcInventory(), DEMO_CLUSTER_REGION)
  const plans = createPlanService({
    instanceTypes,
    subnets,
    defaultRegion: DEMO_CLUSTER_REGION,
    clusters: () => new DemoClusterSource(),
    inventory: () => new DemoVpcInventory(),
  })
  return { subnets, plans }
}

/** The plan the API would answer for the same cluster: what the Slack answer must say. */
function referencePlan(request: Record<string, unknown>): Promise<PlanResult> {
  return demoPlans().plans.plan(parseInput(PlanRequest, request))
}

function worker() {
  const { subnets, plans } = demoPlans()
  const posted: SlackMessage[] = []
  const recorded = recordingTelemetry()
  const service = createSlackWorker({
    subnets,
    plans,
    sizing: createSizingService({ plans, instanceTypes, defaultRegion: 'us-east-1' }),
    responder: { respond: async (_url, message) => void posted.push(message) },
    telemetry: recorded.telemetry,
    publicBaseUrl: undefined,
  })
  return { service, posted, recorded }
}

describe('plan cluster NAME parses to a cluster plan', () => {
  it.each([
    ['the name alone', 'plan cluster demo', { cluster: 'demo', pods: undefined, region: undefined }],
    ['with pods per node', 'plan cluster demo --pods 30', { cluster: 'demo', pods: 30 }],
    ['with pods max', 'plan cluster demo --pods max', { cluster: 'demo', pods: 'max' }],
    ['in a region', 'plan cluster prod --region eu-west-1', { cluster: 'prod', region: 'eu-west-1' }],
  ])('%s', (_why, text, shape) => {
    // Act
    const { command } = parseSlackText(text)

    // Assess
    expect(command).toEqual({ name: 'slack-plan-cluster', pods: undefined, region: undefined, ...shape })
  })

  it('--public answers in the channel', () => {
    expect(parseSlackText('plan cluster demo --public')).toMatchObject({
      inChannel: true,
      command: { name: 'slack-plan-cluster', cluster: 'demo' },
    })
  })
})

describe('plan cluster refuses what Slack cannot do, naming the field', () => {
  it.each([
    ['no name', 'plan cluster', ['cluster']],
    ['a flag where the name goes', 'plan cluster --pods 3', ['cluster']],
    [
      'an AWS profile: the service reads with its own access',
      'plan cluster demo --profile prod',
      ['--profile'],
    ],
    [
      'an aws-node export: no file fits a chat message',
      'plan cluster demo --aws-node a.json',
      ['--aws-node'],
    ],
    ['a Karpenter export', 'plan cluster demo --karpenter k.yaml', ['--karpenter']],
    ['a configuration snippet: use the CLI or the API', 'plan cluster demo --emit nodeadm', ['--emit']],
    ['a kube context', 'plan cluster demo --context prod', ['--context']],
    ['the demo switch', 'plan cluster demo --demo', ['--demo']],
    ['pods that are no count', 'plan cluster demo --pods -1', ['--pods']],
    ['a second name, which the CLI would read as a plan file', 'plan cluster demo prod', ['cluster']],
    ['a word after the flags', 'plan cluster demo --pods 20 extra', ['cluster']],
    [
      'several at once, each named',
      'plan cluster demo --profile prod --emit eksctl',
      ['--profile', '--emit'],
    ],
  ])('%s', (_why, text, fields) => {
    expect(refusedFields(text)).toEqual(fields)
  })
})

describe('POST /slack/commands with plan cluster', () => {
  it('acknowledges at once and hands the plan to the worker', async () => {
    // Prepare
    const { service, jobs } = commandService()

    // Act
    const reply = await service.handle(signed('plan cluster demo'))

    // Assess
    expect(reply.body).toMatchObject({ text: 'Working on it…' })
    expect(jobs).toEqual([{ text: 'plan cluster demo', responseUrl: 'http://127.0.0.1:9/r' }])
  })

  it.each([
    ['plan cluster', 'cluster: '],
    ['plan cluster demo --emit nodeadm', '--emit: '],
  ])('%s is answered inline with the reason, and queues nothing', async (text, reason) => {
    const { service, jobs } = commandService()
    const reply = (await service.handle(signed(text))).body as SlackMessage
    expect(reply.text.startsWith(reason)).toBe(true)
    expect(jobs).toEqual([])
  })
})

describe('the worker answers a cluster plan', () => {
  it.each([
    ['at full nodes', 'plan cluster demo', {}],
    ['at 20 pods per node', 'plan cluster demo --pods 20', { pods: 20 }],
  ])('%s: the cluster, the verdict at max size and today’s', async (_why, text, request) => {
    // Prepare
    const { service, posted } = worker()
    const expected = await referencePlan({ cluster: DEMO_CLUSTER, ...request })
    const cluster = expected.cluster as NonNullable<PlanResult['cluster']>

    // Act
    await service.run({ text, responseUrl: 'u' })

    // Assess
    const answer = posted[0] as SlackMessage
    expect(answer.text).toBe(
      `plan of ${cluster.name}: ${expected.verdict} at max size, ${cluster.today.verdict} today`,
    )
    expect(JSON.stringify(answer.blocks[0])).toContain(
      `Cluster *${cluster.name}* (${cluster.region}, ${cluster.vpcId}): *${expected.verdict}* at max size, *${cluster.today.verdict}* at today's size`,
    )
    for (const subnet of expected.subnets) expect(JSON.stringify(answer)).toContain(`*${subnet.subnetId}*`)
    expect(blockKitViolations(answer)).toEqual([])
  })

  it('names where each input came from', async () => {
    const { service, posted } = worker()
    const expected = await referencePlan({ cluster: DEMO_CLUSTER })
    await service.run({ text: 'plan cluster demo', responseUrl: 'u' })
    const contextTexts = (posted[0] as SlackMessage).blocks
      .filter((block) => block.type === 'context')
      .flatMap((block) => block.elements.map((element) => element.text))
    for (const { input } of expected.cluster?.sources ?? [])
      expect(contextTexts.some((line) => line.includes(`${input}: `))).toBe(true)
  })

  it.each([
    ['a cluster EKS does not know', 'plan cluster nope', /nope/],
    ['a cluster in another region', 'plan cluster demo --region eu-west-1', /demo.*eu-west-1/],
  ])('%s is the asker’s mistake, answered with the name', async (_why, text, named) => {
    // Prepare
    const { service, posted, recorded } = worker()

    // Act
    await service.run({ text, responseUrl: 'u' })

    // Assess
    expect(posted[0]?.text).toMatch(named)
    expect(posted[0]?.text).not.toMatch(/Sorry/)
    expect(recorded.logs.filter((entry) => entry.level === 'error')).toEqual([])
  })
})
