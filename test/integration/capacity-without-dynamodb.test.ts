import { beforeAll, describe, expect, it } from 'vitest'
import { httpEvent, lambdaContext } from '../builders/http-event.ts'
import { capacityHandlerFromSnapshot } from '../support/capacity-from-snapshot.ts'
import { capturedOutput } from '../support/captured-output.ts'

// The capacity function in-process with its DynamoDB endpoint down (a port nothing listens on):
// answers must still come, from the bundled snapshot, and say so.

let handler: typeof import('../../functions/http/capacity.ts')['handler']

beforeAll(async () => {
  handler = await capacityHandlerFromSnapshot()
})

describe('DynamoDB unavailable', () => {
  it('max-pods still answers, from the snapshot, marked stale, and logs why with the request id', async () => {
    const output = capturedOutput()
    const response = await handler(
      httpEvent({
        method: 'GET',
        path: '/v1/instance-types/m5.large/max-pods',
        query: { prefixDelegation: 'true' },
      }),
      lambdaContext(),
    )
    const body = JSON.parse(response.body ?? '{}')
    expect(response.statusCode).toBe(200)
    expect(body.maxPods).toBe(110)
    expect(body.catalog).toMatchObject({ source: 'snapshot', stale: true })
    output.restore()
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'catalog cache unavailable; answering from the bundled snapshot',
        function_request_id: 'request-1',
        cold_start: true,
      }),
    )
  })

  it('health says DynamoDB is unreachable instead of failing', async () => {
    const response = await handler(httpEvent({ method: 'GET', path: '/v1/health' }), lambdaContext())
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({
      status: 'degraded',
      catalog: { dynamodb: 'unreachable' },
    })
  })

  it('an unknown route is a 404 problem', async () => {
    const response = await handler(httpEvent({ method: 'GET', path: '/v1/nothing' }), lambdaContext())
    expect(response.statusCode).toBe(404)
    expect(response.headers?.['content-type']).toBe('application/problem+json')
  })
})
