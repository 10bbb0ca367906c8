import type { StoredBlockMap, TargetResult } from '../schemas/report.ts'

export interface ReportHeader {
  scope: string
  window: string
  expectedTargets: number
  createdAt: string
  finalizedAt: string | null
}

/** Reports in the table: a header per scope and window, one item per scanned target, one per kept block map. */
export interface ReportStore {
  /** Creates the header unless the window has one: a re-run keeps the first. */
  startReport(header: Omit<ReportHeader, 'finalizedAt'>, expiresAt: number): Promise<void>
  /** Writes (or replaces, on a re-run) one target's result. */
  putTarget(scope: string, window: string, result: TargetResult, expiresAt: number): Promise<void>
  read(scope: string, window: string): Promise<{ header: ReportHeader; targets: TargetResult[] } | undefined>
  /** Headers newest first, between since and until (ISO), after the cursor window. */
  list(
    scope: string,
    options: { since?: string; until?: string; limit: number; before?: string },
  ): Promise<ReportHeader[]>
  /** Marks the window finalized; false when another worker already did (so notifications go out once). */
  finalize(scope: string, window: string, at: string): Promise<boolean>
  /** Keeps block maps of a window's subnets (replacing any of the same account, region and subnet). */
  putBlockMaps(
    scope: string,
    window: string,
    maps: readonly StoredBlockMap[],
    expiresAt: number,
  ): Promise<void>
  /**
   * Every block map kept for the window, as stored: checked (StoredBlockMap) by the reader, one at a time,
   * so a damaged item costs its own picture and not the page.
   */
  readBlockMaps(scope: string, window: string): Promise<unknown[]>
}
