import { openApiContract } from './openapi-contract.ts'

const SECURITY_HEADERS = [
  'x-content-type-options',
  'x-frame-options',
  'strict-transport-security',
  'content-security-policy',
  'referrer-policy',
  'cache-control',
]

export interface Reply {
  status: number
  contentType: string
  body: any
  text: string
}

/** Real HTTP requests to the local service; every answer is checked against openapi.yaml. */
export function apiClient(baseUrl: () => string) {
  const assertDocumented = openApiContract()
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Reply> {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            body: typeof body === 'string' ? body : JSON.stringify(body),
            headers: { 'content-type': contentType },
          }),
    })
    const text = await response.text()
    const type = response.headers.get('content-type') ?? ''
    const parsed = type.includes('json') ? JSON.parse(text) : text
    assertDocumented(method, path, response.status, type, parsed)
    // Every answer, error or not, carries the security headers.
    for (const header of SECURITY_HEADERS) {
      if (!response.headers.get(header)) throw new Error(`${method} ${path} answered without ${header}`)
    }
    return { status: response.status, contentType: type, body: parsed, text }
  }
}
