import type { ReportNotifier } from '../../ports/report-queue.ts'
import { postToSlack, SLACK_POST_TIMEOUT_MS } from './slack-post.ts'

/** Posts to a Slack incoming webhook; the URL is a secret, so it is looked up when first needed. */
export class WebhookNotifier implements ReportNotifier {
  private url: Promise<string> | undefined

  constructor(
    private readonly resolveUrl: () => Promise<string>,
    private readonly timeoutMs: number = SLACK_POST_TIMEOUT_MS,
  ) {}

  async notify(message: { text: string; blocks: unknown[] }): Promise<void> {
    this.url ??= this.resolveUrl()
    await postToSlack(await this.url, message, 'the Slack webhook', this.timeoutMs)
  }
}
