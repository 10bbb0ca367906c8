import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'

/** One titled part of BENCHMARKS.md: a table of figures and how they were taken. */
export interface BenchSection {
  title: string
  method: string
  headers: string[]
  rows: string[][]
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index] as number
}

export function sortedNumbers(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b)
}

/** Wall time of a whole process, in milliseconds, over several runs (the first one warms caches and is dropped). */
export function processWallTimes(command: string, args: string[], runs: number, cwd: string): number[] {
  const times: number[] = []
  for (let run = 0; run <= runs; run++) {
    const start = process.hrtime.bigint()
    execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 256 << 20 })
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6
    if (run > 0) times.push(elapsed)
  }
  return sortedNumbers(times)
}

/**
 * Wall times of several whole processes, run in turns (one of each per round) so that a machine busy with
 * something else slows all of them alike; one warm-up round first, dropped. Sorted, per command.
 */
export function interleavedWallTimes(
  commands: readonly { command: string; args: string[] }[],
  runs: number,
  cwd: string,
): number[][] {
  const times = commands.map((): number[] => [])
  for (let run = 0; run <= runs; run++) {
    commands.forEach(({ command, args }, index) => {
      const start = process.hrtime.bigint()
      execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 256 << 20 })
      if (run > 0) times[index]?.push(Number(process.hrtime.bigint() - start) / 1e6)
    })
  }
  return times.map(sortedNumbers)
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${cpus().length} × ${cpu}, Node ${process.version}`
}

export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits)
}

export function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}
