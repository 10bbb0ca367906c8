import { vi } from 'vitest'

/**
 * What the process writes to stdout and stderr while a test runs, one parsed JSON line per entry.
 * Powertools writes through its own Console bound to these streams, not through `console`.
 */
export function capturedOutput() {
  const lines: { stream: 'stdout' | 'stderr'; json: Record<string, any> }[] = []
  const capture = (stream: 'stdout' | 'stderr') => (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) {
      if (line.trim().startsWith('{')) lines.push({ stream, json: JSON.parse(line) })
    }
    return true
  }
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture('stdout') as typeof process.stdout.write),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture('stderr') as typeof process.stderr.write),
  ]
  return {
    lines,
    restore: () => {
      for (const spy of spies) spy.mockRestore()
    },
    logs: () => lines.filter((line) => !('_aws' in line.json)).map((line) => line.json),
    emf: () => lines.filter((line) => '_aws' in line.json).map((line) => line.json),
  }
}
