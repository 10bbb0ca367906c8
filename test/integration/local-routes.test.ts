import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withSecurityHeaders } from '../../lib/http/security-headers.ts'
import { startLambdaInvokeServer } from '../../scripts/local/lambda-invoke-server.ts'
import { type LambdaHandler, lambdaRuntime, localFunctionName } from '../../scripts/local/lambda-runtime.ts'
import { localHttpApi } from '../../scripts/local/local-http-api.ts'
import { routeTable } from '../../scripts/local/route-table.ts'
import { type ServiceFunction, serviceFunctions } from '../../scripts/local/service-functions.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { packageService, resourcesOfType, shellWithoutCredentials } from '../support/packaged-template.ts'

// npm start's adapter in front of the functions: the routes it serves are API Gateway's, and what API
// Gateway would answer itself (no route, a failed function) is the API's own problem details.

/** The headers every answer carries, as the functions' own middleware sets them. */
const SECURITY_HEADERS = withSecurityHeaders({ statusCode: 200 }).headers as Record<string, string>

describe('the route table', () => {
  it('is the packaged template’s: every AWS::ApiGatewayV2::Route, and no other', async () => {
    // Prepare: what CloudFormation would create, from `serverless package` itself.
    const { template } = await packageService({ stage: 'ci', env: shellWithoutCredentials() })
    const deployed = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties.RouteKey as string,
    )

    // Act
    const local = routeTable(serviceFunctions()).routeKeys

    // Assess
    expect(deployed.length).toBeGreaterThan(0)
    expect([...local].sort()).toEqual([...deployed].sort())
  }, 180_000)
})

describe('answers API Gateway gives itself, as the API’s problem details', () => {
  let service: LocalService
  beforeAll(async () => {
    service = await startLocal({ port: 0, log: () => {} })
  }, 60_000)
  afterAll(() => service?.stop())

  it('an unknown path is a 404 problem with the security headers', async () => {
    const response = await fetch(`${service.url}/v1/no-such-thing`)

    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(Object.fromEntries(response.headers)).toMatchObject(SECURITY_HEADERS)
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not found' })
  })

  it('a known path with another method is a 405 problem that says which methods it takes', async () => {
    const response = await fetch(`${service.url}/v1/plans`, { method: 'GET' })

    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect(Object.fromEntries(response.headers)).toMatchObject(SECURITY_HEADERS)
    expect(await response.json()).toMatchObject({ status: 405, title: 'Method not allowed' })
  })

  it('a literal segment wins over a path parameter, as in API Gateway', async () => {
    const response = await fetch(`${service.url}/v1/reports/latest`)

    expect(response.status).toBe(200)
    expect(await response.json()).toHaveProperty('reportId')
  })
})

describe('one function behind the adapter', () => {
  const fn: ServiceFunction = {
    key: 'probe',
    modulePath: 'functions/probe.ts',
    exportName: 'handler',
    timeoutSeconds: 0.3,
    memoryMb: 512,
    routes: [{ method: 'POST', path: '/probe/{name}', routeKey: 'POST /probe/{name}' }],
  }
  let server: Server
  let url: string
  let handler: LambdaHandler
  const logged: string[] = []

  beforeAll(async () => {
    const api = localHttpApi({
      functions: [fn],
      runtime: lambdaRuntime(async () => (event, context) => handler(event, context)),
      log: (line) => logged.push(line),
    })
    server = createServer((request, response) => void api.serve(request, response))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((done) => server.close(() => done())))

  it('gets a payload 2.0 event: route key, decoded parameters, joined repeats, a form body in base64', async () => {
    // Prepare
    let seen: any
    handler = async (event) => {
      seen = event
      return { statusCode: 204 }
    }

    // Act
    const response = await fetch(`${url}/probe/a%20b?region=x&region=y`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'a=1; b=2' },
      body: 'text=max-pods',
    })

    // Assess
    expect(response.status).toBe(204)
    expect(seen).toMatchObject({
      version: '2.0',
      routeKey: 'POST /probe/{name}',
      rawPath: '/probe/a%20b',
      rawQueryString: 'region=x&region=y',
      pathParameters: { name: 'a b' },
      queryStringParameters: { region: 'x,y' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: true,
      requestContext: { http: { method: 'POST', path: '/probe/a%20b' }, stage: '$default' },
    })
    expect(Buffer.from(seen.body, 'base64').toString()).toBe('text=max-pods')
    expect(seen.headers.cookie).toBeUndefined()
  })

  it.each([
    ['throws', async () => Promise.reject(new Error('secret internals'))],
    ['outlives its timeout', () => new Promise(() => {})],
  ])('a function that %s is a 500 problem naming the request id the console shows', async (_, failing) => {
    // Prepare
    handler = failing as LambdaHandler

    // Act
    const response = await fetch(`${url}/probe/x`, { method: 'POST' })

    // Assess
    const problem = (await response.json()) as { detail: string }
    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(Object.fromEntries(response.headers)).toMatchObject(SECURITY_HEADERS)
    expect(JSON.stringify(problem)).not.toContain('secret internals')
    const requestId = /request id (\S+)$/.exec(problem.detail)?.[1]
    expect(requestId).toBeDefined()
    expect(
      logged.some((line) => line.startsWith('POST /probe/x 500 ') && line.endsWith(` ${requestId}`)),
    ).toBe(true)
  })
})

describe('the local Lambda Invoke endpoint, through the SDK the functions use', () => {
  const worker: ServiceFunction = {
    key: 'worker',
    modulePath: 'functions/worker.ts',
    exportName: 'handler',
    timeoutSeconds: 5,
    memoryMb: 512,
    routes: [],
  }
  const received: unknown[] = []
  let lambda: Awaited<ReturnType<typeof startLambdaInvokeServer>>
  let client: LambdaClient

  beforeAll(async () => {
    lambda = await startLambdaInvokeServer({
      port: 0,
      functions: [worker],
      runtime: lambdaRuntime(async () => async (event) => {
        received.push(event)
        return { echoed: event }
      }),
      log: () => {},
    })
    client = new LambdaClient({
      endpoint: lambda.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
  })
  afterAll(async () => {
    client?.destroy()
    await lambda?.stop()
  })

  const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

  it('answers a RequestResponse invocation with the handler’s result', async () => {
    const answer = await client.send(
      new InvokeCommand({ FunctionName: localFunctionName('worker'), Payload: payload({ job: 1 }) }),
    )

    expect(answer.StatusCode).toBe(200)
    expect(answer.FunctionError).toBeUndefined()
    expect(JSON.parse(new TextDecoder().decode(answer.Payload))).toEqual({ echoed: { job: 1 } })
  })

  it('accepts an Event invocation with 202, and the handler runs after', async () => {
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: localFunctionName('worker'),
        InvocationType: 'Event',
        Payload: payload({ job: 2 }),
      }),
    )

    expect(answer.StatusCode).toBe(202)
    await expect.poll(() => received).toContainEqual({ job: 2 })
  })

  it('refuses a function serverless.yml does not declare, as Lambda does', async () => {
    const invoking = client.send(new InvokeCommand({ FunctionName: localFunctionName('nothing') }))

    await expect(invoking).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })
})
