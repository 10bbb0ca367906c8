import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { sparklineSvg } from '../../../lib/http/sparkline-svg.ts'

// Read back by an independent XML parser (Python's xml.etree): the page inlines the picture, and a browser
// drops an SVG that is not well formed.

interface ParsedSparkline {
  root: string
  className: string | null
  role: string | null
  viewBox: string | null
  title: string
  texts: string[]
  polyline: string[] | null
  points: { at: string; value: number; cx: number; cy: number }[]
  projection: { x1: number; y1: number; x2: number; y2: number; dash: string | null } | null
  plotBottom: number
  plotRight: number
}

const READER = `
import json, sys
import xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.fromstring(sys.stdin.read())
line = root.find(NS + "polyline[@data-series='assignable-blocks']")
projection = root.find(NS + "line[@data-series='exhaustion']")
axis = [l for l in root.iter(NS + 'line') if l.get('data-series') is None][0]
print(json.dumps({
    'root': root.tag,
    'className': root.get('class'),
    'role': root.get('role'),
    'viewBox': root.get('viewBox'),
    'title': root.find(NS + 'title').text,
    'texts': [t.text or '' for t in root.iter(NS + 'text')],
    'polyline': line.get('points').split() if line is not None else None,
    'points': [{'at': c.get('data-at'), 'value': float(c.get('data-value')),
                'cx': float(c.get('cx')), 'cy': float(c.get('cy'))}
               for c in root.iter(NS + 'circle') if c.get('data-series-point') is not None],
    'projection': None if projection is None else {
        'x1': float(projection.get('x1')), 'y1': float(projection.get('y1')),
        'x2': float(projection.get('x2')), 'y2': float(projection.get('y2')),
        'dash': projection.get('stroke-dasharray')},
    'plotBottom': float(axis.get('y1')),
    'plotRight': float(axis.get('x2')),
}))
`

function parse(svg: string): ParsedSparkline {
  return JSON.parse(execFileSync('python3', ['-c', READER], { input: svg, encoding: 'utf8' }))
}

const DAY_MS = 86_400_000
const START = Date.parse('2026-11-24T06:00:00.000Z')

/** Observations a day apart, oldest first; the last one is "now". */
function daily(values: readonly number[]) {
  const observations = values.map((assignableBlocks, day) => ({
    at: new Date(START + day * DAY_MS).toISOString(),
    assignableBlocks,
  }))
  const now = observations.at(-1)?.at ?? new Date(START).toISOString()
  return { observations, now }
}

describe('sparklineSvg', () => {
  it.each([
    ['a week of decline, with a projection', [20, 18, 17, 15, 12, 10, 9], 4.5, 1.9],
    ['a flat history has no projection', [8, 8, 8], null, 0],
    ['a rising history has no projection', [3, 5, 9, 12], null, -3],
    ['one report is a single point and no line', [6], null, null],
    ['one report with nothing left projects to zero now', [0], 0, null],
    ['exhaustion far beyond the history is cut at the axis end', [14, 13, 13, 12], 300, 0.4],
  ] as [string, number[], number | null, number | null][])(
    '%s',
    (_why, values, daysToExhaustion, blocksPerDay) => {
      // Prepare
      const { observations, now } = daily(values)

      // Act
      const parsed = parse(sparklineSvg({ observations, now, daysToExhaustion, blocksPerDay }))

      // Assess
      expect(parsed.root).toBe('{http://www.w3.org/2000/svg}svg')
      expect(parsed.className).toBe('sparkline')
      expect(parsed.role).toBe('img')
      expect(parsed.viewBox).toMatch(/^0 0 \d+ \d+$/)
      expect(parsed.title).toBe(
        `assignable /28 blocks, last ${values.length} report${values.length === 1 ? '' : 's'}`,
      )
      expect(parsed.points.map(({ at, value }) => ({ at, value }))).toEqual(
        observations.map((o) => ({ at: o.at, value: o.assignableBlocks })),
      )
      expect(parsed.polyline).toEqual(
        values.length > 1 ? parsed.points.map((point) => `${point.cx},${point.cy}`) : null,
      )
      for (const [index, point] of parsed.points.entries()) {
        const next = parsed.points[index + 1]
        if (!next) continue
        // Time runs left to right; a larger value is higher (smaller y); the axis starts at zero.
        expect(next.cx).toBeGreaterThan(point.cx)
        expect(Math.sign(point.cy - next.cy)).toBe(Math.sign(next.value - point.value))
      }
      for (const point of parsed.points) {
        if (point.value === 0) expect(point.cy).toBe(parsed.plotBottom)
        else expect(point.cy).toBeLessThan(parsed.plotBottom)
      }
      expect(parsed.projection !== null).toBe(daysToExhaustion !== null)
    },
  )

  it('draws the projection from the latest point down to zero at now + days to exhaustion', () => {
    // Prepare: 4 days of history, exhaustion 2 days after now: inside the projection room.
    const { observations, now } = daily([12, 10, 8, 6, 4])

    // Act
    const parsed = parse(sparklineSvg({ observations, now, daysToExhaustion: 2, blocksPerDay: 2 }))

    // Assess
    const last = parsed.points.at(-1)
    const first = parsed.points[0]
    expect(parsed.projection?.dash).toBeTruthy()
    expect(parsed.projection?.x1).toBe(last?.cx)
    expect(parsed.projection?.y1).toBe(last?.cy)
    expect(parsed.projection?.y2).toBe(parsed.plotBottom)
    // Days are evenly spaced on the x axis: two more days after now lie two day-widths to the right.
    const dayWidth = ((last?.cx ?? 0) - (first?.cx ?? 0)) / 4
    expect(parsed.projection?.x2).toBeCloseTo((last?.cx ?? 0) + 2 * dayWidth, 0)
  })

  it('cuts a far projection at the right edge, above zero, keeping the history at least half the width', () => {
    // Prepare
    const { observations, now } = daily([14, 13, 13, 12])

    // Act
    const parsed = parse(sparklineSvg({ observations, now, daysToExhaustion: 300, blocksPerDay: 0.04 }))

    // Assess
    const first = parsed.points[0]?.cx ?? 0
    const last = parsed.points.at(-1)?.cx ?? 0
    expect(parsed.projection?.x2).toBe(parsed.plotRight)
    expect(parsed.projection?.y2).toBeLessThan(parsed.plotBottom)
    expect(parsed.projection?.y2).toBeGreaterThan(parsed.points.at(-1)?.cy ?? 0)
    expect(last - first).toBeGreaterThanOrEqual((parsed.plotRight - first) / 2 - 1)
  })

  it('with no observation, draws a well-formed picture saying there is no history', () => {
    // Act
    const parsed = parse(
      sparklineSvg({
        observations: [],
        now: '2026-12-01T06:00:00.000Z',
        daysToExhaustion: 3,
        blocksPerDay: 1,
      }),
    )

    // Assess
    expect(parsed.points).toEqual([])
    expect(parsed.polyline).toBeNull()
    expect(parsed.texts).toContain('no history')
  })

  it('drops an observation whose time does not parse, rather than drawing it at 1970', () => {
    // Prepare
    const observations = [
      { at: '2026-11-30T06:00:00.000Z', assignableBlocks: 4 },
      { at: '<script>alert(1)</script>', assignableBlocks: 3 },
    ]

    // Act
    const parsed = parse(
      sparklineSvg({
        observations,
        now: '2026-11-30T06:00:00.000Z',
        daysToExhaustion: null,
        blocksPerDay: null,
      }),
    )

    // Assess
    expect(parsed.points.map((point) => point.at)).toEqual(['2026-11-30T06:00:00.000Z'])
  })
})
