import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'

/** Sent with every answer: no sniffing, no framing, HTTPS only, no referrer. */
const ALWAYS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'referrer-policy': 'no-referrer',
}

/**
 * API answers run no code. Pages (the docs, the report pages) run only scripts served from here, never
 * inline ones, so markup that slipped into a page cannot run; inline styles and SVG are allowed (the
 * renderer styles itself at run time, its worker is a blob).
 */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'"
const HTML_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

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
