import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import type * as z from 'zod'
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.ts'
import { parseInput } from '../schemas/parse.ts'

/** Bodies beyond this are refused with 413 unless a route states its own limit: no request needs more. */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024

/** One HTTP route, described once: the router, the validation and openapi.yaml all read this. */
export interface RouteSpec {
  method: 'get' | 'post'
  path: string
  operationId: string
  summary: string
  description?: string
  tag: string
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  response: z.ZodType
  /** The answer's media type; JSON unless said (an SVG or HTML route answers the string it is given). */
  produces?: 'application/json' | 'image/svg+xml' | 'text/html'
  /**
   * Who may call: IAM (SigV4) unless said; `signed-link` routes are public to API Gateway and open only
   * with a link the service signed (report pages: a browser cannot sign SigV4).
   */
  access?: 'sigv4' | 'signed-link'
  /** Bodies longer than this are refused with 413. */
  maxBodyBytes?: number
  /** Problem statuses the route can answer with, besides 500. */
  errors: readonly number[]
}

export interface RouteInput<S extends RouteSpec> {
  params: S['params'] extends z.ZodType ? z.output<S['params']> : undefined
  query: S['query'] extends z.ZodType ? z.output<S['query']> : undefined
  body: S['body'] extends z.ZodType ? z.output<S['body']> : undefined
}

export type LambdaRoute = {
  method: 'GET' | 'POST'
  path: string
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>
}

/** Binds a route's work to its spec: input parsed and checked by the spec's schemas, JSON out. */
export function route<S extends RouteSpec>(
  spec: S,
  work: (input: RouteInput<S>) => Promise<z.input<S['response']>>,
): LambdaRoute {
  return {
    method: spec.method.toUpperCase() as LambdaRoute['method'],
    path: spec.path,
    handler: async (event) => {
      const input = {
        params: spec.params ? parseInput(spec.params, event.pathParameters ?? {}, 'path') : undefined,
        query: spec.query ? parseInput(spec.query, event.queryStringParameters ?? {}, 'query') : undefined,
        body: spec.body
          ? parseInput(spec.body, jsonBody(event, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), 'body')
          : undefined,
      } as RouteInput<S>
      const output = await work(input)
      if (spec.produces === 'image/svg+xml') {
        return { statusCode: 200, headers: { 'content-type': spec.produces }, body: String(output) }
      }
      if (spec.produces === 'text/html') {
        return {
          statusCode: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: String(output),
        }
      }
      return jsonResponse(200, output)
    },
  }
}

export function jsonResponse(statusCode: number, body: unknown) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

/**
 * The body as the bytes the client sent: API Gateway may base64-encode them, and the local emulator
 * hands over JSON it has already parsed instead of text.
 */
export function rawBody(event: APIGatewayProxyEventV2): string {
  const body: unknown = event.body
  if (event.isBase64Encoded) return Buffer.from(String(body ?? ''), 'base64').toString('utf8')
  if (body === undefined || body === null) return ''
  return typeof body === 'string' ? body : JSON.stringify(body)
}

/**
 * The body's text, once it is of the one media type the route takes (415 otherwise) and within its limit
 * (413 otherwise): every route that reads a body refuses the same way.
 */
export function bodyText(
  event: APIGatewayProxyEventV2,
  accepts: { mediaType: 'application/json' | 'application/x-www-form-urlencoded'; maxBytes: number },
): string {
  const contentType = event.headers?.['content-type'] ?? ''
  // The media type is what precedes any parameter (`; charset=utf-8`); names are case-insensitive.
  if (contentType.split(';')[0]?.trim().toLowerCase() !== accepts.mediaType) {
    throw new UnsupportedMediaTypeError(
      `send the body as ${accepts.mediaType}, not '${contentType || 'none'}'`,
    )
  }
  const text = rawBody(event)
  const bytes = Buffer.byteLength(text)
  if (bytes > accepts.maxBytes) {
    throw new PayloadTooLargeError(`the body is ${bytes} bytes; this route takes at most ${accepts.maxBytes}`)
  }
  return text
}

function jsonBody(event: APIGatewayProxyEventV2, maxBytes: number): unknown {
  const text = bodyText(event, { mediaType: 'application/json', maxBytes })
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InvalidInputError([{ field: 'body', message: `not valid JSON (${(error as Error).message})` }])
  }
}
