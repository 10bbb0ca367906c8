// npm run slack:sign -- "max-pods m5.large" [--url URL] [--secret S]: prints a curl command that sends a
// correctly signed slash command to the local server (or any URL).
import { parseArgs } from 'node:util'
import { slackSignature } from '../lib/domain/slack-signature.ts'
import { LOCAL_SLACK_SIGNING_SECRET } from './local/start-local.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}/slack/commands` },
    secret: { type: 'string', default: process.env.SLACK_SIGNING_SECRET ?? LOCAL_SLACK_SIGNING_SECRET },
    'response-url': { type: 'string', default: 'http://127.0.0.1:9/slack-response' },
  },
})
const text = positionals.join(' ')
const body = new URLSearchParams({
  command: '/capacity',
  text,
  user_id: 'U0LOCAL',
  user_name: 'local',
  channel_id: 'C0LOCAL',
  response_url: values['response-url'],
}).toString()
const timestamp = String(Math.floor(Date.now() / 1000))
const signature = slackSignature(values.secret, timestamp, body)
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
console.log(
  [
    `curl -s -X POST ${quote(values.url)}`,
    `-H 'content-type: application/x-www-form-urlencoded'`,
    `-H ${quote(`x-slack-request-timestamp: ${timestamp}`)}`,
    `-H ${quote(`x-slack-signature: ${signature}`)}`,
    `--data ${quote(body)}`,
  ].join(' \\\n  '),
)
