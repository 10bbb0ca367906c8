import type { ReportNotifier } from '../../ports/report-queue.ts'

/** Posts to a Slack incoming webhook; the URL is a secret, so it is looked up when first needed. */
export class WebhookNotifier implements ReportNotifier {
  private url: Promise<string> | undefined

  constructor(private readonly resolveUrl: () => Promise<string>) {}

  async notify(message: { text: string; blocks: unknown[] }): Promise<void> {
    this.url ??= this.resolveUrl()
    const response = await fetch(await this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    })
    if (!response.ok) throw new Error(`the Slack webhook answered ${response.status}`)
  }
}
