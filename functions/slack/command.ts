import { telemetry } from '../../lib/container.ts'
import { slackCommandService } from '../../lib/container-slack.ts'
import { httpApi } from '../../lib/http/http-api.ts'

const slack = slackCommandService()

/** Slack slash commands: public, but nothing happens unless the request is signed by Slack. */
export const handler = httpApi(
  [
    {
      method: 'POST',
      path: '/slack/commands',
      handler: async (event) => {
        // The signature covers the exact bytes Slack sent; API Gateway may have base64-encoded them.
        const rawBody = event.isBase64Encoded
          ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
          : (event.body ?? '')
        const headers = event.headers ?? {}
        const { status, body } = await slack.handle({
          rawBody,
          timestamp: headers['x-slack-request-timestamp'],
          signature: headers['x-slack-signature'],
        })
        return {
          statusCode: status,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }
      },
    },
  ],
  telemetry,
)
