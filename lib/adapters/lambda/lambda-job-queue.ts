import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import type { SlackJob, SlackJobQueue } from '../../ports/slack.ts'

/** Invokes the Slack worker asynchronously (InvocationType Event): the command can answer Slack at once. */
export class LambdaJobQueue implements SlackJobQueue {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async enqueue(job: SlackJob): Promise<void> {
    await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(job)),
      }),
    )
  }
}
