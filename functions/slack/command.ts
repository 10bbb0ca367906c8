import { telemetry } from '../../lib/container.ts'
import { slackCommandService } from '../../lib/container-slack.ts'
import { httpApi } from '../../lib/http/http-api.ts'
import { jsonResponse, rawBody } from '../../lib/http/route.ts'

const slack = slackCommandService()

/** Slack slash commands: public, but nothing happens unless the request is signed by Slack. */
export const handler = httpApi(
  [
    {
      method: 'POST',
      path: '/slack/commands',
      handler: async (event) => {
        // The signature covers the exact bytes Slack sent.
        const headers = event.headers ?? {}
        const { status, body } = await slack.handle({
          rawBody: rawBody(event),
          timestamp: headers['x-slack-request-timestamp'],
          signature: headers['x-slack-signature'],
        })
        return jsonResponse(status, body)
      },
    },
  ],
  telemetry,
)
