import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PayloadTooLargeError } from '../../lib/errors.ts'
import { PROBLEM_CONTENT_TYPE, toProblem } from '../../lib/http/problems.ts'
import { withSecurityHeaders } from '../../lib/http/security-headers.ts'
import { httpApiEvent, writeHttpApiResult } from './http-api-event.ts'
import type { lambdaRuntime } from './lambda-runtime.ts'
import { routeTable } from './route-table.ts'
import type { ServiceFunction } from './service-functions.ts'

/** API Gateway refuses request bodies beyond 10 MB before any function runs. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024

/**
 * API Gateway's part of the service, in-process: each request routed by serverless.yml's routes to its
 * function's handler as a payload 2.0 event, and one console line per request (method, path, status,
 * ms, request id). What API Gateway would answer itself (no route, a failed or timed-out function)
 * is answered as the API's own problem details, with the security headers of every answer.
 */
export function localHttpApi(options: {
  functions: ServiceFunction[]
  runtime: ReturnType<typeof lambdaRuntime>
  log: (line: string) => void
}) {
  const routes = routeTable(options.functions)
  return {
    routeKeys: routes.routeKeys,
    async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const started = Date.now()
      const requestId = randomUUID()
      const method = request.method ?? 'GET'
      const path = (request.url ?? '/').split('?')[0] ?? '/'
      let status: number
      let failure: Error | undefined
      try {
        const body = await readBody(request)
        const match = routes.match(method, path)
        if (match.kind === 'not-found') {
          status = writeProblem(response, httpError(404, `no route for ${method} ${path}`))
        } else if (match.kind === 'method-not-allowed') {
          response.setHeader('allow', match.allow.join(', '))
          status = writeProblem(
            response,
            httpError(405, `${path} takes ${match.allow.join(', ')}, not ${method}`),
          )
        } else {
          const event = httpApiEvent(request, body, match, requestId)
          status = writeHttpApiResult(response, await options.runtime.invoke(match.fn, event, requestId))
        }
      } catch (error) {
        // A client that hangs up mid-body is gone, not failed: no 500 to hunt for in the log.
        if (!request.complete && request.destroyed) {
          options.log(`${method} ${request.url} closed by the client ${Date.now() - started}ms ${requestId}`)
          return
        }
        failure = error instanceof Error ? error : new Error(String(error))
        status = writeProblem(response, failure, requestId)
      }
      options.log(`${method} ${request.url} ${status} ${Date.now() - started}ms ${requestId}`)
      if (status >= 500 && failure) options.log(`  ${requestId} ${failure.stack ?? failure.message}`)
    },
  }
}

/** The error as the API's problem details: 4xx say what was wrong, anything else names only the request id. */
function writeProblem(response: ServerResponse, error: unknown, requestId?: string): number {
  const problem = toProblem(error, requestId)
  return writeHttpApiResult(
    response,
    withSecurityHeaders({
      statusCode: problem.status,
      headers: { 'content-type': PROBLEM_CONTENT_TYPE },
      body: JSON.stringify(problem),
    }),
  )
}

/** An error carrying the HTTP status it stands for, as the router's own errors do (lib/http/problems.ts). */
function httpError(statusCode: number, message: string) {
  return Object.assign(new Error(message), { statusCode })
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of request) {
    bytes += (chunk as Buffer).length
    if (bytes > MAX_REQUEST_BYTES) {
      throw new PayloadTooLargeError(`the request is over ${MAX_REQUEST_BYTES} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
