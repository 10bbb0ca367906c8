import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { type HistoryChart, subnetHistorySvg } from '../../../lib/http/history-svg.ts'

// The picture is read back by an independent XML parser (Python's xml.etree), not by our own code: a
// chart that only our reader understands would not render in a wiki.

interface ParsedPoint {
  at: string
  value: number
  cx: number
  cy: number
}
interface ParsedSvg {
  root: string
  title: string
  desc: string
  texts: string[]
  scripts: number
  links: number
  series: Record<string, { polyline: string[]; points: ParsedPoint[] }>
}

const READER = `
import json, sys
import xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.fromstring(sys.stdin.read())
series = {}
for g in root.iter(NS + 'g'):
    line = g.find(NS + 'polyline')
    series[g.get('data-series')] = {
        'polyline': (line.get('points') or '').split() if line is not None else [],
        'points': [{'at': c.get('data-at'), 'value': float(c.get('data-value')),
                    'cx': float(c.get('cx')), 'cy': float(c.get('cy'))} for c in g.iter(NS + 'circle')],
    }
print(json.dumps({
    'root': root.tag,
    'title': root.find(NS + 'title').text,
    'desc': root.find(NS + 'desc').text,
    'texts': [t.text or '' for t in root.iter(NS + 'text')],
    'scripts': len(list(root.iter(NS + 'script'))),
    'links': sum(1 for e in root.iter() if any(k.endswith('href') for k in e.attrib)),
    'series': series,
}))
`

function parse(svg: string): ParsedSvg {
  return JSON.parse(execFileSync('python3', ['-c', READER], { input: svg, encoding: 'utf8' }))
}

const DAY_MS = 86_400_000
const START = Date.parse('2026-11-01T06:00:00.000Z')

/** Observations a day apart, oldest first, with the values given. */
function chartOf(values: [number, number, number | null][], subnetId = 'subnet-0abc1234'): HistoryChart {
  return {
    subnetId,
    account: 'self',
    region: 'us-east-1',
    cidr: '10.0.0.0/24',
    observations: values.map(([assignableBlocks, freeIps, fragmentationScore], day) => ({
      at: new Date(START + day * DAY_MS).toISOString(),
      assignableBlocks,
      freeIps,
      fragmentationScore,
    })),
  }
}

const SERIES_VALUES = {
  'assignable-blocks': (o: HistoryChart['observations'][number]) => o.assignableBlocks,
  'free-ips': (o: HistoryChart['observations'][number]) => o.freeIps,
  'fragmentation-score': (o: HistoryChart['observations'][number]) => o.fragmentationScore,
} as const

describe('subnetHistorySvg', () => {
  it.each([
    ['one report draws one point per series', [[12, 200, 20]]],
    [
      'several reports draw their points oldest first',
      [
        [14, 240, 0],
        [12, 210, 15],
        [9, 180, 40],
        [10, 150, 100],
      ],
    ],
    [
      'a report with no candidate block leaves the score out, not at zero',
      [
        [3, 40, 50],
        [0, 12, null],
        [0, 5, 100],
      ],
    ],
  ] as [string, [number, number, number | null][]][])('%s', (_why, values) => {
    // Prepare
    const chart = chartOf(values)

    // Act
    const parsed = parse(subnetHistorySvg(chart))

    // Assess
    expect(parsed.root).toBe('{http://www.w3.org/2000/svg}svg')
    expect(Object.keys(parsed.series).sort()).toEqual(Object.keys(SERIES_VALUES).sort())
    for (const [id, seriesValue] of Object.entries(SERIES_VALUES)) {
      const expected = chart.observations.flatMap((o) => {
        const value = seriesValue(o)
        return value === null ? [] : [{ at: o.at, value }]
      })
      const drawn = parsed.series[id]
      expect(
        drawn?.points.map(({ at, value }) => ({ at, value })),
        id,
      ).toEqual(expected)
      expect(drawn?.polyline, id).toEqual(drawn?.points.map((point) => `${point.cx},${point.cy}`))
      // Time runs left to right, and a larger value is drawn higher (a smaller y).
      const points = drawn?.points ?? []
      for (const [index, point] of points.entries()) {
        const next = points[index + 1]
        if (!next) continue
        expect(next.cx, id).toBeGreaterThan(point.cx)
        expect(Math.sign(point.cy - next.cy), id).toBe(Math.sign(next.value - point.value))
      }
    }
  })

  it('draws the score on a fixed 0–100 scale, so 50 is halfway whatever the other reports say', () => {
    // Prepare
    const chart = chartOf([
      [5, 50, 0],
      [5, 50, 50],
      [5, 50, 100],
    ])

    // Act
    const [zero, half, full] = parse(subnetHistorySvg(chart)).series['fragmentation-score']?.points ?? []

    // Assess
    expect(half?.cy).toBeCloseTo(((zero?.cy ?? 0) + (full?.cy ?? 0)) / 2, 0)
    expect(full?.cy).toBeLessThan(zero?.cy ?? 0)
  })

  it('names the subnet, its CIDR and the first and last dates, with no script and nothing fetched', () => {
    // Prepare
    const chart = chartOf([
      [14, 240, 10],
      [12, 210, 15],
    ])

    // Act
    const parsed = parse(subnetHistorySvg(chart))

    // Assess
    expect(parsed.title).toContain('subnet-0abc1234 10.0.0.0/24')
    expect(parsed.desc).toContain('subnet-0abc1234 10.0.0.0/24')
    expect(parsed.texts).toContain(chart.observations[0]?.at.slice(0, 10))
    expect(parsed.texts).toContain(chart.observations[1]?.at.slice(0, 10))
    expect(parsed.scripts).toBe(0)
    expect(parsed.links).toBe(0)
  })

  it.each([
    [
      'markup and entities',
      `subnet-"><script>alert('x')</script>&amp;`,
      `subnet-"><script>alert('x')</script>&amp;`,
    ],
    ['a control character XML cannot carry', 'subnet-\u0001bad', 'subnet-bad'],
  ])('a hostile subnet id (%s) stays text in a well-formed picture', (_why, subnetId, shown) => {
    // Prepare
    const chart = chartOf([[1, 2, 3]], subnetId)

    // Act
    const parsed = parse(subnetHistorySvg(chart))

    // Assess
    expect(parsed.scripts).toBe(0)
    expect(parsed.title).toBe(`${shown} 10.0.0.0/24: trend`)
    expect(parsed.texts).toContain(`${shown}  10.0.0.0/24`)
  })
})
