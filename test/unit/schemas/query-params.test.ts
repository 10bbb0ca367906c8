import { describe, expect, it } from 'vitest'
import { capacityRoutes } from '../../../lib/schemas/api/capacity-routes.ts'
import { encodeCursor } from '../../../lib/schemas/api/query-params.ts'
import { reportRoutes } from '../../../lib/schemas/api/report-routes.ts'
import { fieldIssues } from '../../../lib/schemas/field-issues.ts'

// Query strings are text, converted by one set of schemas on every route: these are the conversions.

const badFields = (result: { success: boolean; error?: unknown }) =>
  result.success
    ? []
    : fieldIssues(result.error as Parameters<typeof fieldIssues>[0]).map(({ field }) => field)

describe('integer query parameters', () => {
  const maxPods = capacityRoutes.maxPodsForInstanceType.query

  it.each([
    ['hexadecimal, which Number() reads as 16', '0x10'],
    ['exponent notation', '1e2'],
    ['a leading space', ' 5'],
    ['a trailing space', '5 '],
    ['a plus sign', '+5'],
    ['a decimal point', '5.0'],
    ['binary', '0b11'],
    ['nothing, which Number() reads as 0', ''],
    ['a number too large to be exact', '99999999999999999999'],
  ])('refuse %s', (_why, value) => {
    expect(badFields(maxPods.safeParse({ maxEni: value }))).toEqual(['maxEni'])
  })

  it.each([
    ['7', 7],
    ['07', 7],
  ])('take decimal digits: %j is %i', (value, expected) => {
    expect(maxPods.parse({ maxEni: value }).maxEni).toBe(expected)
  })

  it('still check their bounds, in words', () => {
    const result = capacityRoutes.listInstanceTypes.query.safeParse({ limit: '5000' })
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['must be 1000 or less'])
    expect(badFields(maxPods.safeParse({ reservedEnis: '-1' }))).toEqual(['reservedEnis'])
  })
})

describe('page cursors', () => {
  const instanceTypes = capacityRoutes.listInstanceTypes.query

  it('decode to the key they carry', () => {
    expect(instanceTypes.parse({ cursor: encodeCursor('m5.large') }).cursor).toBe('m5.large')
  })

  it.each([
    ['a key of another kind', encodeCursor('not-a-type')],
    ['characters base64url has not', '!!'],
    ['padding this API never adds', `${encodeCursor('m5.large')}=`],
  ])('refuse %s', (_why, cursor) => {
    expect(badFields(instanceTypes.safeParse({ cursor }))).toEqual(['cursor'])
  })
})

describe('the report list query', () => {
  const list = reportRoutes.listReports.query

  it('stores times in the form windows are stored in, so they compare as text', () => {
    expect(list.parse({ since: '2026-11-22T06:00:00Z', until: '2026-11-22T06:00:00.5Z' })).toEqual({
      since: '2026-11-22T06:00:00.000Z',
      until: '2026-11-22T06:00:00.500Z',
    })
  })

  it('refuses since after until, naming both', () => {
    expect(
      badFields(list.safeParse({ since: '2026-11-22T00:00:00Z', until: '2026-11-21T00:00:00Z' })),
    ).toEqual(['since', 'until'])
  })

  it('takes one instant spelled two ways as a range', () => {
    expect(list.safeParse({ since: '2026-11-22T06:00:00Z', until: '2026-11-22T06:00:00.000Z' }).success).toBe(
      true,
    )
  })

  it.each([
    ['before since', { since: '2026-01-01T00:00:00Z', cursor: encodeCursor('2020-01-01T00:00:00.000Z') }],
    ['after until', { until: '2020-01-01T00:00:00Z', cursor: encodeCursor('2026-01-01T00:00:00.000Z') }],
    ['not a stored window', { cursor: encodeCursor('2026-01-01T00:00:00Z') }],
  ])('refuses a cursor %s', (_why, query) => {
    expect(badFields(list.safeParse(query))).toEqual(['cursor'])
  })

  it('takes the cursor of a window inside the range', () => {
    const window = '2026-11-21T06:00:00.000Z'
    expect(list.parse({ since: window, cursor: encodeCursor(window) }).cursor).toBe(window)
  })
})
