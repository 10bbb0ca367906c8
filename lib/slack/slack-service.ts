import { parseSlackText, type SlackCommand, type SlackPlan } from '../commands/slack-grammar.ts'
import { verifySlackSignature } from '../domain/slack-signature.ts'
import {
  InvalidInputError,
  SignatureRejectedError,
  UnknownClusterError,
  UnknownInstanceTypeError,
  UnknownSubnetError,
  UnknownVpcError,
} from '../errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { SigningSecretSource, SlackJob, SlackJobQueue, SlackResponder } from '../ports/slack.ts'
import type { Telemetry } from '../ports/telemetry.ts'
import { parseInput } from '../schemas/parse.ts'
import { PlanRequest } from '../schemas/plan.ts'
import type { Report } from '../schemas/report.ts'
import { SizingRequest } from '../schemas/sizing.ts'
import type { CatalogReader } from '../services/catalog-reader.ts'
import type { InstanceTypesService } from '../services/instance-types.ts'
import { createIpUsageService } from '../services/ip-usage.ts'
import type { MaxPodsService } from '../services/max-pods.ts'
import type { PlanService } from '../services/plan.ts'
import type { SizingService } from '../services/sizing.ts'
import type { SubnetAnalysisService } from '../services/subnet-analysis.ts'
import {
  errorAnswer,
  ipUsageAnswer,
  maxPodsAnswer,
  nodeGroupAnswer,
  planAnswer,
  sizingAnswer,
  subnetAnswer,
  vpcAnswer,
} from './answers.ts'
import { message, type SlackMessage, section } from './block-kit.ts'
import { reportSummary } from './report-summary.ts'

export const SLACK_HELP = [
  '*/capacity* answers capacity questions for EKS on the VPC CNI. Add `--public` to answer in the channel.',
  '• `/capacity max-pods m5.large [c5.xlarge …] [--cni-prefix-delegation-enabled] [--cni-custom-networking-enabled] [--cni-max-eni N] [--bootstrap nodeadm]`',
  '• `/capacity ip-usage m5.large --pods 20 [--warm-ip-target 5 --minimum-ip-target 10] [--cni-prefix-delegation-enabled]`',
  '• `/capacity subnet subnet-0abc [--region us-east-1]` — /28 blocks, score and map',
  '• `/capacity vpc vpc-0abc [--region us-east-1]` — every subnet, worst first',
  '• `/capacity plan vpc-0abc --instance-type m5.large --nodes 10 --pods 20 [--cni-prefix-delegation-enabled]`',
  '• `/capacity plan cluster my-cluster [--pods 30]` — an EKS cluster as it is, at max size and today',
  '• `/capacity report` — the newest fragmentation report: subnets at risk, with a link to its page',
  '• `/capacity size vpc-0abc --instance-type m5.large --nodes 10 --max-nodes 30 --pods max --zones us-east-1a,us-east-1b` — the subnets it needs (or a new VPC: `size 10.0.0.0/16 …`)',
].join('\n')

/** Slow commands (EC2 scans, plans) go to the worker; the rest answer inline. */
export function isSlow(command: SlackCommand['command']): boolean {
  return (
    command.name === 'subnets-scan' ||
    command.name === 'slack-plan' ||
    command.name === 'slack-plan-cluster' ||
    command.name === 'slack-report' ||
    command.name === 'size'
  )
}

/** The newest report of the service's scope, and the signed link to a report's page (none without a public address). */
export interface SlackReports {
  latest(): Promise<Report | undefined>
  pageUrl(reportId: string): Promise<string | undefined>
}

export interface SlackDeps {
  secret: SigningSecretSource
  queue: SlackJobQueue
  clock: Clock
  telemetry: Telemetry
  instanceTypes: InstanceTypesService
  maxPods: MaxPodsService
  reader: CatalogReader
}

/** `POST /slack/commands`: verify, then answer fast commands inline and hand slow ones to the worker. */
export function createSlackCommandService(deps: SlackDeps) {
  return {
    async handle(request: {
      rawBody: string
      timestamp?: string
      signature?: string
    }): Promise<{ status: 200; body: unknown }> {
      const check = verifySlackSignature({
        secret: await deps.secret.signingSecret(),
        timestamp: request.timestamp,
        signature: request.signature,
        rawBody: request.rawBody,
        nowSeconds: Math.floor(deps.clock.now().getTime() / 1000),
      })
      if (!check.ok) {
        deps.telemetry.warn('slack request refused', { reason: check.reason })
        // The reason stays in the log: a forger learns nothing from the answer.
        throw new SignatureRejectedError('missing, stale or wrong Slack signature')
      }
      const form = new URLSearchParams(request.rawBody)
      const text = form.get('text') ?? ''
      let parsed: SlackCommand
      try {
        parsed = parseSlackText(text)
      } catch (error) {
        return { status: 200, body: usageReply(error) }
      }
      if (parsed.command.name === 'help')
        return { status: 200, body: message(false, 'How to use /capacity', [section(SLACK_HELP)]) }
      if (isSlow(parsed.command)) {
        const responseUrl = form.get('response_url')
        if (!responseUrl) return { status: 200, body: errorAnswer('Slack sent no response_url to answer to') }
        await deps.queue.enqueue({ text, responseUrl })
        return {
          status: 200,
          body: message(parsed.inChannel, 'Working on it…', [
            section(':hourglass_flowing_sand: Scanning; the answer follows here shortly.'),
          ]),
        }
      }
      try {
        return { status: 200, body: await answerFast(parsed, deps) }
      } catch (error) {
        return { status: 200, body: usageReply(error) }
      }
    },
  }
}

async function answerFast(parsed: SlackCommand, deps: SlackDeps): Promise<SlackMessage> {
  const { command, inChannel } = parsed
  switch (command.name) {
    case 'max-pods': {
      if (command.selection.kind === 'node-group') {
        return nodeGroupAnswer(
          (await deps.maxPods.forNodeGroup(command.selection.instanceTypes, command.settings)).value,
          inChannel,
        )
      }
      if (command.selection.kind === 'all')
        return errorAnswer('`--all` is too long for Slack: use the CLI or the API')
      return maxPodsAnswer(
        (await deps.maxPods.forInstanceTypes(command.selection.instanceTypes, command.settings)).value,
        inChannel,
      )
    }
    case 'ip-usage': {
      const { value, origin } = await createIpUsageService(deps.instanceTypes).forNode(command.request)
      return ipUsageAnswer({ ...value, catalog: deps.reader.info(origin) }, inChannel)
    }
    case 'instance-types': {
      const { value } = await deps.instanceTypes.list({ family: command.family })
      const names = value.map((record) => record.instanceType)
      return message(inChannel, `${names.length} instance types`, [section(names.join(', ') || 'none')])
    }
    default:
      return errorAnswer(`\`${command.name}\` is not a Slack command; try \`/capacity help\``)
  }
}

/** The person's mistake (answered with the reason and usage), as opposed to the service's failure. */
function isUserError(error: unknown): error is Error {
  return (
    error instanceof InvalidInputError ||
    error instanceof UnknownClusterError ||
    error instanceof UnknownInstanceTypeError ||
    error instanceof UnknownSubnetError ||
    error instanceof UnknownVpcError
  )
}

/** Mistakes get the reason, the nearest names, and the usage: never a stack trace. */
function usageReply(error: unknown): SlackMessage {
  if (isUserError(error)) {
    return message(false, error.message, [section(`:x: ${error.message}`), section(SLACK_HELP)])
  }
  throw error
}

/** The worker: runs a slow command and posts its answer (or a friendly failure) to response_url. */
export function createSlackWorker(deps: {
  subnets: SubnetAnalysisService
  plans: PlanService
  sizing: SizingService
  responder: SlackResponder
  telemetry: Telemetry
  publicBaseUrl: string | undefined
  reports?: SlackReports
}) {
  return {
    async run(job: SlackJob): Promise<void> {
      let answer: SlackMessage
      try {
        answer = await answerSlow(parseSlackText(job.text), deps)
      } catch (error) {
        const known = isUserError(error)
        deps.telemetry[known ? 'warn' : 'error']('slack command failed', {
          text: job.text,
          error: (error as Error).message,
        })
        answer = errorAnswer(
          known
            ? (error as Error).message
            : 'Sorry: that scan failed. The error is logged; please try again in a minute.',
        )
      }
      // A failure to deliver is thrown, so Lambda's asynchronous retries try again.
      await deps.responder.respond(job.responseUrl, answer)
    },
  }
}

async function answerSlow(
  parsed: SlackCommand,
  deps: {
    subnets: SubnetAnalysisService
    plans: PlanService
    sizing: SizingService
    publicBaseUrl: string | undefined
    reports?: SlackReports
  },
): Promise<SlackMessage> {
  const { command, inChannel } = parsed
  if (command.name === 'slack-report') {
    if (!deps.reports) return errorAnswer('this service keeps no fragmentation reports', inChannel)
    const report = await deps.reports.latest()
    if (!report)
      return errorAnswer('no fragmentation report has been stored yet; the schedule writes one', inChannel)
    const { text, blocks } = reportSummary(report, await deps.reports.pageUrl(report.reportId))
    return message(inChannel, text, blocks)
  }
  if (command.name === 'size') {
    const { nodeGroups, space, headroomPercent, aws } = command
    const request = {
      nodeGroups,
      ...(headroomPercent !== undefined ? { headroomPercent } : {}),
      ...(aws.region ? { region: aws.region } : {}),
      ...(space?.kind === 'vpc' ? { vpc: { vpcId: space.vpcId } } : {}),
      ...(space?.kind === 'cidrs'
        ? {
            addressSpace: {
              vpcCidr: space.vpcCidr,
              ...(space.secondaryCidrs.length > 0 ? { secondaryCidrs: space.secondaryCidrs } : {}),
            },
          }
        : {}),
    }
    return sizingAnswer(await deps.sizing.size(parseInput(SizingRequest, request)), inChannel)
  }
  if (command.name === 'subnets-scan') {
    const { selector, aws } = command
    const region = aws.region
    // Slack has no kube context: the grammar's Slack forms always name the subnet or VPC.
    if (!selector) return errorAnswer('name a subnet or a VPC')
    if ('subnetIds' in selector && selector.subnetIds.length === 1) {
      const found = await deps.subnets.subnetOrSkipped(selector.subnetIds[0] as string, region)
      // A subnet with no IPv4 CIDR is answered as the VPC list answers it: skipped, with the reason.
      if (!('blockList' in found)) return vpcAnswer([], [`${found.subnetId}: ${found.reason}`], inChannel)
      return subnetAnswer(found, inChannel, deps.publicBaseUrl)
    }
    const { subnets, skipped } = await deps.subnets.summaries(selector, region)
    return vpcAnswer(
      subnets,
      skipped.map((entry) => `${entry.subnetId}: ${entry.reason}`),
      inChannel,
    )
  }
  if (command.name === 'slack-plan')
    return planAnswer(await deps.plans.plan(parseInput(PlanRequest, planRequest(command))), inChannel)
  if (command.name === 'slack-plan-cluster') {
    const { cluster, region, pods } = command
    const request = { cluster, ...(region ? { region } : {}), ...(pods !== undefined ? { pods } : {}) }
    return planAnswer(await deps.plans.plan(parseInput(PlanRequest, request)), inChannel)
  }
  return errorAnswer('that command answers inline; nothing to do here')
}

function planRequest(command: SlackPlan) {
  return {
    subnets: { vpcId: command.vpcId },
    ...(command.region ? { region: command.region } : {}),
    nodeGroups: [
      {
        name: 'slack',
        instanceTypes: command.instanceTypes,
        desiredNodes: command.nodes,
        ...(command.maxNodes === undefined ? {} : { maxNodes: command.maxNodes }),
        pods: command.pods,
        settings: command.settings,
      },
    ],
  }
}
