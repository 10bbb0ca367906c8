import { describe, expect, it } from 'vitest'
import { DEMO_VPC_ID, DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { parseSlackText } from '../../../lib/commands/slack-grammar.ts'
import { parseInput } from '../../../lib/schemas/parse.ts'
import { SizingRequest, type SizingResult } from '../../../lib/schemas/sizing.ts'
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

// `/capacity size vpc-… | CIDR …`: the CLI's one-group size, against an existing VPC (here the demo VPC stands
// in for EC2) or a new VPC's CIDR, answered by the worker. What Slack cannot do is refused, naming the field.

const _SECRET = 'test-secret'
const NOW = 1_795_305_600
const REGION = 'us-east-1'
const clock = { now: () => new Date(NOW * 1000) }
const reader = createCatalogReader({ snapshot: bundledCatalog, clock, staleAfterMs: 0 })
const instanceTypes = createInstanceTypesService(reader, REGION)

const GROUP = '--instance-type m5.large --nodes 10 --max-nodes 30 --pods 20 --zones us-east-1a,us-east-1b'
const GROUP_REQUEST = {
  name: 'm5.large',
  instanceTypes: ['m5.large'],
  desiredNodes: 10,
  maxNodes: 30,
  pods: 20,
  settings: {},
  availabilityZones: ['us-east-1a', 'us-east-1b'],
}

function demoServices() {
  const inventory = () => new DemoVpcInventory()
  const subnets = createSubnetAnalysisService(inventory, REGION)
  const plans = createPlanService({ instanceTypes, subnets, defaultRegion: REGION, inventory })
  const sizing = createSizingService({ plans, instanceTypes, inventory, defaultRegion: REGION })
  return { subnets, plans, sizing }
}

/** What the API would answer for the same sizing: what the Slack answer must say. */
function referenceSizing(request: Record<string, unknown>): Promise<SizingResult> {
  return demoServices().sizing.size(parseInput(SizingRequest, request))
}

function worker() {
  const posted: SlackMessage[] = []
  const service = createSlackWorker({
    ...demoServices(),
    responder: { respond: async (_url, message) => void posted.push(message) },
    telemetry: recordingTelemetry().telemetry,
    publicBaseUrl: undefined,
  })
  return { service, posted }
}

describe('size parses to the CLI’s one-group size', () => {
  it.each([
    ['an existing VPC', `size ${DEMO_VPC_ID} ${GROUP}`, { kind: 'vpc', vpcId: DEMO_VPC_ID }],
    [
      'a new VPC’s CIDR',
      `size 10.0.0.0/16 ${GROUP}`,
      { kind: 'cidrs', vpcCidr: '10.0.0.0/16', secondaryCidrs: [] },
    ],
    [
      'a new VPC with a secondary CIDR',
      `size 10.0.0.0/16 ${GROUP} --secondary-cidr 100.64.0.0/16`,
      { kind: 'cidrs', vpcCidr: '10.0.0.0/16', secondaryCidrs: ['100.64.0.0/16'] },
    ],
  ])('%s', (_why, text, space) => {
    // Act
    const { command, inChannel } = parseSlackText(text)

    // Assess
    expect(inChannel).toBe(false)
    expect(command).toMatchObject({ name: 'size', space, nodeGroups: [GROUP_REQUEST], emit: undefined })
  })

  it('--region and --headroom are kept; --public answers in the channel', () => {
    expect(parseSlackText(`size vpc-0abc ${GROUP} --region eu-west-1 --headroom 50 --public`)).toMatchObject({
      inChannel: true,
      command: { name: 'size', aws: { region: 'eu-west-1' }, headroomPercent: 50 },
    })
  })
})

describe('size refuses what Slack cannot do, naming the field', () => {
  it.each([
    ['no VPC or CIDR', 'size', ['vpc']],
    ['a flag where the VPC goes', `size ${GROUP}`, ['vpc']],
    ['a positional that is neither a VPC nor a CIDR', `size my-cluster.yaml ${GROUP}`, ['vpc']],
    ['an address that is no CIDR', `size 10.0.0.0 ${GROUP}`, ['vpc']],
    ['a layout’s code: use the CLI or the API', `size vpc-0abc ${GROUP} --emit terraform`, ['--emit']],
    [
      'an AWS profile: the service reads with its own access',
      `size vpc-0abc ${GROUP} --profile prod`,
      ['--profile'],
    ],
    ['the demo switch beside a VPC: two address spaces', `size vpc-0abc ${GROUP} --demo`, ['--vpc-cidr']],
    ['a group flag missing', 'size vpc-0abc --instance-type m5.large --nodes 3 --pods 5', ['--zones']],
  ])('%s', (_why, text, fields) => {
    expect(refusedFields(text)).toEqual(fields)
  })

  it('--emit and --profile together: each named', () => {
    expect(refusedFields(`size vpc-0abc ${GROUP} --profile prod --emit eksctl`)).toEqual([
      '--profile',
      '--emit',
    ])
  })
})

describe('POST /slack/commands with size', () => {
  it('acknowledges at once and hands the sizing to the worker', async () => {
    // Prepare
    const { service, jobs } = commandService()
    const text = `size ${DEMO_VPC_ID} ${GROUP}`

    // Act
    const reply = await service.handle(signed(text))

    // Assess
    expect(reply.body).toMatchObject({ text: 'Working on it…' })
    expect(jobs).toEqual([{ text, responseUrl: 'http://127.0.0.1:9/r' }])
  })

  it.each([
    ['size my-cluster.yaml', 'vpc: '],
    [`size vpc-0abc ${GROUP} --emit terraform`, '--emit: '],
  ])('%s is answered inline with the reason, and queues nothing', async (text, reason) => {
    const { service, jobs } = commandService()
    const reply = (await service.handle(signed(text))).body as SlackMessage
    expect(reply.text.startsWith(reason)).toBe(true)
    expect(jobs).toEqual([])
  })
})

describe('the worker answers a sizing within Block Kit’s limits', () => {
  it.each([
    ['the demo VPC', `size ${DEMO_VPC_ID} ${GROUP}`, { vpc: { vpcId: DEMO_VPC_ID } }, DEMO_VPC_ID],
    [
      'a new VPC',
      `size 10.0.0.0/16 ${GROUP}`,
      { addressSpace: { vpcCidr: '10.0.0.0/16' } },
      'a new VPC 10.0.0.0/16',
    ],
    [
      'a new VPC with prefix delegation: reservations named',
      `size 10.0.0.0/16 ${GROUP.replace('--pods 20', '--pods max')} --cni-prefix-delegation-enabled`,
      {
        addressSpace: { vpcCidr: '10.0.0.0/16' },
        nodeGroups: [{ ...GROUP_REQUEST, pods: 'max', settings: { prefixDelegation: true } }],
      },
      'a new VPC 10.0.0.0/16',
    ],
  ])('%s: the verdict, every subnet with its CIDR, and the proof', async (_why, text, request, where) => {
    // Prepare
    const { service, posted } = worker()
    const expected = await referenceSizing({ nodeGroups: [GROUP_REQUEST], ...request })

    // Act
    await service.run({ text, responseUrl: 'u' })

    // Assess
    expect(posted).toHaveLength(1)
    const answer = posted[0] as SlackMessage
    expect(expected.verdict).toBe('fits')
    expect(answer.text).toBe(`size: ${expected.verdict} in ${where}`)
    const body = JSON.stringify(answer.blocks)
    for (const subnet of expected.subnets) {
      expect(body).toContain(`*${subnet.name}* ${subnet.cidr}`)
      for (const reservation of subnet.prefixReservations) expect(body).toContain(reservation)
    }
    expect(body).toContain(`proof: the plan of this layout at max nodes is ${expected.proof?.verdict}`)
    expect(blockKitViolations(answer)).toEqual([])
  })

  it('a shortfall: what is missing and what would fit', async () => {
    // Prepare
    const { service, posted } = worker()
    const text = `size 10.0.0.0/24 ${GROUP.replace('--pods 20', '--pods 15')}`
    const expected = await referenceSizing({
      nodeGroups: [{ ...GROUP_REQUEST, pods: 15 }],
      addressSpace: { vpcCidr: '10.0.0.0/24' },
    })

    // Act
    await service.run({ text, responseUrl: 'u' })

    // Assess
    const answer = posted[0] as SlackMessage
    expect(answer.text).toBe('size: does-not-fit in a new VPC 10.0.0.0/24')
    const body = JSON.stringify(answer.blocks)
    const shortfall = expected.shortfall as NonNullable<SizingResult['shortfall']>
    for (const line of [...shortfall.missing, ...shortfall.alternatives.map((item) => item.summary)])
      expect(body).toContain(JSON.stringify(line).slice(1, -1))
    expect(blockKitViolations(answer)).toEqual([])
  })

  it('an unknown VPC is the person’s mistake: answered with the reason, warned, not logged as a failure', async () => {
    // Prepare
    const posted: SlackMessage[] = []
    const recorded = recordingTelemetry()
    const service = createSlackWorker({
      ...demoServices(),
      responder: { respond: async (_url, message) => void posted.push(message) },
      telemetry: recorded.telemetry,
      publicBaseUrl: undefined,
    })

    // Act
    await service.run({ text: `size vpc-0123456789abcdef0 ${GROUP}`, responseUrl: 'u' })

    // Assess
    expect(posted).toHaveLength(1)
    expect((posted[0] as SlackMessage).text).toBe(`no VPC 'vpc-0123456789abcdef0' in ${REGION}`)
    expect(recorded.logs.map((log) => log.level)).toEqual(['warn'])
  })
})
