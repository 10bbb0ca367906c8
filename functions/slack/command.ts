import { telemetry } from '../../lib/container.ts'
import { slackCommandService } from '../../lib/container-slack.ts'
import { httpApi } from '../../lib/http/http-api.ts'
import { bodyText, jsonResponse } from '../../lib/http/route.ts'
import { SLACK_COMMAND_MEDIA_TYPE, SLACK_MAX_BODY_BYTES } from '../../lib/schemas/api/slack.ts'

const slack = slackCommandService()

/** Slack slash commands: public, but nothing happens unless the request is signed by Slack. */
export const handler = httpApi(
  [
    {
      method: 'POST',
      path: '/slack/commands',
      handler: async (event) => {
        const headers = event.headers ?? {}
        const { status, body } = await slack.handle({
          // The signature covers the exact bytes Slack sent.
          rawBody: bodyText(event, { mediaType: SLACK_COMMAND_MEDIA_TYPE, maxBytes: SLACK_MAX_BODY_BYTES }),
          timestamp: headers['x-slack-request-timestamp'],
          signature: headers['x-slack-signature'],
        })
        return jsonResponse(status, body)
      },
    },
  ],
  telemetry,
)
