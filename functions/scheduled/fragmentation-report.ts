import { telemetry } from '../../lib/container.ts'
import { reportService } from '../../lib/container-reports.ts'
import { lambdaInvocation } from '../../lib/lambda-invocation.ts'

const reports = reportService()

/** EventBridge Scheduler: one report window per run, fanned out as one SQS job per account × region. */
export const handler = lambdaInvocation(
  telemetry,
  'fragmentation report',
  async (event: { time?: string } | null) => {
    // The scheduled time names the window, so a retried or repeated run lands on the same report.
    const at = event?.time ? new Date(event.time) : new Date()
    at.setUTCSeconds(0, 0)
    return { window: at.toISOString(), targets: await reports.schedule(at.toISOString()) }
  },
)
