import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { httpEvent, lambdaContext } from '../builders/http-event.ts'
import { stubLambdaEnvironment } from '../support/lambda-environment.ts'

// The capacity function in-process with a DynamoDB that accepts connections and never answers: the
// request timeout must end the wait, and the answer must come from the bundled snapshot, marked stale.

let handler: typeof import('../../functions/http/capacity.ts')['handler']
let stalled: Server
const sockets: Socket[] = []

beforeAll(async () => {
  stalled = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve))
  const address = stalled.address()
  if (typeof address !== 'object' || !address) throw new Error('no port')
  stubLambdaEnvironment({
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${address.port}`,
    DYNAMODB_REQUEST_TIMEOUT_MS: '200',
  })
  vi.spyOn(console, 'log').mockImplementation(() => {})
  ;({ handler } = await import('../../functions/http/capacity.ts'))
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => stalled.close(resolve))
})

describe('DynamoDB stalled', () => {
  it('max-pods answers from the snapshot, marked stale, after the table stopped answering', async () => {
    const response = await handler(
      httpEvent({ method: 'GET', path: '/v1/instance-types/m5.large/max-pods' }),
      lambdaContext(),
    )
    const body = JSON.parse(response.body ?? '{}')
    expect(response.statusCode).toBe(200)
    expect(body.maxPods).toBe(29)
    expect(body.catalog).toMatchObject({ source: 'snapshot', stale: true })
    // The table was tried: the fallback came from the timeout, not from skipping DynamoDB.
    expect(sockets.length).toBeGreaterThan(0)
  }, 20_000)

  it('health says DynamoDB is unreachable', async () => {
    const response = await handler(httpEvent({ method: 'GET', path: '/v1/health' }), lambdaContext())
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({
      status: 'degraded',
      catalog: { dynamodb: 'unreachable' },
    })
  }, 20_000)
})
