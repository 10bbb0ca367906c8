import type { ReportTarget } from '../schemas/report.ts'

/** One target of one report window, as queued for a worker. */
export interface ReportJob {
  scope: string
  window: string
  target: ReportTarget
}

export interface ReportQueue {
  enqueue(jobs: ReportJob[]): Promise<void>
}

/** Where report summaries go (a Slack incoming webhook). */
export interface ReportNotifier {
  notify(message: { text: string; blocks: unknown[] }): Promise<void>
}
