import { beforeAll, describe, expect, it, vi } from 'vitest'
import { slackSignature } from '../../lib/domain/slack-signature.ts'
import { httpEvent, lambdaContext } from '../builders/http-event.ts'
import { freePort } from '../support/free-port.ts'
import { stubLambdaEnvironment } from '../support/lambda-environment.ts'

// The Slack command function in-process, as API Gateway invokes it: the signature is checked over the
// exact bytes Slack sent, even when API Gateway delivers them base64-encoded.

const SECRET = 'handler-test-secret'
let handler: typeof import('../../functions/slack/command.ts')['handler']

beforeAll(async () => {
  stubLambdaEnvironment({
    SLACK_SIGNING_SECRET: SECRET,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
  })
  vi.spyOn(console, 'log').mockImplementation(() => {})
  ;({ handler } = await import('../../functions/slack/command.ts'))
})

function event(rawBody: string, signedBody = rawBody, base64 = true) {
  const timestamp = String(Math.floor(Date.now() / 1000))
  return {
    ...httpEvent({
      method: 'POST',
      path: '/slack/commands',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(SECRET, timestamp, signedBody),
      },
      body: base64 ? Buffer.from(rawBody, 'utf8').toString('base64') : rawBody,
    }),
    isBase64Encoded: base64,
  }
}

describe('the Slack command function', () => {
  const body = new URLSearchParams({
    command: '/capacity',
    text: 'help',
    response_url: 'http://127.0.0.1:9/x',
  }).toString()

  it('verifies a base64-encoded body over its decoded bytes', async () => {
    const response = await handler(event(body), lambdaContext())
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body ?? '{}').text).toBe('How to use /capacity')
  })

  it('refuses a body changed after signing', async () => {
    const response = await handler(event(body.replace('help', 'hel'), body), lambdaContext())
    expect(response.statusCode).toBe(401)
  })

  it('answers max-pods from the snapshot when DynamoDB is away', async () => {
    const maxPods = new URLSearchParams({
      command: '/capacity',
      text: 'max-pods p5.48xlarge',
      response_url: 'x',
    }).toString()
    const response = await handler(event(maxPods, maxPods, false), lambdaContext())
    expect(JSON.parse(response.body ?? '{}').text).toBe('p5.48xlarge: 100 max pods')
  })
})
