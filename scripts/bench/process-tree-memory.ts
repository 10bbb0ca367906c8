import { readdirSync, readFileSync } from 'node:fs'

const SAMPLE_EVERY_MS = 250

/**
 * The peak resident memory of a process and all its descendants (Linux /proc): each process's own
 * high-water mark (VmHWM), summed. Processes are sampled while they live, since a child that exits
 * (a bundler, a worker) takes its figure with it.
 */
export function watchProcessTreeMemory(rootPid: number) {
  const peakKiB = new Map<number, number>()
  const sample = () => {
    for (const pid of descendantsAndSelf(rootPid)) {
      const kib = highWaterMarkKiB(pid)
      if (kib !== undefined) peakKiB.set(pid, Math.max(kib, peakKiB.get(pid) ?? 0))
    }
  }
  sample()
  const timer = setInterval(sample, SAMPLE_EVERY_MS)
  return {
    /** Stops sampling; the sum of every process's peak, in MiB, and how many processes there were. */
    stop(): { peakMiB: number; processes: number } {
      sample()
      clearInterval(timer)
      const total = [...peakKiB.values()].reduce((sum, kib) => sum + kib, 0)
      return { peakMiB: total / 1024, processes: peakKiB.size }
    },
  }
}

/** A process and every process below it, as /proc shows them now. */
export function descendantsAndSelf(rootPid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = parentPid(Number(entry))
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
  }
  const found = [rootPid]
  for (let at = 0; at < found.length; at++) found.push(...(children.get(found[at] as number) ?? []))
  return found
}

function parentPid(pid: number): number | undefined {
  try {
    // The command name (second field) is in parentheses and may hold spaces: count fields after it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined // it exited between listing and reading
  }
}

function highWaterMarkKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}
