import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { apiClient } from '../support/api-client.ts'
import { freePort } from '../support/free-port.ts'
import { REPO_ROOT } from '../support/reference.ts'

// Every route of openapi.yaml, fed valid and invalid requests (wrong types, unknown and missing fields,
// huge and odd values, path traversal, deep JSON, oversize bodies) with a fixed seed and a bounded count:
// no 5xx, every 400 a problem naming its fields, every 2xx valid against the spec (the API client checks).

const SEED = 20261122
const RUNS_PER_ROUTE = 60
type Operation = {
  parameters?: { name: string; in: string; schema?: { type?: string | string[] } }[]
  requestBody?: unknown
}
const document = parse(readFileSync(join(REPO_ROOT, 'openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>
}

let service: LocalService
const call = apiClient(() => service.url)
let requests = 0

beforeAll(async () => {
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
  console.info(`fuzzing: ${requests} requests`)
})

// URLs stay within API Gateway's 8 KB limit: past it the gateway refuses them before any code of ours
// runs (locally, Node's HTTP parser answers a bare 400 over 16 KB of headers).
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '../../etc/passwd',
    '%2e%2e%2f',
    '\u0000',
    '💥',
    'true',
    '-1',
    '1e308',
    'NaN',
    '10.0.0.0/33',
    '256.1.1.1',
    'subnet-../x',
    'vpc-demo',
  ),
  fc.string({ minLength: 500, maxLength: 1500 }),
  fc.integer().map(String),
)
const deepJson = fc.integer({ min: 50, max: 400 }).map((depth) => {
  let value: unknown = 1
  for (let level = 0; level < depth; level++) value = { a: value }
  return value
})
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  deepJson,
  fc.record({ requests: fc.array(fc.record({ instanceType: oddString }), { maxLength: 3 }) }),
  fc.record({ instanceType: oddString, pods: fc.oneof(fc.integer(), fc.constant('max'), oddString) }),
  fc.record({
    nodeGroups: fc.array(
      fc.record({
        name: oddString,
        instanceTypes: fc.array(oddString, { maxLength: 2 }),
        desiredNodes: fc.integer(),
        pods: fc.integer(),
      }),
      { maxLength: 2 },
    ),
  }),
  fc.constant('{"unterminated": '),
  fc.constant(JSON.stringify({ pad: 'x'.repeat(300_000) })),
)

const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
)

describe('fuzzing every documented route', () => {
  it.each(routes.filter((route) => !route.path.startsWith('/docs') && route.path !== '/slack/commands'))(
    '$method $path',
    async ({ path, method, operation }) => {
      const query = (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name)
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.tuple(
              fc.oneof(fc.constantFrom(...(query.length ? query : ['x'])), fc.string({ maxLength: 12 })),
              oddString,
            ),
            { maxLength: 4 },
          ),
          oddString,
          body,
          async (pairs, pathValue, payload) => {
            const url = `${path.replace(/\{[^}]+\}/g, encodeURIComponent(pathValue) || 'x')}${pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''}`
            requests++
            const text =
              method === 'POST'
                ? typeof payload === 'string'
                  ? payload
                  : JSON.stringify(payload)
                : undefined
            let reply: Awaited<ReturnType<typeof call>>
            try {
              reply = await call(method, url, text)
            } catch (error) {
              if (!/is not in openapi.yaml/.test((error as Error).message)) throw error
              // The path no longer matches a documented route after encoding: the router's answer must
              // still be a 404 problem, not a failure.
              const response = await fetch(`${service.url}${url}`, {
                method,
                ...(text === undefined
                  ? {}
                  : { body: text, headers: { 'content-type': 'application/json' } }),
              })
              expect(response.status, url).toBe(404)
              expect(response.headers.get('content-type'), url).toBe('application/problem+json')
              return
            }
            expect(reply.status, url).toBeLessThan(500)
            if (reply.status >= 400) {
              expect(reply.contentType, url).toBe('application/problem+json')
              if (reply.status === 400) {
                expect(reply.body.errors.length, url).toBeGreaterThan(0)
                for (const error of reply.body.errors) expect(typeof error.field, url).toBe('string')
              }
            }
          },
        ),
        // No shrinking: a failure is reported as found, and a bounded run stays bounded.
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      )
    },
    120_000,
  )
})

// Query strings are text: an integer is decimal digits, never what JavaScript's Number() would also take.
const NOT_DECIMAL = ['0x10', '1e2', ' 5', '5 ', '+5', '5.0', '0b11', '0o7', '', 'Infinity', '١٢']
const integerQueryParameters = routes.flatMap(({ path, method, operation }) =>
  (operation.parameters ?? [])
    .filter((parameter) => parameter.in === 'query' && [parameter.schema?.type].flat().includes('integer'))
    .map((parameter) => ({ path, method, name: parameter.name })),
)

/** A path with each parameter a valid value of its kind, so only the query parameter under test is wrong. */
function withValidParams(path: string): string {
  return path.replace(/\{subnetId\}/g, 'subnet-0abc1234').replace(/\{[^}]+\}/g, 'm5.large')
}

describe('every integer query parameter of openapi.yaml takes decimal digits only', () => {
  it('finds the integer parameters to check', () => {
    expect(integerQueryParameters.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['limit', 'minVcpus', 'maxEni', 'reservedEnis', 'podsPerCore']),
    )
  })

  it.each(integerQueryParameters)('$method $path ?$name', async ({ path, method, name }) => {
    for (const value of NOT_DECIMAL) {
      const url = `${withValidParams(path)}?${new URLSearchParams({ [name]: value })}`
      const reply = await call(method, url)
      expect(reply.status, url).toBe(400)
      expect(
        reply.body.errors.map((error: { field: string }) => error.field),
        url,
      ).toContain(name)
    }
  })
})
