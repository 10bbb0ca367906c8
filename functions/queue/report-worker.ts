import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { reportService } from '../../lib/container-reports.ts'
import type { ReportJob } from '../../lib/ports/report-queue.ts'

const reports = reportService()

/** One report target per message; a message that fails goes back to the queue (and, in the end, the DLQ). */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: SQSBatchResponse['batchItemFailures'] = []
  for (const record of event.Records) {
    try {
      await reports.runTarget(JSON.parse(record.body) as ReportJob)
    } catch {
      failures.push({ itemIdentifier: record.messageId })
    }
  }
  return { batchItemFailures: failures }
}
