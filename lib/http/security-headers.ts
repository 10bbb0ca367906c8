import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'

/** Sent with every answer: no sniffing, no framing, HTTPS only, no referrer. */
const ALWAYS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'referrer-policy': 'no-referrer',
}

/** API answers run no code; the docs page runs the renderer served from here (its worker is a blob). */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'"
const HTML_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"

export function withSecurityHeaders(
  response: APIGatewayProxyStructuredResultV2,
): APIGatewayProxyStructuredResultV2 {
  const headers = { ...(response.headers ?? {}) }
  const html = String(headers['content-type'] ?? '').startsWith('text/html')
  return {
    ...response,
    headers: {
      ...ALWAYS,
      'content-security-policy': html ? HTML_POLICY : API_POLICY,
      // Answers depend on live data and on who asks: no shared caches unless a route says otherwise.
      'cache-control': 'no-store',
      ...headers,
    },
  }
}
