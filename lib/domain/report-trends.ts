/** Trends look back this far: long enough to smooth one noisy scan, short enough to follow a change. */
export const TREND_WINDOW_DAYS = 7
const DAY_MS = 86_400_000

export interface Observation {
  at: string
  assignableBlocks: number
}

export interface Trend {
  /** Assignable /28 blocks now minus at the previous report; null with no previous report. */
  assignableChange: number | null
  /** Blocks lost per day, by least-squares fit over the trend window; null with fewer than two points. */
  blocksPerDay: number | null
  /**
   * Days until no /28 is assignable if the fitted decline goes on; null when the trend is flat or rising
   * (nothing to extrapolate), 0 when none is left now.
   */
  daysToExhaustion: number | null
}

/**
 * The trend of one subnet's assignable /28 blocks: a least-squares line through the observations of the
 * last TREND_WINDOW_DAYS (the current one included), extrapolated to zero when it falls.
 */
export function assignableTrend(current: Observation, history: readonly Observation[]): Trend {
  const now = Date.parse(current.at)
  const earlier = [...history]
    .filter((point) => Date.parse(point.at) < now)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  const previous = earlier.at(-1)
  const recent = [
    ...earlier.filter((point) => now - Date.parse(point.at) <= TREND_WINDOW_DAYS * DAY_MS),
    current,
  ]
  const assignableChange = previous ? current.assignableBlocks - previous.assignableBlocks : null
  if (recent.length < 2)
    return {
      assignableChange,
      blocksPerDay: null,
      daysToExhaustion: current.assignableBlocks === 0 ? 0 : null,
    }

  const xs = recent.map((point) => (Date.parse(point.at) - now) / DAY_MS)
  const ys = recent.map((point) => point.assignableBlocks)
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length
  let covariance = 0
  let variance = 0
  xs.forEach((x, index) => {
    covariance += (x - meanX) * ((ys[index] as number) - meanY)
    variance += (x - meanX) ** 2
  })
  const slope = variance === 0 ? 0 : covariance / variance
  // `+ 0` turns -0 (a flat line) into 0.
  const blocksPerDay = Math.round(-slope * 100) / 100 + 0
  if (current.assignableBlocks === 0) return { assignableChange, blocksPerDay, daysToExhaustion: 0 }
  const daysToExhaustion = slope < 0 ? Math.round((current.assignableBlocks / -slope) * 10) / 10 : null
  return { assignableChange, blocksPerDay, daysToExhaustion }
}
