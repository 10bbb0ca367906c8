import { createHmac, timingSafeEqual } from 'node:crypto'
import { ReportLinkKeyError } from '../errors.ts'

/** The page a link opens: one report, or the newest report of a scope. */
export type ReportPageTarget = { reportId: string } | { latestOf: string }

/**
 * No link lives longer than this, whatever its signature says: a key that leaked once cannot mint a link
 * that outlives the key's rotation by years.
 */
export const MAX_LINK_LIFETIME_SECONDS = 31 * 86_400
/** A key shorter than this is refused: an HMAC is only as strong as its key (32 random hex characters = 128 bits). */
export const MIN_LINK_KEY_LENGTH = 32

// Signed with a purpose of its own, so a signature made for a page can never stand for anything else
// signed with the same key.
const PURPOSE = 'eks-ip-capacity report page v1'

/**
 * What a signature covers: which kind of page, the page (a report id, or the scope of the newest report)
 * and the expiry, one per line. The kind keeps a report id that spells `latest?scope=…` from passing
 * for the newest report's page.
 */
function signedText(target: ReportPageTarget, expires: number): string {
  const page = 'reportId' in target ? `report\n${target.reportId}` : `latest\n${target.latestOf}`
  return `${PURPOSE}\n${page}\n${expires}`
}

function signature(key: string, target: ReportPageTarget, expires: number): string {
  if (key.length < MIN_LINK_KEY_LENGTH)
    throw new ReportLinkKeyError(`the report link key is shorter than ${MIN_LINK_KEY_LENGTH} characters`)
  return createHmac('sha256', key).update(signedText(target, expires)).digest('base64url')
}

/** The page's path and query, signed to open until `expires` (seconds since the epoch). */
export function signedPagePath(key: string, target: ReportPageTarget, expires: number): string {
  const proof = `expires=${expires}&signature=${signature(key, target, expires)}`
  return 'reportId' in target
    ? `/reports/${encodeURIComponent(target.reportId)}?${proof}`
    : `/reports/latest?scope=${encodeURIComponent(target.latestOf)}&${proof}`
}

/** An HMAC-SHA256 in base64url without padding: 43 characters. */
const SIGNATURE_SHAPE = /^[A-Za-z0-9_-]{43}$/

export type LinkCheck = { ok: true } | { ok: false; field: 'expires' | 'signature'; reason: string }

/**
 * What is wrong with a link before any key is needed: missing parts, an expiry that is not the number it
 * was signed as, passed, or further away than a link may live. Checked first, so a request without a
 * plausible link costs no read of the key.
 */
export function linkShapeProblem(request: {
  expires: string | undefined
  signature: string | undefined
  nowSeconds: number
}): LinkCheck {
  const { expires, signature: given } = request
  if (expires === undefined || given === undefined)
    return { ok: false, field: given === undefined ? 'signature' : 'expires', reason: 'not a signed link' }
  if (!/^[1-9]\d{0,11}$/.test(expires)) return { ok: false, field: 'expires', reason: 'malformed expiry' }
  if (!SIGNATURE_SHAPE.test(given))
    return { ok: false, field: 'signature', reason: 'not a signature this service makes' }
  const at = Number(expires)
  if (at <= request.nowSeconds) return { ok: false, field: 'expires', reason: 'the link has expired' }
  if (at > request.nowSeconds + MAX_LINK_LIFETIME_SECONDS)
    return { ok: false, field: 'expires', reason: 'the link claims to live longer than any link may' }
  return { ok: true }
}

/**
 * Checks a page request's link: its shape (above), then the signature of exactly this page and expiry,
 * compared in constant time.
 */
export function verifyPageLink(request: {
  key: string
  target: ReportPageTarget
  expires: string | undefined
  signature: string | undefined
  nowSeconds: number
}): LinkCheck {
  const shape = linkShapeProblem(request)
  if (!shape.ok) return shape
  const expected = Buffer.from(signature(request.key, request.target, Number(request.expires)), 'utf8')
  const offered = Buffer.from(String(request.signature), 'utf8')
  if (expected.length !== offered.length || !timingSafeEqual(expected, offered))
    return { ok: false, field: 'signature', reason: 'the link is not signed for this page' }
  return { ok: true }
}
