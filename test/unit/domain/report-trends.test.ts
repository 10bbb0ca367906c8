import { describe, expect, it } from 'vitest'
import { assignableTrend } from '../../../lib/domain/report-trends.ts'

const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString()

describe('assignable /28 trend and days to exhaustion', () => {
  it('a steady loss of 10 blocks a day from 100: 10 days left', () => {
    const history = [0, 1, 2, 3].map((n) => ({ at: day(n), assignableBlocks: 140 - 10 * n }))
    const trend = assignableTrend({ at: day(4), assignableBlocks: 100 }, history)
    expect(trend).toEqual({ assignableChange: -10, blocksPerDay: 10, daysToExhaustion: 10 })
  })

  it('flat: no estimate', () => {
    const history = [0, 1, 2].map((n) => ({ at: day(n), assignableBlocks: 50 }))
    expect(assignableTrend({ at: day(3), assignableBlocks: 50 }, history)).toEqual({
      assignableChange: 0,
      blocksPerDay: 0,
      daysToExhaustion: null,
    })
  })

  it('rising: no estimate', () => {
    const history = [0, 1, 2].map((n) => ({ at: day(n), assignableBlocks: 10 + n }))
    const trend = assignableTrend({ at: day(3), assignableBlocks: 13 }, history)
    expect(trend.daysToExhaustion).toBeNull()
    expect(trend.blocksPerDay).toBe(-1)
  })

  it('the first report: a change and a trend need history', () => {
    expect(assignableTrend({ at: day(0), assignableBlocks: 12 }, [])).toEqual({
      assignableChange: null,
      blocksPerDay: null,
      daysToExhaustion: null,
    })
  })

  it('already exhausted: 0 days', () => {
    expect(
      assignableTrend({ at: day(1), assignableBlocks: 0 }, [{ at: day(0), assignableBlocks: 3 }])
        .daysToExhaustion,
    ).toBe(0)
  })

  it('looks back only over the trend window: an old plateau does not dilute a new decline', () => {
    const history = [
      { at: day(0), assignableBlocks: 100 },
      { at: day(1), assignableBlocks: 100 },
      { at: day(20), assignableBlocks: 60 },
      { at: day(21), assignableBlocks: 50 },
    ]
    expect(assignableTrend({ at: day(22), assignableBlocks: 40 }, history)).toEqual({
      assignableChange: -10,
      blocksPerDay: 10,
      daysToExhaustion: 4,
    })
  })

  it('ignores observations from the future (a re-run of an older window)', () => {
    const trend = assignableTrend({ at: day(1), assignableBlocks: 10 }, [
      { at: day(0), assignableBlocks: 20 },
      { at: day(5), assignableBlocks: 0 },
    ])
    expect(trend).toEqual({ assignableChange: -10, blocksPerDay: 10, daysToExhaustion: 1 })
  })
})
