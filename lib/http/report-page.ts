import { parseCidr } from '../domain/ipv4.ts'
import { subnetKey } from '../domain/report.ts'
import type { Report, ReportScope, SubnetReportEntry } from '../schemas/report.ts'
import type { HistoryChart } from './history-svg.ts'
import { describeProjection, sparklineSvg } from './sparkline-svg.ts'
import { type BlockMapView, subnetMapSvg } from './subnet-map-svg.ts'
import { escapeXml } from './xml-text.ts'

/** One report's view of a subnet, as the history chart draws it too. */
export type PageObservation = HistoryChart['observations'][number]

export interface ReportPageData {
  report: Report
  thresholds: ReportScope['thresholds']
  /** How many targets (account × region) the scope expects; the report holds those that answered. */
  expectedTargets: number
  /** Per at-risk subnet (key: subnetKey(entry)), its observations in the retained reports, oldest first (this report's included). */
  histories: ReadonlyMap<string, readonly PageObservation[]>
  /** Per at-risk subnet (key: subnetKey(entry)), the block map the report kept; absent: not kept (say so on the page). */
  blockMaps: ReadonlyMap<string, BlockMapView>
  /** At-risk subnets whose block map was kept but cannot be read (damaged in the table). */
  unreadableBlockMaps?: ReadonlySet<string>
  /** How many days of reports the sparklines cover (for a caption). */
  historyDays: number
}

/**
 * The whole page, a complete HTML document. `tableScript` is the URL of the sorting script, relative to
 * the page. The CSP allows no inline script and no other origin, so the page carries its style and
 * pictures inline and its one script by URL; everything from storage is escaped as hostile.
 */
export function reportPage(data: ReportPageData, options: { tableScript: string }): string {
  const { report } = data
  const atRisk = report.subnets.filter((entry) => entry.atRisk)
  const drawn = atRisk.slice(0, MAX_AT_RISK_SECTIONS)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`Fragmentation report ${report.scope}, ${readableUtc(report.window)}`)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<main>
${header(data)}
${completeness(data)}
${failedTargets(report)}
${atRiskSections(data, atRisk.length, drawn)}
${subnetTable(report, new Set(drawn.map(subnetKey)))}
</main>
<script src="${escapeXml(options.tableScript)}" defer></script>
</body>
</html>
`
}

/**
 * Readable on a ~390 px phone: fluid, pictures shrink, the wide table scrolls on its own. The block map is
 * at least 760 px wide and would shrink to an unreadable legend, so it scrolls at its own size instead.
 */
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.45; color: #111827; background: #ffffff; }
main { max-width: 90rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
svg { max-width: 100%; height: auto; }
.notice { border: 2px solid #92400e; background: #fffbeb; color: #78350f; padding: .5rem .75rem; border-radius: .25rem; }
.failed-targets li { overflow-wrap: anywhere; }
.failed-targets .error { font-family: ui-monospace, monospace; white-space: pre-wrap; }
section.at-risk { border: 1px solid #d1d5db; border-left: .4rem solid #b91c1c; border-radius: .25rem; padding: .75rem; margin: 0 0 1rem; }
.badge { display: inline-block; font-size: .8rem; font-weight: 700; padding: 0 .4rem; border-radius: .25rem; }
.badge.risk { background: #b91c1c; color: #ffffff; }
.badge.ok { background: #e5e7eb; color: #1f2937; }
.trend { font-weight: 600; }
figure { margin: .5rem 0; }
.block-map { overflow-x: auto; }
.block-map svg { max-width: none; }
figcaption { font-size: .85rem; color: #374151; }
.table-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid #d1d5db; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid #e5e7eb; text-align: left; white-space: nowrap; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; font-weight: 700; color: #1e3a8a; background: none; border: 0; padding: .25rem 0; cursor: pointer; text-align: left; }
th button:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " \\2191"; }
th[aria-sort="descending"] button::after { content: " \\2193"; }
tr.risk td:first-child { border-left: .3rem solid #b91c1c; }
`

function header({ report, thresholds, expectedTargets }: ReportPageData): string {
  const failed = report.targets.filter((target) => target.status === 'failed').length
  return `<header>
<h1>${escapeXml(`Fragmentation report: ${report.scope}`)}</h1>
<dl class="facts">
<dt>Scope</dt><dd>${escapeXml(report.scope)}</dd>
<dt>Window</dt><dd><time datetime="${escapeXml(report.window)}">${escapeXml(readableUtc(report.window))}</time></dd>
<dt>Report</dt><dd>${escapeXml(report.reportId)}</dd>
<dt>Subnets</dt><dd data-count="subnets">${report.subnets.length}</dd>
<dt>At risk</dt><dd data-count="at-risk">${report.subnetsAtRisk}</dd>
<dt>Targets</dt><dd data-count="targets">${report.targets.length} of ${expectedTargets} answered${failed ? `, ${failed} failed` : ''}</dd>
<dt>At risk means</dt><dd>fewer than ${thresholds.assignableBelow} assignable /28 blocks, or a fragmentation score above ${thresholds.scoreAbove}</dd>
</dl>
</header>`
}

function completeness({ report, expectedTargets }: ReportPageData): string {
  if (report.complete) return ''
  const answered = report.targets.length
  const missing = Math.max(0, expectedTargets - answered)
  const text =
    missing > 0
      ? `Incomplete report: ${missing} of ${expectedTargets} targets ${missing === 1 ? 'has' : 'have'} not answered; their subnets are missing below.`
      : 'Incomplete report: not every target has answered; some subnets may be missing below.'
  return `<p class="notice" role="status" data-report-complete="false" data-missing-targets="${missing}" data-expected-targets="${expectedTargets}">${escapeXml(text)}</p>`
}

function failedTargets(report: Report): string {
  const failed = report.targets.filter((target) => target.status === 'failed')
  if (failed.length === 0) return ''
  const items = failed.map(
    (target) =>
      `<li data-target-status="failed"><strong>${escapeXml(`${target.account}/${target.region}`)}</strong>: <span class="error">${escapeXml(target.error ?? 'no error text')}</span></li>`,
  )
  return `<section class="failed-targets" aria-labelledby="failed-targets">
<h2 id="failed-targets">Failed targets (${failed.length})</h2>
<p>These were not scanned: their subnets are not in this report.</p>
<ul>
${items.join('\n')}
</ul>
</section>`
}

// A Lambda answer is at most 6 MB, and a phone should not fetch even that: past these bounds a page
// leaves parts out and says so (the JSON report has everything). Measured in BENCHMARKS.md.
/** At-risk subnets drawn in full (sparkline and block map), worst first; the others are in the table. */
export const MAX_AT_RISK_SECTIONS = 50
/** Block maps drawn on one page, in bytes: a /16's is about 450 KB, a /20's about 28 KB. */
export const BLOCK_MAP_PAGE_BYTES = 1_500_000
/** Rows of the table of every subnet (about 650 bytes each), at-risk subnets first. */
export const MAX_TABLE_ROWS = 3000

/** The worst at-risk subnets in full (`drawn`), and how many more are at risk. */
function atRiskSections(data: ReportPageData, atRisk: number, drawn: readonly SubnetReportEntry[]): string {
  if (atRisk === 0)
    return '<h2>Subnets at risk (0)</h2>\n<p class="none-at-risk" data-none-at-risk>No subnet at risk in this report.</p>'
  let mapBytes = 0
  const sections = drawn.map((entry) => {
    const view = data.blockMaps.get(subnetKey(entry))
    const svg = view ? stripXmlDeclaration(subnetMapSvg(view)) : undefined
    if (svg !== undefined && mapBytes + svg.length <= BLOCK_MAP_PAGE_BYTES) {
      mapBytes += svg.length
      return atRiskSection(entry, data, { svg })
    }
    const missing: MissingMap =
      svg !== undefined
        ? 'left-out'
        : data.unreadableBlockMaps?.has(subnetKey(entry))
          ? 'unreadable'
          : 'not-kept'
    return atRiskSection(entry, data, { missing })
  })
  const more = atRisk - sections.length
  const rest =
    more > 0
      ? `\n<p class="more-at-risk" data-more-at-risk="${more}">${more} more ${more === 1 ? 'subnet is' : 'subnets are'} at risk: see the table below.</p>`
      : ''
  return `<h2>Subnets at risk (${atRisk})</h2>\n${sections.join('\n')}${rest}`
}

/** Why an at-risk subnet shows no block map. */
type MissingMap = 'left-out' | 'unreadable' | 'not-kept'
const MISSING_MAP_NOTE: Record<MissingMap, string> = {
  'left-out': 'Block map left out: the maps above fill this page’s share.',
  unreadable: 'The block map kept for this subnet could not be read (the problem is logged).',
  'not-kept': 'No block map was kept for this subnet in this report.',
}

function atRiskSection(
  entry: SubnetReportEntry,
  data: ReportPageData,
  map: { svg: string } | { missing: MissingMap },
): string {
  const history = data.histories.get(subnetKey(entry)) ?? []
  const sparkline = sparklineSvg({
    observations: history,
    now: data.report.window,
    daysToExhaustion: entry.trend.daysToExhaustion,
    blocksPerDay: entry.trend.blocksPerDay,
  })
  const blockMap =
    'missing' in map
      ? `<p class="no-block-map" data-no-block-map="${map.missing}">${MISSING_MAP_NOTE[map.missing]}</p>`
      : `<figure class="block-map">${map.svg}<figcaption>/28 blocks of ${escapeXml(entry.cidr)}: each cell is one block.</figcaption></figure>`
  return `<section class="at-risk" id="${escapeXml(anchorOf(entry))}" data-subnet-id="${escapeXml(entry.subnetId)}">
<h3><span class="badge risk">AT RISK</span> ${escapeXml(entry.subnetId)}</h3>
<dl class="facts">
<dt>Account/region</dt><dd>${escapeXml(`${entry.account}/${entry.region}`)}</dd>
<dt>CIDR</dt><dd>${escapeXml(entry.cidr)}</dd>
<dt>VPC</dt><dd>${escapeXml(entry.vpcId)}</dd>
<dt>Assignable /28s</dt><dd>${entry.assignableBlocks}</dd>
<dt>Score</dt><dd>${entry.fragmentationScore ?? '—'}</dd>
<dt>Free IPs</dt><dd>${entry.freeIps}</dd>
<dt>Change</dt><dd>${escapeXml(signed(entry.trend.assignableChange))} since the previous report</dd>
<dt>Trend</dt><dd class="trend">${escapeXml(describeProjection(entry.trend.daysToExhaustion, entry.trend.blocksPerDay))}</dd>
</dl>
<figure class="history">${sparkline}<figcaption>${escapeXml(`Assignable /28 blocks in the reports of the last ${data.historyDays} days (${history.length} reports); dashed: the projection to exhaustion.`)}</figcaption></figure>
${blockMap}
</section>`
}

/** The table's columns: the key a button sorts by, the heading, the cell's value and its text. */
const COLUMNS: readonly {
  key: string
  heading: string
  value: (entry: SubnetReportEntry) => string | number | null
  text?: (entry: SubnetReportEntry) => string
  number?: boolean
}[] = [
  { key: 'subnet', heading: 'Subnet', value: (e) => e.subnetId },
  { key: 'account', heading: 'Account', value: (e) => e.account },
  { key: 'region', heading: 'Region', value: (e) => e.region },
  { key: 'vpc', heading: 'VPC', value: (e) => e.vpcId },
  // Sorted by address, then prefix length: as text, 10.20.37.0/24 would come before 10.20.4.0/24.
  { key: 'cidr', heading: 'CIDR', value: (e) => cidrOrder(e.cidr), text: (e) => e.cidr, number: true },
  { key: 'assignable', heading: 'Assignable /28s', value: (e) => e.assignableBlocks, number: true },
  { key: 'score', heading: 'Score', value: (e) => e.fragmentationScore, number: true },
  { key: 'free-ips', heading: 'Free IPs', value: (e) => e.freeIps, number: true },
  {
    key: 'change',
    heading: 'Change',
    value: (e) => e.trend.assignableChange,
    text: (e) => signed(e.trend.assignableChange),
    number: true,
  },
  { key: 'blocks-per-day', heading: 'Blocks/day', value: (e) => e.trend.blocksPerDay, number: true },
  {
    key: 'days-to-exhaustion',
    heading: 'Days to exhaustion',
    value: (e) => e.trend.daysToExhaustion,
    number: true,
  },
  {
    key: 'at-risk',
    heading: 'At risk',
    value: (e) => (e.atRisk ? 1 : 0),
    text: (e) => (e.atRisk ? 'at risk' : 'ok'),
  },
]

/** Every subnet; the table links only to the at-risk subnets drawn in full (`sections`). */
function subnetTable(report: Report, sections: ReadonlySet<string>): string {
  const headings = COLUMNS.map(
    (column) =>
      `<th scope="col"><button type="button" data-sort="${column.key}">${column.heading}</button></th>`,
  )
  const rows = report.subnets.slice(0, MAX_TABLE_ROWS).map((entry) => {
    const cells = COLUMNS.map((column) => {
      const value = column.value(entry)
      const text = column.text?.(entry) ?? (value === null ? '—' : String(value))
      const shown = column.key === 'at-risk' ? riskBadge(entry.atRisk) : escapeXml(text)
      const linked =
        column.key === 'subnet' && sections.has(subnetKey(entry))
          ? `<a href="#${escapeXml(anchorOf(entry))}">${shown}</a>`
          : shown
      return `<td${column.number ? ' class="number"' : ''} data-value="${value === null ? '' : escapeXml(String(value))}">${linked}</td>`
    })
    return `<tr${entry.atRisk ? ' class="risk"' : ''} data-subnet-id="${escapeXml(entry.subnetId)}">${cells.join('')}</tr>`
  })
  return `<h2 id="all-subnets">All subnets (${report.subnets.length})</h2>
<p>Tap a column heading to sort; tap again to reverse. Empty values stay last.</p>
<div class="table-scroll" role="region" aria-labelledby="all-subnets" tabindex="0">
<table id="subnets">
<thead><tr>${headings.join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</div>${
    report.subnets.length > MAX_TABLE_ROWS
      ? `\n<p class="more-subnets" data-more-subnets="${report.subnets.length - MAX_TABLE_ROWS}">The table shows the first ${MAX_TABLE_ROWS} subnets, at risk first; the report's JSON has all ${report.subnets.length}.</p>`
      : ''
  }`
}

/** A CIDR as a number that sorts by address, then prefix length; null for anything else. */
function cidrOrder(cidr: string): number | null {
  const parsed = parseCidr(cidr)
  return parsed ? parsed.network + parsed.prefixLength / 100 : null
}

const riskBadge = (atRisk: boolean) =>
  atRisk ? '<span class="badge risk">at risk</span>' : '<span class="badge ok">ok</span>'

/** From account, region and subnet (a subnet id alone is not unique across a scope), in characters safe in a fragment. */
const anchorOf = (entry: SubnetReportEntry) => `at-risk-${subnetKey(entry).replace(/[^A-Za-z0-9-]/g, '_')}`

const signed = (change: number | null) => (change === null ? '—' : change > 0 ? `+${change}` : String(change))

/** The SVG goes inline in HTML, where an XML declaration is not allowed. */
const stripXmlDeclaration = (svg: string) => svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '')

/** "2026-12-01 06:00 UTC": the window as on-call reads it; left as stored when it does not parse. */
function readableUtc(at: string): string {
  const time = Date.parse(at)
  return Number.isFinite(time) ? `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC` : at
}
