import type { SlackResponder } from '../../ports/slack.ts'
import type { SlackMessage } from '../../slack/block-kit.ts'

/** POSTs the answer to the command's response_url, as Slack expects (JSON, within 30 minutes). */
export class ResponseUrlResponder implements SlackResponder {
  async respond(responseUrl: string, message: SlackMessage): Promise<void> {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    })
    if (!response.ok) throw new Error(`response_url answered ${response.status}`)
  }
}
