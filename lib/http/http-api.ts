import middy from '@middy/core'
import httpRouterHandler from '@middy/http-router'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import type { Telemetry } from '../ports/telemetry.ts'
import { PROBLEM_CONTENT_TYPE, toProblem } from './problems.ts'
import type { LambdaRoute } from './route.ts'
import { withSecurityHeaders } from './security-headers.ts'

/**
 * The one middleware stack of every HTTP function: route, turn any error into problem details, and
 * send the security headers with every answer.
 * Errors below 500 say what was wrong; anything else is logged here and answered without internals.
 */
export function httpApi(routes: LambdaRoute[], telemetry: Telemetry) {
  const router = httpRouterHandler(routes as Parameters<typeof httpRouterHandler>[0]) as unknown as (
    event: APIGatewayProxyEventV2,
    context: Context,
  ) => Promise<APIGatewayProxyStructuredResultV2>
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use({
      // Every log line of the request carries its id and whether this was a cold start.
      before: async (request) => {
        if (request.context) telemetry.startInvocation(request.context)
      },
      after: async (request) => {
        request.response = withSecurityHeaders(request.response)
      },
      onError: async (request) => {
        const problem = toProblem(request.error, request.context?.awsRequestId)
        if (problem.status >= 500) {
          telemetry.error('request failed', {
            route: request.event?.routeKey,
            error: request.error?.message,
            stack: request.error?.stack,
          })
        }
        request.response = withSecurityHeaders({
          statusCode: problem.status,
          headers: { 'content-type': PROBLEM_CONTENT_TYPE },
          body: JSON.stringify(problem),
        })
      },
    })
    .handler(router)
}
