import type { Report } from '../schemas/report.ts'
import { type Block, context, section } from './block-kit.ts'

/** At-risk subnets listed in a summary; the page (or the JSON report) has the rest. */
const SUMMARY_SUBNETS = 20

/**
 * A report as Slack shows it (the scheduled webhook post, `/capacity report`): the subnets at risk, worst
 * first, the failed targets, and a link to the report's page when there is one.
 */
export function reportSummary(report: Report, pageUrl?: string): { text: string; blocks: Block[] } {
  const atRisk = report.subnets.filter((entry) => entry.atRisk)
  const lines = atRisk.slice(0, SUMMARY_SUBNETS).map((entry) => {
    const days =
      entry.trend.daysToExhaustion === null ? '' : `, ~${entry.trend.daysToExhaustion} days to exhaustion`
    return `• *${entry.subnetId}* (${entry.account}/${entry.region}) ${entry.cidr}: ${entry.assignableBlocks} assignable /28s, score ${entry.fragmentationScore ?? '—'}${days}`
  })
  const failed = report.targets.filter((target) => target.status === 'failed')
  const link = pageUrl ? `\n<${pageUrl}|Open the report page>` : ''
  const text = `Subnet fragmentation report ${report.reportId}: ${atRisk.length} subnets at risk${failed.length ? `, ${failed.length} targets failed` : ''}`
  return {
    text,
    blocks: [
      section(`*${text}*${link}`),
      ...(lines.length > 0 ? [section(lines.join('\n'))] : []),
      ...context(failed.slice(0, 10).map((target) => `${target.account}/${target.region}: ${target.error}`)),
    ],
  }
}
