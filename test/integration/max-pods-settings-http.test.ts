import { beforeAll, describe, expect, it } from 'vitest'
import { httpEvent, lambdaContext } from '../builders/http-event.ts'
import { capacityHandlerFromSnapshot } from '../support/capacity-from-snapshot.ts'

// The capacity function in-process, answering from the bundled snapshot (its DynamoDB endpoint is a
// port nothing listens on): Karpenter's AMI families, podsPerCore 0, and the types the VPC CNI's
// limits table added to the catalog, over the HTTP API's own parsing and error mapping.

let handler: typeof import('../../functions/http/capacity.ts')['handler']

beforeAll(async () => {
  handler = await capacityHandlerFromSnapshot()
})

async function call(method: 'GET' | 'POST', path: string, input: Record<string, string> | object = {}) {
  const event =
    method === 'GET'
      ? httpEvent({ method, path, query: input as Record<string, string> })
      : httpEvent({
          method,
          path,
          body: JSON.stringify(input),
          headers: { 'content-type': 'application/json' },
        })
  const response = await handler(event, lambdaContext())
  return {
    status: response.statusCode,
    contentType: response.headers?.['content-type'],
    body: JSON.parse(response.body ?? '{}'),
  }
}

describe('GET /v1/instance-types/{type}/max-pods with Karpenter settings', () => {
  it.each([
    ['podsPerCore=0 is no per-core cap', { profile: 'karpenter', podsPerCore: '0' }, 29],
    [
      'amiFamily=Bottlerocket ignores podsPerCore',
      { profile: 'karpenter', amiFamily: 'Bottlerocket', podsPerCore: '4' },
      29,
    ],
    ['amiFamily=AL2 applies podsPerCore', { profile: 'karpenter', amiFamily: 'AL2', podsPerCore: '4' }, 8],
    ['amiFamily=Windows2019 gives 110', { profile: 'karpenter', amiFamily: 'Windows2019' }, 110],
  ])('%s', async (_why, query, expected) => {
    const reply = await call('GET', '/v1/instance-types/m5.large/max-pods', query)
    expect(reply.status).toBe(200)
    expect(reply.body.maxPods).toBe(expected)
  })
})

describe('POST /v1/max-pods with an amiFamily setting', () => {
  it('applies a per-request amiFamily over the shared settings', async () => {
    const reply = await call('POST', '/v1/max-pods', {
      settings: { profile: 'karpenter', podsPerCore: 4 },
      requests: [
        { instanceType: 'm5.large' },
        { instanceType: 'm5.large', settings: { amiFamily: 'Bottlerocket' } },
      ],
    })
    expect(reply.status).toBe(200)
    expect(reply.body.results.map((item: { result: { maxPods: number } }) => item.result.maxPods)).toEqual([
      8, 29,
    ])
  })
})

describe('types known only from the VPC CNI’s limits table', () => {
  it('GET max-pods of p3.2xlarge answers instead of “unknown instance type”', async () => {
    const reply = await call('GET', '/v1/instance-types/p3.2xlarge/max-pods')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ maxPods: 58, warnings: [] })
  })

  it('GET /v1/instance-types/p3.2xlarge says where its facts came from, and that vCPUs are not known', async () => {
    const reply = await call('GET', '/v1/instance-types/p3.2xlarge')
    expect(reply.status).toBe(200)
    expect(reply.body.facts).toMatchObject({
      vcpus: null,
      sources: { limits: 'vpc-cni-limits', details: null, trunking: 'vpc-resource-controller-limits' },
    })
  })
})

describe('bad Karpenter settings are a 400 problem naming the field', () => {
  it.each([
    ['GET', '/v1/instance-types/m5.large/max-pods', { amiFamily: 'Ubuntu' }, 'amiFamily'],
    ['GET', '/v1/instance-types/m5.large/max-pods', { podsPerCore: '-1' }, 'podsPerCore'],
    [
      'POST',
      '/v1/max-pods',
      { requests: [{ instanceType: 'm5.large', settings: { amiFamily: 'windows' } }] },
      'requests[0].settings.amiFamily',
    ],
    ['POST', '/v1/ip-usage', { instanceType: 'm5.large', pods: 1, amiFamily: 7 }, 'amiFamily'],
  ] as const)('%s %s %j', async (method, path, input, field) => {
    const reply = await call(method, path, input)
    expect(reply.status).toBe(400)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.errors.map((error: { field: string }) => error.field)).toContain(field)
  })
})
