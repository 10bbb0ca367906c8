import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { slackSignature } from '../../lib/domain/slack-signature.ts'
import { LOCAL_SLACK_SIGNING_SECRET, type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { blockKitViolations } from '../support/block-kit-limits.ts'
import { freePort } from '../support/free-port.ts'
import { openApiContract } from '../support/openapi-contract.ts'

// /capacity end to end: signed requests to `npm start`'s runner; slow answers arrive, through the
// asynchronously invoked worker, at a fake response_url server on 127.0.0.1.

let service: LocalService
let responses: Server
let responseUrl: string
const delivered: { body: any; at: number }[] = []

beforeAll(async () => {
  responses = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      delivered.push({ body: JSON.parse(body), at: Date.now() })
      response.end('ok')
    })
  })
  responses.listen(0, '127.0.0.1')
  await once(responses, 'listening')
  responseUrl = `http://127.0.0.1:${(responses.address() as AddressInfo).port}/commands/T1/1/x`
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
  responses?.close()
})

async function slash(text: string, options: { secret?: string; timestamp?: number } = {}) {
  const body = new URLSearchParams({
    command: '/capacity',
    text,
    response_url: responseUrl,
    user_id: 'U1',
  }).toString()
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const started = Date.now()
  const response = await fetch(`${service.url}/slack/commands`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(options.secret ?? LOCAL_SLACK_SIGNING_SECRET, timestamp, body),
    },
    body,
  })
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as any,
    ms: Date.now() - started,
  }
}

describe('/capacity over HTTP', () => {
  it('answers max-pods inline, within Slack’s limits', async () => {
    const reply = await slash('max-pods m5.large --cni-prefix-delegation-enabled --public')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ response_type: 'in_channel', text: 'm5.large: 110 max pods' })
    expect(blockKitViolations(reply.body)).toEqual([])
  })

  it('acknowledges a subnet scan within 3 s, and the answer arrives at response_url', async () => {
    const before = delivered.length
    const reply = await slash('subnet subnet-demo-exhausted')
    expect(reply.status).toBe(200)
    expect(reply.body.text).toBe('Working on it…')
    expect(reply.ms).toBeLessThan(3_000)
    const deadline = Date.now() + 30_000
    while (delivered.length === before && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 100))
    const answer = delivered.at(-1)?.body
    expect(answer.text).toMatch(/^subnet-demo-exhausted 10\.20\.32\.0\/22: 2 of 64 \/28 blocks assignable/)
    expect(blockKitViolations(answer)).toEqual([])
  })

  it('/capacity report: the newest report’s summary, whose link opens its page (and only with the link)', async () => {
    // Act
    const before = delivered.length
    const reply = await slash('report')
    const deadline = Date.now() + 30_000
    while (delivered.length === before && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 100))
    // Assess: the summary names the newest report and links its page
    const newest = (await (await fetch(`${service.url}/v1/reports/latest`)).json()) as { reportId: string }
    expect(reply.body.text).toBe('Working on it…')
    const answer = delivered.at(-1)?.body
    expect(answer.text).toMatch(
      new RegExp(`^Subnet fragmentation report ${newest.reportId}: \\d+ subnets at risk`),
    )
    expect(blockKitViolations(answer)).toEqual([])
    const [, link] = /<([^|>]+)\|Open the report page>/.exec(JSON.stringify(answer)) ?? []
    const page = await fetch(String(link))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(newest.reportId)
    const bare = new URL(String(link))
    expect((await fetch(`${bare.origin}${bare.pathname}`)).status).toBe(401)
  })

  it('refuses a request signed with another secret: 401, and no answer is ever posted', async () => {
    const before = delivered.length
    const reply = await slash('vpc vpc-demo', { secret: 'forged' })
    expect(reply.status).toBe(401)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body).toMatchObject({ status: 401, title: 'Signature rejected' })
    await new Promise((done) => setTimeout(done, 1_000))
    expect(delivered.length).toBe(before)
  })

  it('refuses a replay from ten minutes ago', async () => {
    expect(
      (await slash('max-pods m5.large', { timestamp: Math.floor(Date.now() / 1000) - 600 })).status,
    ).toBe(401)
  })
})

describe('/slack/commands refuses what Slack never sends, as problem details the spec documents', () => {
  const assertDocumented = openApiContract()

  async function post(body: string, contentType?: string) {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const response = await fetch(`${service.url}/slack/commands`, {
      method: 'POST',
      headers: {
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(LOCAL_SLACK_SIGNING_SECRET, timestamp, body),
      },
      // Bytes, so that fetch adds no media type of its own to a body sent without one.
      body: new TextEncoder().encode(body),
    })
    const type = response.headers.get('content-type') ?? ''
    const parsed = JSON.parse(await response.text())
    assertDocumented('POST', '/slack/commands', response.status, type, parsed)
    return { status: response.status, contentType: type, body: parsed }
  }
  const form = (text: string) =>
    new URLSearchParams({ command: '/capacity', text, response_url: responseUrl }).toString()

  it.each([
    ['a JSON body, even signed', JSON.stringify({ command: '/capacity', text: 'help' }), 'application/json'],
    ['a text body', form('help'), 'text/plain'],
    ['a body with no media type', form('help'), undefined],
  ])('%s is 415', async (_why, body, contentType) => {
    const reply = await post(body, contentType)
    expect(reply.status).toBe(415)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body).toMatchObject({ status: 415, title: 'Unsupported media type' })
  })

  it('a body over 16 KiB is 413, and no work is done', async () => {
    const before = delivered.length
    // A slow command that would be queued, were the body not refused before anything is read.
    const oversized = `${form('vpc vpc-demo')}&user_name=${'x'.repeat(20_000)}`
    const reply = await post(oversized, 'application/x-www-form-urlencoded')
    expect(reply.status).toBe(413)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body).toMatchObject({ status: 413, title: 'Payload too large' })
    await new Promise((done) => setTimeout(done, 1_000))
    expect(delivered.length).toBe(before)
  })

  it('a form body with a charset is still a slash command', async () => {
    const reply = await post(form('help'), 'application/x-www-form-urlencoded; charset=utf-8')
    expect(reply.status).toBe(200)
    expect(reply.body.text).toBe('How to use /capacity')
  })
})
