import { escapeXml } from './xml-text.ts'
/** What the chart draws: one subnet's observations, oldest first (the report service's subnet history). */
export interface HistoryChart {
  subnetId: string
  account: string
  region: string
  cidr: string
  observations: readonly {
    at: string
    assignableBlocks: number
    freeIps: number
    fragmentationScore: number | null
  }[]
}

type Observation = HistoryChart['observations'][number]

interface Series {
  id: 'assignable-blocks' | 'free-ips' | 'fragmentation-score'
  label: string
  colour: string
  value: (observation: Observation) => number | null
  /** The score is a percentage: a fixed 0–100 scale keeps charts of different subnets comparable. */
  fixedMax?: number
}

/**
 * One panel per series, sharing the time axis: blocks (tens), free IPs (thousands) and the score (0–100)
 * on one scale would flatten two of the three lines.
 */
const SERIES: readonly Series[] = [
  {
    id: 'assignable-blocks',
    label: 'assignable /28 blocks',
    colour: '#3b6fc8',
    value: (o) => o.assignableBlocks,
  },
  { id: 'free-ips', label: 'free IPs', colour: '#2e9d5b', value: (o) => o.freeIps },
  {
    id: 'fragmentation-score',
    label: 'fragmentation score',
    colour: '#c8453b',
    value: (o) => o.fragmentationScore,
    fixedMax: 100,
  },
]

const WIDTH = 760
const MARGIN = 16
const HEADER = 56
const PLOT_LEFT = 72
const PLOT_RIGHT = WIDTH - 24
const PANEL_LABEL = 18
const PANEL_HEIGHT = 80
const PANEL_GAP = 16
const FOOTER = 28
const POINT_RADIUS = 3

/** The subnet's trend as a picture for wikis and dashboards: no script, no external asset. */
export function subnetHistorySvg(chart: HistoryChart): string {
  const observations = chart.observations
  const first = observations[0]?.at
  const last = observations.at(-1)?.at
  const xOf = timeScale(first, last)
  const panelsBottom = HEADER + SERIES.length * (PANEL_LABEL + PANEL_HEIGHT + PANEL_GAP)
  const height = panelsBottom + FOOTER
  const span = first && last ? `${dateLabel(first, last)} to ${dateLabel(last, first)}` : 'no reports'

  const panels = SERIES.map((series, index) => {
    const top = HEADER + index * (PANEL_LABEL + PANEL_HEIGHT + PANEL_GAP) + PANEL_LABEL
    const points = observations.flatMap((observation) => {
      const value = series.value(observation)
      return value === null ? [] : [{ at: observation.at, value }]
    })
    const max = series.fixedMax ?? Math.max(1, ...points.map((point) => point.value))
    const yOf = (value: number) => round(top + PANEL_HEIGHT - (value / max) * PANEL_HEIGHT)
    const latest = points.at(-1)?.value
    const drawn = points.map((point) => ({ ...point, x: xOf(point.at), y: yOf(point.value) }))
    const polyline = drawn.map((point) => `${point.x},${point.y}`).join(' ')
    const circles = drawn.map(
      (point) =>
        `<circle cx="${point.x}" cy="${point.y}" r="${POINT_RADIUS}" fill="${series.colour}" data-at="${escapeXml(point.at)}" data-value="${point.value}"><title>${escapeXml(`${point.at}: ${point.value} ${series.label}`)}</title></circle>`,
    )
    return [
      `<text x="${PLOT_LEFT}" y="${top - 5}" font-weight="600">${escapeXml(`${series.label}${latest === undefined ? ' (none)' : ` (latest ${latest})`}`)}</text>`,
      `<rect x="${PLOT_LEFT}" y="${top}" width="${PLOT_RIGHT - PLOT_LEFT}" height="${PANEL_HEIGHT}" fill="#f9fafb" stroke="#d1d5db"/>`,
      `<text x="${PLOT_LEFT - 6}" y="${top + 10}" text-anchor="end">${max}</text>`,
      `<text x="${PLOT_LEFT - 6}" y="${top + PANEL_HEIGHT}" text-anchor="end">0</text>`,
      `<g data-series="${series.id}" stroke="${series.colour}">`,
      `<polyline data-series="${series.id}" points="${polyline}" fill="none" stroke-width="2"/>`,
      ...circles,
      '</g>',
    ].join('\n')
  })

  const describe = `${chart.subnetId} ${chart.cidr} in ${chart.account}/${chart.region}: ${SERIES.map((series) => series.label).join(', ')} in ${observations.length} fragmentation reports, ${span}.`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(`${chart.subnetId} ${chart.cidr}: trend`)}</title>`,
    `<desc>${escapeXml(describe)}</desc>`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${MARGIN}" y="24" font-size="16" font-weight="600">${escapeXml(`${chart.subnetId}  ${chart.cidr}`)}</text>`,
    `<text x="${MARGIN}" y="44">${escapeXml(`${chart.account}/${chart.region} · ${observations.length} reports · ${span}`)}</text>`,
    ...panels,
    `<text x="${PLOT_LEFT}" y="${panelsBottom + 4}" data-axis="first">${escapeXml(first ? dateLabel(first, last ?? first) : '')}</text>`,
    `<text x="${PLOT_RIGHT}" y="${panelsBottom + 4}" text-anchor="end" data-axis="last">${escapeXml(last ? dateLabel(last, first ?? last) : '')}</text>`,
    '</svg>',
    '',
  ].join('\n')
}

/** Time to x; a single report (or several at one instant) sits in the middle rather than on an edge. */
function timeScale(first: string | undefined, last: string | undefined): (at: string) => number {
  const start = first ? Date.parse(first) : 0
  const end = last ? Date.parse(last) : 0
  if (!(end > start)) return () => round((PLOT_LEFT + PLOT_RIGHT) / 2)
  return (at) => round(PLOT_LEFT + ((Date.parse(at) - start) / (end - start)) * (PLOT_RIGHT - PLOT_LEFT))
}

/** The date; with the time when the other end of the axis is the same day, so the two labels differ. */
function dateLabel(at: string, other: string): string {
  return at.slice(0, 10) === other.slice(0, 10) ? `${at.slice(0, 16).replace('T', ' ')} UTC` : at.slice(0, 10)
}

const round = (value: number) => Math.round(value * 10) / 10

/** Characters XML 1.0 cannot carry even escaped: dropped, or the picture would not parse at all. */
