import type { SlackResponder } from '../../ports/slack.ts'
import type { SlackMessage } from '../../slack/block-kit.ts'
import { postToSlack, SLACK_POST_TIMEOUT_MS } from './slack-post.ts'

/** POSTs the answer to the command's response_url, as Slack expects (JSON, within 30 minutes). */
export class ResponseUrlResponder implements SlackResponder {
  constructor(private readonly timeoutMs: number = SLACK_POST_TIMEOUT_MS) {}

  async respond(responseUrl: string, message: SlackMessage): Promise<void> {
    await postToSlack(responseUrl, message, 'response_url', this.timeoutMs)
  }
}
