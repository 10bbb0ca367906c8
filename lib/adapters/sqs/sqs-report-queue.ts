import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { ReportJob, ReportQueue } from '../../ports/report-queue.ts'

/** SendMessageBatch takes at most ten messages. */
const SQS_BATCH = 10

export class SqsReportQueue implements ReportQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(jobs: ReportJob[]): Promise<void> {
    for (let start = 0; start < jobs.length; start += SQS_BATCH) {
      const batch = jobs.slice(start, start + SQS_BATCH)
      const answer = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((job, index) => ({
            Id: String(start + index),
            MessageBody: JSON.stringify(job),
          })),
        }),
      )
      if (answer.Failed && answer.Failed.length > 0) {
        throw new Error(
          `SQS refused ${answer.Failed.length} report jobs: ${answer.Failed.map((failure) => failure.Message).join('; ')}`,
        )
      }
    }
  }
}
