import { createHmac, timingSafeEqual } from 'node:crypto'

/** Slack's replay window: a request signed more than five minutes from now is refused. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60

export type SignatureCheck = { ok: true } | { ok: false; reason: string }

/** `v0=` + hex HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`), as Slack signs requests. */
export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`
}

/**
 * Checks a request's Slack signature over its raw body: the timestamp must be within the replay window of
 * `nowSeconds`, and the signature must match, compared in constant time.
 */
export function verifySlackSignature(request: {
  secret: string
  timestamp: string | undefined
  signature: string | undefined
  rawBody: string
  nowSeconds: number
}): SignatureCheck {
  const { timestamp, signature } = request
  if (!timestamp || !signature)
    return { ok: false, reason: 'missing X-Slack-Request-Timestamp or X-Slack-Signature' }
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' }
  if (Math.abs(request.nowSeconds - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) {
    return { ok: false, reason: 'timestamp outside the five-minute window' }
  }
  const expected = Buffer.from(slackSignature(request.secret, timestamp, request.rawBody), 'utf8')
  const given = Buffer.from(signature, 'utf8')
  // timingSafeEqual needs equal lengths; a length mismatch is itself a mismatch.
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad signature' }
  return { ok: true }
}
