import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { telemetry } from '../../lib/container.ts'
import { reportService } from '../../lib/container-reports.ts'
import { lambdaInvocation } from '../../lib/lambda-invocation.ts'
import type { ReportJob } from '../../lib/ports/report-queue.ts'

const reports = reportService()
const processor = new BatchProcessor(EventType.SQS)

/** One report target per message; a failed one is logged and goes back to the queue (in the end, the DLQ). */
async function runJob(record: SQSRecord): Promise<void> {
  try {
    await reports.runTarget(JSON.parse(record.body) as ReportJob)
  } catch (error) {
    telemetry.error('report job failed; returned to the queue', {
      messageId: record.messageId,
      receiveCount: record.attributes?.ApproximateReceiveCount,
      error: (error as Error).message,
    })
    throw error
  }
}

export const handler = lambdaInvocation(telemetry, 'report worker', (event: SQSEvent, context) =>
  // One job after another, as EC2 throttles per account and region; a whole failed batch is answered
  // with every message listed, like a partial one, rather than thrown.
  processPartialResponse(event, runJob, processor, {
    context,
    processInParallel: false,
    throwOnFullBatchFailure: false,
  }),
)
