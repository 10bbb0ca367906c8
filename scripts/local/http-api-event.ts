import type { IncomingMessage, ServerResponse } from 'node:http'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'

// What API Gateway's HTTP API does between the client and a function, with payload format 2.0: the
// request as an event, and the function's result as the answer.

/** Bodies of these media types reach the function as text; any other body is base64, as API Gateway sends it. */
const TEXT_MEDIA_TYPE = /^(text\/.*|application\/(json|xml|javascript|yaml)|application\/.*\+(json|xml))$/

/** A request as API Gateway hands it to the function of `routeKey`. */
export function httpApiEvent(
  request: IncomingMessage,
  body: Buffer,
  route: { routeKey: string; pathParameters: Record<string, string> | undefined },
  requestId: string,
): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = (request.url ?? '/').split(/\?(.*)/s)
  const headers = joinedHeaders(request.rawHeaders)
  // Payload 2.0 moves cookies out of the headers into a list of their own. Several Cookie headers arrive
  // joined by commas: split there too, but only before a name=, as a comma may sit inside a value.
  const cookies = headers.cookie?.split(/;\s*|,\s*(?=[^\s=;,]+=)/).filter((cookie) => cookie !== '')
  delete headers.cookie
  const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? ''
  const isBase64Encoded = body.length > 0 && !TEXT_MEDIA_TYPE.test(contentType)
  const method = request.method ?? 'GET'
  const now = new Date()
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: queryParameters(rawQueryString) } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0] ?? '',
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  }
}

/** Writes a function's result as API Gateway does for payload 2.0. */
export function writeHttpApiResult(response: ServerResponse, result: unknown): number {
  const answer = asStructuredResult(result)
  const statusCode = answer.statusCode ?? 200
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, String(value))
  if (answer.cookies?.length) response.setHeader('set-cookie', answer.cookies)
  response.writeHead(statusCode)
  const body = answer.body ?? ''
  response.end(answer.isBase64Encoded ? Buffer.from(body, 'base64') : body)
  return statusCode
}

/**
 * A result without a statusCode is not a structured answer: API Gateway sends it as a 200 with the
 * result as JSON (format 2.0's inference).
 */
function asStructuredResult(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    return result as APIGatewayProxyStructuredResultV2
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
  }
}

/** Header names lower-cased; a header sent more than once becomes one, its values joined by commas. */
function joinedHeaders(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {}
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase()
    const value = rawHeaders[index + 1] as string
    headers[name] = name in headers ? `${headers[name]},${value}` : value
  }
  return headers
}

/** Query parameters decoded; a repeated name becomes one, its values joined by commas. */
function queryParameters(rawQueryString: string): Record<string, string> {
  const parameters: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value
  }
  return parameters
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `30/Nov/2026:22:01:44 +0000`, the access-log form API Gateway puts in requestContext.time. */
function apiGatewayTime(time: Date): string {
  const two = (value: number) => String(value).padStart(2, '0')
  return `${two(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:${two(time.getUTCHours())}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())} +0000`
}
