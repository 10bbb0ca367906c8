import type { ReportHeader, ReportStore } from '../../ports/report-store.ts'
import type { StoredBlockMap, TargetResult } from '../../schemas/report.ts'

/** Reports kept in memory: the CLI's `report run`, which stores nothing anywhere. */
export class MemoryReportStore implements ReportStore {
  private readonly headers = new Map<string, ReportHeader>()
  private readonly targets = new Map<string, Map<string, TargetResult>>()
  private readonly blockMaps = new Map<string, Map<string, StoredBlockMap>>()

  async startReport(header: Omit<ReportHeader, 'finalizedAt'>): Promise<void> {
    const key = `${header.scope}|${header.window}`
    if (!this.headers.has(key)) this.headers.set(key, { ...header, finalizedAt: null })
  }

  async putTarget(scope: string, window: string, result: TargetResult): Promise<void> {
    const key = `${scope}|${window}`
    const results = this.targets.get(key) ?? new Map<string, TargetResult>()
    results.set(`${result.account}|${result.region}`, result)
    this.targets.set(key, results)
  }

  async read(scope: string, window: string) {
    const header = this.headers.get(`${scope}|${window}`)
    return header
      ? { header, targets: [...(this.targets.get(`${scope}|${window}`)?.values() ?? [])] }
      : undefined
  }

  async list(scope: string, options: { since?: string; until?: string; limit: number; before?: string }) {
    return [...this.headers.values()]
      .filter((header) => header.scope === scope)
      .filter((header) => (options.since ?? '') <= header.window && header.window <= (options.until ?? '~'))
      .filter((header) => options.before === undefined || header.window < options.before)
      .sort((a, b) => (a.window < b.window ? 1 : -1))
      .slice(0, options.limit)
  }

  async finalize(scope: string, window: string, at: string): Promise<boolean> {
    const header = this.headers.get(`${scope}|${window}`)
    if (!header || header.finalizedAt) return false
    header.finalizedAt = at
    return true
  }

  async putBlockMaps(scope: string, window: string, maps: readonly StoredBlockMap[]): Promise<void> {
    const key = `${scope}|${window}`
    const kept = this.blockMaps.get(key) ?? new Map<string, StoredBlockMap>()
    for (const map of maps) kept.set(`${map.account}|${map.region}|${map.subnetId}`, { ...map })
    this.blockMaps.set(key, kept)
  }

  async readBlockMaps(scope: string, window: string): Promise<unknown[]> {
    return [...(this.blockMaps.get(`${scope}|${window}`)?.values() ?? [])].map((map) => ({ ...map }))
  }
}
