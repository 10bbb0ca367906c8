import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { bundledCatalog } from '../builders/catalog.ts'
import { apiClient, type Reply } from '../support/api-client.ts'
import { freePort } from '../support/free-port.ts'
import { REPO_ROOT } from '../support/reference.ts'

// The API as a user meets it: `npm start`'s own runner (dynalite + the functions in-process), real HTTP
// requests, and every answer checked against the committed openapi.yaml.

let service: LocalService

const call = apiClient(() => service.url)

beforeAll(async () => {
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
})

describe('capacity API over HTTP', () => {
  it('GET /v1/instance-types/{type}/max-pods answers the calculator’s figure from DynamoDB', async () => {
    const reply = await call(
      'GET',
      '/v1/instance-types/m5.large/max-pods?prefixDelegation=true&cniVersion=1.9.0',
    )
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ instanceType: 'm5.large', maxPods: 110, uncappedMaxPods: 434 })
    expect(reply.body.catalog).toMatchObject({ source: 'dynamodb', region: 'us-east-1', stale: false })
  })

  it.each([
    ['p5.48xlarge', '', 100],
    ['m5.24xlarge', '', 250],
    ['m5.large', '?customNetworking=true', 20],
    ['m5.large', '?profile=karpenter&reservedEnis=1', 20],
    ['m5.metal', '?prefixDelegation=true&showMaxAllowed=true', 737],
    ['m5.large', '?ipFamily=ipv6', 110],
  ])('GET max-pods of %s%s is %i', async (type, query, expected) => {
    expect((await call('GET', `/v1/instance-types/${type}/max-pods${query}`)).body.maxPods).toBe(expected)
  })

  it('GET /v1/instance-types pages through the whole catalog with cursors', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const reply: Reply = await call(
        'GET',
        `/v1/instance-types?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      )
      seen.push(...reply.body.items.map((item: { instanceType: string }) => item.instanceType))
      cursor = reply.body.nextCursor
    } while (cursor)
    expect(seen).toEqual((await bundledCatalog.list()).map((record) => record.instanceType))
  })

  it('GET /v1/instance-types filters by family, vCPUs, prefix delegation and trunking', async () => {
    const reply = await call(
      'GET',
      '/v1/instance-types?family=m5&minVcpus=48&prefixDelegationCapable=true&trunking=true&limit=1000',
    )
    const names = reply.body.items.map((item: { instanceType: string }) => item.instanceType)
    expect(names).toEqual(['m5.12xlarge', 'm5.16xlarge', 'm5.24xlarge', 'm5.metal'])
    expect(reply.body.nextCursor).toBeNull()
  })

  it('GET /v1/instance-types/{type} gives the facts, their lifecycle and their source', async () => {
    const reply = await call('GET', '/v1/instance-types/p5.48xlarge')
    expect(reply.body.facts).toMatchObject({ defaultCardMaxEnis: 2, maxEnisAllCards: 64 })
    expect(reply.body.lifecycle).toMatchObject({ missingSince: null })
    expect(reply.body.catalogSource).toBe('EC2 DescribeInstanceTypes')
  })

  it('POST /v1/max-pods answers types and node groups, with per-request settings', async () => {
    const reply = await call('POST', '/v1/max-pods', {
      settings: { prefixDelegation: true },
      requests: [
        { instanceType: 'm5.large' },
        { instanceType: 'm5.large', settings: { prefixDelegation: false } },
        { nodeGroup: ['m5.24xlarge', 'c5.4xlarge', 't2.medium'] },
      ],
    })
    expect(reply.status).toBe(200)
    expect(reply.body.results.map((entry: any) => [entry.kind, entry.result.maxPods])).toEqual([
      ['instance-type', 110],
      ['instance-type', 29],
      ['node-group', 17],
    ])
    expect(reply.body.results[2].result.boundingInstanceType).toBe('t2.medium')
  })

  it('POST /v1/ip-usage answers what one node holds, steady and at max pods', async () => {
    const reply = await call('POST', '/v1/ip-usage', { instanceType: 'm5.large', pods: 10 })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      mode: 'warm-eni',
      enis: 3,
      ipv4Held: 30,
      peak: { pods: 27, ipv4Held: 30 },
      catalog: { source: 'dynamodb' },
    })
  })

  it('POST /v1/ip-usage counts the pods the CNI leaves without an address', async () => {
    const reply = await call('POST', '/v1/ip-usage', {
      instanceType: 'm5.large',
      pods: 40,
      prefixDelegation: true,
      minimumIpTarget: 20,
    })
    expect(reply.status).toBe(200)
    // Two prefixes (32 addresses) and the ENI's own: 33 held; 8 of 40 pods get none.
    expect(reply.body).toMatchObject({ prefixes: 2, ipv4Held: 33, podsWithoutAddress: 8 })
    expect(reply.body.errors[0]).toMatch(/8 of 40 pods get no address/)
  })

  it('GET /v1/health reports the refreshed catalog', async () => {
    const reply = await call('GET', '/v1/health')
    expect(reply.body).toMatchObject({
      status: 'ok',
      catalog: { dynamodb: 'ok', typeCount: (await bundledCatalog.list()).length },
    })
  })

  it('GET /openapi.yaml serves the committed document', async () => {
    const reply = await call('GET', '/openapi.yaml')
    expect(reply.text).toBe(readFileSync(join(REPO_ROOT, 'openapi.yaml'), 'utf8'))
  })
})

describe('bad input gets a clear 4xx problem naming the field, never a 5xx', () => {
  it.each([
    [
      'an unknown type, with suggestions',
      'GET',
      '/v1/instance-types/m5.lrage/max-pods',
      undefined,
      404,
      'instanceType',
    ],
    [
      'an unknown type in a batch',
      'POST',
      '/v1/max-pods',
      { requests: [{ instanceType: 'z9.huge' }] },
      404,
      'instanceType',
    ],
    [
      'a malformed CNI version',
      'GET',
      '/v1/instance-types/m5.large/max-pods?cniVersion=v1.10.0',
      undefined,
      400,
      'cniVersion',
    ],
    [
      'a bare major CNI version',
      'GET',
      '/v1/instance-types/m5.large/max-pods?cniVersion=1',
      undefined,
      400,
      'cniVersion',
    ],
    ['max ENI 0', 'GET', '/v1/instance-types/m5.large/max-pods?maxEni=0', undefined, 400, 'maxEni'],
    [
      'max ENI in letters',
      'GET',
      '/v1/instance-types/m5.large/max-pods?maxEni=two',
      undefined,
      400,
      'maxEni',
    ],
    [
      'a boolean that is not one',
      'GET',
      '/v1/instance-types/m5.large/max-pods?prefixDelegation=yes',
      undefined,
      400,
      'prefixDelegation',
    ],
    [
      'an unknown profile',
      'GET',
      '/v1/instance-types/m5.large/max-pods?profile=bottlerocket',
      undefined,
      400,
      'profile',
    ],
    [
      'IPv6 with custom networking',
      'GET',
      '/v1/instance-types/m5.large/max-pods?ipFamily=ipv6&customNetworking=true',
      undefined,
      400,
      'customNetworking',
    ],
    [
      'an unknown parameter',
      'GET',
      '/v1/instance-types/m5.large/max-pods?turbo=true',
      undefined,
      400,
      'turbo',
    ],
    [
      'a malformed region',
      'GET',
      '/v1/instance-types/m5.large/max-pods?region=mars',
      undefined,
      400,
      'region',
    ],
    ['a page size over 1000', 'GET', '/v1/instance-types?limit=5000', undefined, 400, 'limit'],
    [
      'a cursor this API never gave',
      'GET',
      '/v1/instance-types?cursor=bm90LWEtdHlwZQ',
      undefined,
      400,
      'cursor',
    ],
    ['a body that is not JSON', 'POST', '/v1/max-pods', '{"requests": [', 400, 'body'],
    ['an empty batch', 'POST', '/v1/max-pods', { requests: [] }, 400, 'requests'],
    [
      'a batch item with bad settings',
      'POST',
      '/v1/max-pods',
      { requests: [{ instanceType: 'm5.large', settings: { maxEni: -1 } }] },
      400,
      'requests[0].settings.maxEni',
    ],
    [
      'settings that conflict only once merged',
      'POST',
      '/v1/max-pods',
      {
        settings: { ipFamily: 'ipv6' },
        requests: [{ instanceType: 'm5.large', settings: { customNetworking: true } }],
      },
      400,
      'requests[0].settings.customNetworking',
    ],
    [
      'an unknown body field',
      'POST',
      '/v1/max-pods',
      { requests: [{ instanceType: 'm5.large' }], turbo: true },
      400,
      'turbo',
    ],
    ['a body that is JSON false', 'POST', '/v1/max-pods', 'false', 400, 'body'],
    ['a body that is a JSON number', 'POST', '/v1/ip-usage', '0', 400, 'body'],
    ['a body that is an array', 'POST', '/v1/plans', '[]', 400, 'body'],
    [
      'ip-usage with more pods than kubelet allows',
      'POST',
      '/v1/ip-usage',
      { instanceType: 'm5.large', pods: 40 },
      400,
      'pods',
    ],
    [
      'ip-usage with a negative target',
      'POST',
      '/v1/ip-usage',
      { instanceType: 'm5.large', pods: 1, warmIpTarget: -1 },
      400,
      'warmIpTarget',
    ],
    [
      'ip-usage for an unknown type',
      'POST',
      '/v1/ip-usage',
      { instanceType: 'm9.huge', pods: 1 },
      404,
      'instanceType',
    ],
  ])('%s', async (_why, method, path, body, status, field) => {
    const reply = await call(method, path, body)
    expect(reply.status).toBe(status)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.errors.map((error: { field: string }) => error.field)).toContain(field)
    expect(reply.text).not.toMatch(/node_modules|\n\s+at /)
  })

  it('a body over the default limit is 413', async () => {
    const reply = await call(
      'POST',
      '/v1/max-pods',
      JSON.stringify({ requests: [{ instanceType: 'm5.large' }], pad: 'x'.repeat(300_000) }),
    )
    expect(reply.status).toBe(413)
    expect(reply.contentType).toBe('application/problem+json')
  })

  it('a body that is not JSON media type is 415', async () => {
    const reply = await call(
      'POST',
      '/v1/max-pods',
      'instanceType=m5.large',
      'application/x-www-form-urlencoded',
    )
    expect(reply.status).toBe(415)
    expect(reply.contentType).toBe('application/problem+json')
  })

  it('suggests the closest names for an unknown type', async () => {
    const reply = await call('GET', '/v1/instance-types/m5.lrage')
    expect(reply.body.suggestions[0]).toBe('m5.large')
  })
})

describe('every route refuses what it does not understand, the same way', () => {
  const windowCursor = (window: string) => Buffer.from(window, 'utf8').toString('base64url')

  it.each([
    ['an unknown parameter to health', '/v1/health?turbo=true', 'turbo'],
    ['a cursor to health, which has no pages', '/v1/health?cursor=bm90LWEtdHlwZQ', 'cursor'],
    ['an unknown parameter to the report list', '/v1/reports?turbo=true', 'turbo'],
    ['a cursor to the latest report, which has no pages', '/v1/reports/latest?cursor=abc', 'cursor'],
    ['a report cursor this API never gave', '/v1/reports?cursor=bm90LWEtdHlwZQ', 'cursor'],
    ['a report cursor that decodes to nothing', '/v1/reports?cursor=!!', 'cursor'],
    ['a report cursor that is not a window', `/v1/reports?cursor=${windowCursor('2026-13-40')}`, 'cursor'],
    [
      'a report cursor from before since',
      `/v1/reports?since=2026-01-01T00:00:00Z&cursor=${windowCursor('2020-01-01T00:00:00.000Z')}`,
      'cursor',
    ],
    ['max ENI in hexadecimal', '/v1/instance-types/m5.large/max-pods?maxEni=0x10', 'maxEni'],
    ['max ENI in exponent notation', '/v1/instance-types/m5.large/max-pods?maxEni=1e2', 'maxEni'],
    ['max ENI with a space before it', '/v1/instance-types/m5.large/max-pods?maxEni=%205', 'maxEni'],
    ['max ENI with a plus sign', '/v1/instance-types/m5.large/max-pods?maxEni=%2B5', 'maxEni'],
    ['reserved ENIs left empty', '/v1/instance-types/m5.large/max-pods?reservedEnis=', 'reservedEnis'],
    ['a report page size in hexadecimal', '/v1/reports?limit=0x1', 'limit'],
  ])('%s is a 400 naming the field', async (_why, path, field) => {
    const reply = await call('GET', path)
    expect(reply.status).toBe(400)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.errors.map((error: { field: string }) => error.field)).toContain(field)
  })

  it('GET /v1/reports with since after until is a 400 naming both, not a failure of the store', async () => {
    const reply = await call('GET', '/v1/reports?since=2026-11-22T00:00:00Z&until=2026-11-21T00:00:00Z')
    expect(reply.status).toBe(400)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'since',
      'until',
    ])
  })

  it('GET /v1/reports compares times as instants: one instant spelled two ways is a valid range', async () => {
    const reply = await call('GET', '/v1/reports?since=2026-11-22T06:00:00Z&until=2026-11-22T06:00:00.000Z')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ items: [], nextCursor: null })
  })

  it('GET /v1/reports pages within since and until with the cursor it gave', async () => {
    const all = await call('GET', '/v1/reports')
    const [newest, older] = all.body.items
    const first = await call('GET', `/v1/reports?limit=1&since=${older.window}&until=${newest.window}`)
    expect(first.body.items.map((item: { window: string }) => item.window)).toEqual([newest.window])
    const second = await call(
      'GET',
      `/v1/reports?limit=1&since=${older.window}&until=${newest.window}&cursor=${first.body.nextCursor}`,
    )
    expect(second.body.items.map((item: { window: string }) => item.window)).toEqual([older.window])
  })

  it('decimal integers still work, leading zeros included', async () => {
    const reply = await call('GET', '/v1/instance-types/m5.large/max-pods?maxEni=02')
    expect(reply.status).toBe(200)
    expect(reply.body.maxPods).toBe(20)
  })
})
