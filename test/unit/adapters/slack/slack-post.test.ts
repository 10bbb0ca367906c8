import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ResponseUrlResponder } from '../../../../lib/adapters/slack/response-url-responder.ts'
import { SLACK_POST_TIMEOUT_MS } from '../../../../lib/adapters/slack/slack-post.ts'
import { WebhookNotifier } from '../../../../lib/adapters/slack/webhook-notifier.ts'

// Outbound Slack calls over real HTTP, against a Slack that answers, fails, or never answers.

const TIMEOUT_MS = 100
let server: Server | undefined

async function slack(answer: (request: IncomingMessage, response: ServerResponse) => void) {
  server = createServer(answer)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
}
const never = () => {}
const message = { response_type: 'ephemeral' as const, text: 'hi', blocks: [] }

describe('posting to Slack', () => {
  afterEach(() => {
    server?.closeAllConnections()
    server?.close()
  })

  it('gives up on a response_url that never answers, within its timeout', async () => {
    const url = await slack(never)
    const started = Date.now()
    await expect(new ResponseUrlResponder(TIMEOUT_MS).respond(url, message)).rejects.toThrow(
      `response_url did not answer within ${TIMEOUT_MS} ms`,
    )
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000)
  })

  it('gives up on an incoming webhook that never answers, within its timeout', async () => {
    const url = await slack(never)
    await expect(new WebhookNotifier(async () => url, TIMEOUT_MS).notify(message)).rejects.toThrow(
      `the Slack webhook did not answer within ${TIMEOUT_MS} ms`,
    )
  })

  it('waits a few seconds by default: long for Slack, short for a Lambda timeout', () => {
    expect(SLACK_POST_TIMEOUT_MS).toBeGreaterThanOrEqual(2_000)
    expect(SLACK_POST_TIMEOUT_MS).toBeLessThanOrEqual(10_000)
  })

  it('posts the message as JSON and fails on an error status', async () => {
    const received: string[] = []
    const url = await slack((request, response) => {
      let body = ''
      request.on('data', (chunk) => {
        body += chunk
      })
      request.on('end', () => {
        received.push(`${request.headers['content-type']} ${body}`)
        response.statusCode = received.length === 1 ? 200 : 500
        response.end('ok')
      })
    })
    const responder = new ResponseUrlResponder(TIMEOUT_MS)
    await responder.respond(url, message)
    await expect(responder.respond(url, message)).rejects.toThrow('response_url answered 500')
    expect(received[0]).toBe(`application/json ${JSON.stringify(message)}`)
  })
})
