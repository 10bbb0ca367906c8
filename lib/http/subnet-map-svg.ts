import type { BlockMap } from '../domain/block-map-code.ts'
import type { BlockState, SkippedSubnet } from '../schemas/subnets.ts'
import { escapeXml } from './xml-text.ts'

/** Colour per block state; the same words as the AWS Support subnet-fragmentation tool. */
const STATE_STYLE: Record<BlockState, { fill: string; label: string }> = {
  free: { fill: '#2e9d5b', label: 'free' },
  fragmented: { fill: '#e8a33d', label: 'fragmented' },
  full: { fill: '#c8453b', label: 'full' },
  awsReserved: { fill: '#6b7280', label: 'AWS-reserved' },
  prefixAllocated: { fill: '#3b6fc8', label: 'prefix-allocated' },
}
const PREFIX_RESERVATION = '#7c3aed'
const EXPLICIT_RESERVATION = '#111827'

/** Small subnets get big cells, so a /24's sixteen blocks are as readable as a /16's 4096. */
const cellSize = (columns: number) => (columns <= 16 ? 32 : 12)
const GAP = 2
const MIN_WIDTH = 760
const MARGIN = 16
const HEADER = 56
const LEGEND_ROW = 20
/** Blocks per row: a /20 (256 blocks) is 4 rows, a /16 (4096) a 64×64 square, a /24 a single row. */
const MAX_COLUMNS = 64

/** What a block map draws: a live analysis, or the blocks a report kept. */
export type BlockMapView = BlockMap

/** The subnet's /28 blocks as a picture: one cell per block, reservations outlined, with a legend. */
export function subnetMapSvg(analysis: BlockMapView): string {
  const blocks = analysis.blockList
  const columns = Math.min(MAX_COLUMNS, blocks.length)
  const rows = Math.ceil(blocks.length / columns)
  const CELL = cellSize(columns)
  const gridWidth = columns * (CELL + GAP)
  const width = Math.max(gridWidth + 2 * MARGIN, MIN_WIDTH)
  const legendTop = HEADER + rows * (CELL + GAP) + 16
  const legend = legendEntries(analysis)
  const height = legendTop + legend.length * LEGEND_ROW + MARGIN
  const score =
    analysis.fragmentationScore === null
      ? 'no candidate block'
      : `fragmentation score ${analysis.fragmentationScore}`

  const cells = blocks.map((block, index) => {
    const x = MARGIN + (index % columns) * (CELL + GAP)
    const y = HEADER + Math.floor(index / columns) * (CELL + GAP)
    const outline = block.inExplicitReservation
      ? EXPLICIT_RESERVATION
      : block.inPrefixReservation
        ? PREFIX_RESERVATION
        : undefined
    const stroke = outline ? ` stroke="${outline}" stroke-width="2"` : ''
    const flags = [
      block.inPrefixReservation && 'prefix reservation',
      block.inExplicitReservation && 'explicit reservation',
    ].filter(Boolean)
    const tip = `${block.cidr}: ${STATE_STYLE[block.state].label}, ${block.usedIps}/16 used${flags.length ? `, ${flags.join(', ')}` : ''}`
    return `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${STATE_STYLE[block.state].fill}"${stroke}><title>${escapeXml(tip)}</title></rect>`
  })
  const SWATCH = 12
  const legendItems = legend.map((entry, index) => {
    const y = legendTop + index * LEGEND_ROW
    const swatch = entry.outline
      ? `<rect x="${MARGIN}" y="${y}" width="${SWATCH}" height="${SWATCH}" fill="none" stroke="${entry.outline}" stroke-width="2"/>`
      : `<rect x="${MARGIN}" y="${y}" width="${SWATCH}" height="${SWATCH}" fill="${entry.fill}"/>`
    return `${swatch}<text x="${MARGIN + SWATCH + 8}" y="${y + SWATCH - 1}">${escapeXml(entry.text)}</text>`
  })

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(`${analysis.subnetId} ${analysis.cidr}: ${score}`)}</title>`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${MARGIN}" y="24" font-size="16" font-weight="600">${escapeXml(`${analysis.subnetId}  ${analysis.cidr}`)}</text>`,
    `<text x="${MARGIN}" y="44">${escapeXml(`${score} · ${analysis.blocks.assignable} of ${analysis.blocks.total} /28 blocks assignable as prefixes · largest free ${analysis.largestFreeCidr ?? 'none'}`)}</text>`,
    ...cells,
    ...legendItems,
    '</svg>',
    '',
  ].join('\n')
}

/** A subnet with no IPv4 blocks (IPv6-only) still gets a picture: one line saying why, as a list says it. */
export function skippedSubnetSvg(skipped: SkippedSubnet): string {
  const line = `${skipped.subnetId}: ${skipped.reason}`
  const height = HEADER
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${MIN_WIDTH}" height="${height}" viewBox="0 0 ${MIN_WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(line)}</title>`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${MARGIN}" y="32" font-size="16" font-weight="600">${escapeXml(line)}</text>`,
    '</svg>',
    '',
  ].join('\n')
}

function legendEntries(analysis: BlockMapView) {
  const counts = analysis.blocks
  return [
    ...(Object.keys(STATE_STYLE) as BlockState[]).map((state) => ({
      fill: STATE_STYLE[state].fill,
      outline: undefined,
      text: `${STATE_STYLE[state].label} (${counts[state]})`,
    })),
    {
      fill: 'none',
      outline: PREFIX_RESERVATION,
      text: `in a prefix reservation (${counts.inPrefixReservation})`,
    },
    {
      fill: 'none',
      outline: EXPLICIT_RESERVATION,
      text: `in an explicit reservation (${counts.inExplicitReservation})`,
    },
  ]
}
