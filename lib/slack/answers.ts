import { BLOCK_GLYPH } from '../domain/block-glyphs.ts'
import type { CatalogInfo } from '../schemas/api/capacity.ts'
import type { IpUsageResult } from '../schemas/ip-usage.ts'
import type { MaxPodsResult, NodeGroupMaxPods } from '../schemas/max-pods.ts'
import type { PlanResult } from '../schemas/plan.ts'
import type { SizingResult } from '../schemas/sizing.ts'
import type { SubnetAnalysis, SubnetSummary } from '../schemas/subnets.ts'
import {
  type Block,
  clip,
  context,
  fields,
  header,
  message,
  SLACK_LIMITS,
  type SlackMessage,
  section,
} from './block-kit.ts'

// What each answer looks like in Slack: the number first, the reasoning folded into context lines.

const MAP_ROW = 64

export function maxPodsAnswer(results: MaxPodsResult[], inChannel: boolean): SlackMessage {
  const blocks = results.flatMap((result) => [
    section(
      `*${result.instanceType}*: *${result.maxPods}* max pods (${result.profile}${result.uncappedMaxPods !== null && result.uncappedMaxPods !== result.maxPods ? `; ${result.uncappedMaxPods} uncapped` : ''})`,
    ),
    ...context([
      ...result.explanation.map((step, index) => `${index + 1}. ${step}`),
      ...result.warnings.map((warning) => `:warning: ${warning}`),
    ]),
  ])
  const text = results.map((result) => `${result.instanceType}: ${result.maxPods} max pods`).join('; ')
  return message(inChannel, text, blocks)
}

export function nodeGroupAnswer(group: NodeGroupMaxPods, inChannel: boolean): SlackMessage {
  const text = `node group ${group.instanceTypes.join(', ')}: ${group.maxPods} max pods (bounded by ${group.boundingInstanceType})`
  return message(inChannel, text, [
    section(
      `*${group.maxPods}* max pods for the node group ${group.instanceTypes.join(', ')}: bounded by *${group.boundingInstanceType}*`,
    ),
  ])
}

export function ipUsageAnswer(
  usage: IpUsageResult & { catalog: CatalogInfo },
  inChannel: boolean,
): SlackMessage {
  const text = `${usage.instanceType}: ${usage.ipv4Held} IPv4 addresses held with ${usage.pods} pods (${usage.peak.ipv4Held} at max pods)`
  return message(inChannel, text, [
    section(
      `*${usage.instanceType}* with ${usage.pods} pods holds *${usage.ipv4Held}* IPv4 addresses (mode \`${usage.mode}\`)`,
    ),
    fields([
      `*ENIs*\n${usage.enis}`,
      `*Prefixes*\n${usage.prefixes}`,
      `*Idle*\n${usage.idleAddresses}`,
      `*At max pods (${usage.kubeletMaxPods})*\n${usage.peak.ipv4Held} addresses`,
    ]),
    // Pods left without an address are the answer's headline, not a footnote.
    ...usage.errors.map((error) => section(`:x: ${error}`)),
    ...context([...usage.explanation, ...usage.warnings.map((warning) => `:warning: ${warning}`)]),
  ])
}

export function subnetAnswer(
  analysis: SubnetAnalysis,
  inChannel: boolean,
  publicBaseUrl?: string,
): SlackMessage {
  const score =
    analysis.fragmentationScore === null ? 'no candidate block' : `score ${analysis.fragmentationScore}`
  const text = `${analysis.subnetId} ${analysis.cidr}: ${analysis.blocks.assignable} of ${analysis.blocks.total} /28 blocks assignable (${score})`
  const blocks: Block[] = [
    header(`${analysis.subnetId} ${analysis.cidr}`),
    fields([
      `*Assignable /28s*\n${analysis.blocks.assignable} of ${analysis.blocks.total}`,
      `*Fragmentation score*\n${analysis.fragmentationScore ?? '—'}`,
      `*Free / fragmented / full*\n${analysis.blocks.free} / ${analysis.blocks.fragmented} / ${analysis.blocks.full}`,
      `*Free IPs*\n${analysis.freeIps}`,
      `*Largest free*\n${analysis.largestFreeCidr ?? 'none'}`,
      `*Unaccounted*\n${analysis.unaccountedAddresses ?? '—'}`,
    ]),
    section(blockMap(analysis)),
  ]
  if (publicBaseUrl)
    blocks.push(
      section(
        `<${publicBaseUrl.replace(/\/$/, '')}/v1/subnets/${analysis.subnetId}/map.svg|Block map (SVG)>`,
      ),
    )
  const notes = [
    ...analysis.warnings,
    ...analysis.drainSuggestions
      .slice(0, 3)
      .map((item) => `${item.action}: frees ${item.blocksRecovered} /28 block(s)`),
  ]
  return message(inChannel, text, [...blocks, ...context(notes)])
}

export function vpcAnswer(summaries: SubnetSummary[], skipped: string[], inChannel: boolean): SlackMessage {
  const lines = summaries.map(
    (subnet) =>
      `*${subnet.subnetId}* ${subnet.cidr}: ${subnet.blocks.assignable}/${subnet.blocks.total} assignable, score ${subnet.fragmentationScore ?? '—'}, ${subnet.freeIps} free IPs`,
  )
  const text = `${summaries.length} subnets, worst first: ${lines.slice(0, 3).join('; ').replace(/\*/g, '')}`
  return message(inChannel, text, [...lines.map(section), ...context(skipped)])
}

export function planAnswer(plan: PlanResult, inChannel: boolean): SlackMessage {
  const cluster = plan.cluster
  const text = cluster
    ? `plan of ${cluster.name}: ${plan.verdict} at max size, ${cluster.today.verdict} today`
    : `plan: ${plan.verdict}`
  return message(inChannel, text, [
    section(
      cluster
        ? `Cluster *${cluster.name}* (${cluster.region}, ${cluster.vpcId}): *${plan.verdict}* at max size, *${cluster.today.verdict}* at today's size`
        : `Plan verdict: *${plan.verdict}*`,
    ),
    ...plan.nodeGroups
      .filter((group) => group.reasons.length > 0)
      .map((group) => section(`*${group.name}*: *${group.verdict}*: ${group.reasons.join('; ')}`)),
    ...plan.subnets.map((subnet) =>
      section(
        `*${subnet.subnetId}* ${subnet.cidr}: *${subnet.verdict}* (${subnet.utilization === null ? `no ${subnet.bindingLimit} free` : `${Math.round(subnet.utilization * 100)}% of ${subnet.bindingLimit}`}; need ${subnet.demand.addresses} addresses, ${subnet.demand.blocks} /28s)`,
      ),
    ),
    ...context(plan.recommendations.map((item) => item.summary)),
    ...context(cluster ? cluster.sources.map((item) => `${item.input}: ${item.source}`) : []),
  ])
}

export function sizingAnswer(result: SizingResult, inChannel: boolean): SlackMessage {
  const where = result.addressSpace.vpcId ?? `a new VPC ${result.addressSpace.cidrs.join(', ')}`
  const text = `size: ${result.verdict} in ${where}`
  return message(inChannel, text, [
    section(`Sizing in ${where}: *${result.verdict}* (${result.headroomPercent} % headroom)`),
    ...result.subnets.map((subnet) =>
      section(
        `*${subnet.name}* ${subnet.cidr ?? `a /${subnet.prefixLength}, no room`}: ${subnet.demand.max.addresses} addresses and ${subnet.demand.max.blocks} /28s at max nodes${subnet.prefixReservations.length ? `; prefix reservations ${subnet.prefixReservations.join(', ')}` : ''}`,
      ),
    ),
    ...context([
      ...(result.proof ? [`proof: the plan of this layout at max nodes is ${result.proof.verdict}`] : []),
      ...(result.shortfall?.missing ?? []),
      ...(result.shortfall?.alternatives.map((item) => item.summary) ?? []),
    ]),
  ])
}

export function errorAnswer(problem: string, inChannel = false): SlackMessage {
  return message(inChannel, problem, [section(`:x: ${problem}`)])
}

/** The block map as text in a code block, cut to what a section holds. */
function blockMap(analysis: SubnetAnalysis): string {
  const rows: string[] = []
  for (let start = 0; start < analysis.blockList.length; start += MAP_ROW) {
    rows.push(
      analysis.blockList
        .slice(start, start + MAP_ROW)
        .map((block) => BLOCK_GLYPH[block.state])
        .join(''),
    )
  }
  const legend = '· free ▒ fragmented █ full × AWS-reserved P prefix'
  const budget = SLACK_LIMITS.sectionText - legend.length - 40
  let body = ''
  for (const row of rows) {
    if (body.length + row.length + 1 > budget) {
      body += '…'
      break
    }
    body += `${row}\n`
  }
  return clip(`\`\`\`${body.trimEnd()}\`\`\`\n${legend}`, SLACK_LIMITS.sectionText)
}
