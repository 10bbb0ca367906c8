import { escapeXml } from './xml-text.ts'

const DAY_MS = 86_400_000
const WIDTH = 300
const HEIGHT = 84
const PLOT_LEFT = 28
const PLOT_RIGHT = WIDTH - 8
const PLOT_TOP = 8
const PLOT_BOTTOM = HEIGHT - 20
const POINT_RADIUS = 2.5
const SERIES_COLOUR = '#1d4ed8'
const PROJECTION_COLOUR = '#b91c1c'
const AXIS_COLOUR = '#6b7280'

export interface SparklineInput {
  observations: readonly { at: string; assignableBlocks: number }[]
  now: string
  daysToExhaustion: number | null
  blocksPerDay: number | null
}

/** Assignable /28 blocks over time as a small inline SVG, with the days-to-exhaustion projection. */
export function sparklineSvg(input: SparklineInput): string {
  // An observation whose time does not parse has no place on a time axis; drawing it at 0 would lie.
  const observations = input.observations.filter((o) => Number.isFinite(Date.parse(o.at)))
  const title = `assignable /28 blocks, last ${observations.length} report${observations.length === 1 ? '' : 's'}`
  if (observations.length === 0) return emptySparkline()

  const times = observations.map((o) => Date.parse(o.at))
  const start = times[0] as number
  const lastAt = times.at(-1) as number
  const nowAt = Number.isFinite(Date.parse(input.now)) ? Date.parse(input.now) : lastAt
  const historyEnd = Math.max(lastAt, nowAt)
  const exhaustionAt = input.daysToExhaustion === null ? null : nowAt + input.daysToExhaustion * DAY_MS
  // A projection months away would squeeze the history into a sliver: it gets at most as much room as
  // the history itself (a day at least), and is cut where the axis ends.
  const projectionRoom = Math.max(historyEnd - start, DAY_MS)
  const axisEnd =
    exhaustionAt === null
      ? historyEnd
      : Math.max(historyEnd, Math.min(exhaustionAt, historyEnd + projectionRoom))
  const max = Math.max(1, ...observations.map((o) => o.assignableBlocks))
  const xOf = timeScale(start, axisEnd)
  const yOf = (value: number) => round(PLOT_BOTTOM - (Math.max(0, value) / max) * (PLOT_BOTTOM - PLOT_TOP))

  const drawn = observations.map((o, index) => ({
    at: o.at,
    value: o.assignableBlocks,
    x: xOf(times[index] as number),
    y: yOf(o.assignableBlocks),
  }))
  const last = drawn.at(-1) as (typeof drawn)[number]
  const circles = drawn.map(
    (point) =>
      `<circle data-series-point="assignable-blocks" data-at="${escapeXml(point.at)}" data-value="${point.value}" cx="${point.x}" cy="${point.y}" r="${POINT_RADIUS}" fill="${SERIES_COLOUR}"><title>${escapeXml(`${point.at}: ${point.value} assignable /28 blocks`)}</title></circle>`,
  )
  const polyline =
    drawn.length > 1
      ? `<polyline data-series="assignable-blocks" points="${drawn.map((p) => `${p.x},${p.y}`).join(' ')}" fill="none" stroke="${SERIES_COLOUR}" stroke-width="1.5"/>`
      : ''

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" role="img" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="10">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(describeProjection(input.daysToExhaustion, input.blocksPerDay))}</desc>`,
    `<line x1="${PLOT_LEFT}" y1="${PLOT_BOTTOM}" x2="${PLOT_RIGHT}" y2="${PLOT_BOTTOM}" stroke="${AXIS_COLOUR}" stroke-width="1"/>`,
    `<text x="${PLOT_LEFT - 4}" y="${PLOT_TOP + 7}" text-anchor="end" fill="#374151">${max}</text>`,
    `<text x="${PLOT_LEFT - 4}" y="${PLOT_BOTTOM}" text-anchor="end" fill="#374151">0</text>`,
    projection({ at: lastAt, value: last.value }, exhaustionAt, axisEnd, xOf, yOf),
    polyline,
    ...circles,
    `<text x="${PLOT_LEFT}" y="${HEIGHT - 6}" fill="#374151">${escapeXml(dayLabel(start))}</text>`,
    `<text x="${PLOT_RIGHT}" y="${HEIGHT - 6}" text-anchor="end" fill="#374151">${escapeXml(dayLabel(axisEnd))}</text>`,
    '</svg>',
  ]
    .filter(Boolean)
    .join('\n')
}

/** The trend in words, for the picture's description and the page's text beside it. */
export function describeProjection(daysToExhaustion: number | null, blocksPerDay: number | null): string {
  if (daysToExhaustion === null) return 'no decline'
  if (daysToExhaustion === 0) return 'no assignable /28 left'
  const rate = blocksPerDay === null ? '' : ` (losing ${blocksPerDay} /28 blocks a day)`
  return `~${daysToExhaustion} days to exhaustion${rate}`
}

/**
 * The fitted decline, dashed, from the latest point to zero at now + days to exhaustion; when that lies
 * past the axis, the line stops at the axis' end, at the height the same straight line has there.
 */
function projection(
  last: { at: number; value: number },
  exhaustionAt: number | null,
  axisEnd: number,
  xOf: (at: number) => number,
  yOf: (value: number) => number,
): string {
  if (exhaustionAt === null) return ''
  const endAt = Math.max(last.at, Math.min(exhaustionAt, axisEnd))
  const endValue =
    exhaustionAt > endAt && exhaustionAt > last.at
      ? last.value * (1 - (endAt - last.at) / (exhaustionAt - last.at))
      : 0
  return `<line data-series="exhaustion" x1="${xOf(last.at)}" y1="${yOf(last.value)}" x2="${xOf(endAt)}" y2="${yOf(endValue)}" stroke="${PROJECTION_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>`
}

function emptySparkline(): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" role="img" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    '<title>assignable /28 blocks: no history</title>',
    `<line x1="${PLOT_LEFT}" y1="${PLOT_BOTTOM}" x2="${PLOT_RIGHT}" y2="${PLOT_BOTTOM}" stroke="${AXIS_COLOUR}" stroke-width="1"/>`,
    `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#374151">no history</text>`,
    '</svg>',
  ].join('\n')
}

/** Time to x; a single instant sits in the middle rather than on an edge. */
function timeScale(start: number, end: number): (at: number) => number {
  if (!(end > start)) return () => round((PLOT_LEFT + PLOT_RIGHT) / 2)
  return (at) => round(PLOT_LEFT + ((at - start) / (end - start)) * (PLOT_RIGHT - PLOT_LEFT))
}

const dayLabel = (at: number) => new Date(at).toISOString().slice(0, 10)

const round = (value: number) => Math.round(value * 10) / 10
