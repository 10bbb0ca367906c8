import { BLOCK_GLYPH } from '../lib/domain/block-glyphs.ts'
import type { SubnetAnalysis } from '../lib/schemas/subnets.ts'
import type { SubnetScan } from '../lib/services/subnet-analysis.ts'
import { table } from './table.ts'

/** Blocks per terminal row: 64 characters fit any terminal; a /20 is 4 rows, a /16 64. */
const ROW = 64

/** What json and yaml print (render-data.ts): every analysis, and the subnets skipped with the reason. */
export function subnetsData(scan: SubnetScan) {
  return { subnets: scan.analyses, skipped: scan.skipped }
}

/** Nothing to show: no subnet analysed, none skipped. */
export function isEmptyScan(scan: SubnetScan): boolean {
  return scan.analyses.length === 0 && scan.skipped.length === 0
}

export function renderSubnets(scan: SubnetScan, output: 'table' | 'map'): string {
  const skipped = scan.skipped.map((entry) => `skipped ${entry.subnetId}: ${entry.reason}`)
  if (output === 'map') return [...scan.analyses.map(blockMap), ...skipped].join('\n\n')
  return [summaryTable(scan.analyses), ...skipped, ...scan.analyses.flatMap(notes)].join('\n')
}

function summaryTable(analyses: SubnetAnalysis[]): string {
  return table(
    [
      'SUBNET',
      'CIDR',
      'AZ',
      'SCORE',
      'FREE',
      'FRAGMENTED',
      'FULL',
      'PREFIXES',
      'ASSIGNABLE',
      'FREE IPS',
      'LARGEST FREE',
      'UNACCOUNTED',
    ],
    analyses.map((analysis) => [
      analysis.subnetId,
      analysis.cidr,
      analysis.availabilityZone,
      analysis.fragmentationScore === null ? '-' : String(analysis.fragmentationScore),
      String(analysis.blocks.free),
      String(analysis.blocks.fragmented),
      String(analysis.blocks.full),
      String(analysis.blocks.prefixAllocated),
      String(analysis.blocks.assignable),
      String(analysis.freeIps),
      analysis.largestFreeCidr ?? '-',
      analysis.unaccountedAddresses === null ? '-' : String(analysis.unaccountedAddresses),
    ]),
  )
}

function notes(analysis: SubnetAnalysis): string[] {
  const lines = [
    ...analysis.warnings.map((warning) => `${analysis.subnetId}: warning: ${warning}`),
    ...analysis.drainSuggestions
      .slice(0, 3)
      .map(
        (suggestion) =>
          `${analysis.subnetId}: ${suggestion.action} to free ${suggestion.blocksRecovered} /28 ${suggestion.blocksRecovered === 1 ? 'block' : 'blocks'}`,
      ),
  ]
  return lines.length > 0 ? ['', ...lines] : []
}

/** A row's own range: 64 /28s from an aligned start are a /22, fewer (a small subnet) a longer prefix. */
function rowCidr(cells: SubnetAnalysis['blockList']): string {
  const first = cells[0]?.cidr ?? ''
  const bits = Math.log2(cells.length)
  if (!Number.isInteger(bits)) return first
  return `${first.split('/')[0]}/${28 - bits}`
}

function blockMap(analysis: SubnetAnalysis): string {
  const rows: string[] = []
  for (let start = 0; start < analysis.blockList.length; start += ROW) {
    const cells = analysis.blockList.slice(start, start + ROW)
    rows.push(`${rowCidr(cells).padEnd(18)} ${cells.map((block) => BLOCK_GLYPH[block.state]).join('')}`)
  }
  const reservations = analysis.reservations.map(
    (reservation) => `  ${reservation.type} reservation ${reservation.cidr}`,
  )
  const score =
    analysis.fragmentationScore === null ? 'no candidate block' : `score ${analysis.fragmentationScore}`
  return [
    `${analysis.subnetId} ${analysis.cidr} (${score}, ${analysis.blocks.assignable} of ${analysis.blocks.total} blocks assignable)`,
    ...rows,
    `  ${BLOCK_GLYPH.free} free  ${BLOCK_GLYPH.fragmented} fragmented  ${BLOCK_GLYPH.full} full  ${BLOCK_GLYPH.awsReserved} AWS-reserved  ${BLOCK_GLYPH.prefixAllocated} prefix`,
    ...reservations,
  ].join('\n')
}
