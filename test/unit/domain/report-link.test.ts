import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  linkShapeProblem,
  MAX_LINK_LIFETIME_SECONDS,
  type ReportPageTarget,
  signedPagePath,
  verifyPageLink,
} from '../../../lib/domain/report-link.ts'
import { ReportLinkKeyError } from '../../../lib/errors.ts'

const KEY = 'k'.repeat(16).concat('0123456789abcdef')
const NOW = 1_800_000_000
const REPORT: ReportPageTarget = { reportId: 'default@2026-11-22T06:00:00.000Z' }
const LATEST: ReportPageTarget = { latestOf: 'default' }

/** The link as a browser would send it back: the path's page, and its two query parameters. */
function proofOf(path: string) {
  const url = new URL(path, 'https://capacity.example.internal')
  return {
    expires: url.searchParams.get('expires') ?? undefined,
    signature: url.searchParams.get('signature') ?? undefined,
  }
}

const check = (target: ReportPageTarget, proof: { expires?: string; signature?: string }, now = NOW) =>
  verifyPageLink({ key: KEY, target, expires: proof.expires, signature: proof.signature, nowSeconds: now })

describe('signed report page links', () => {
  it('signs what it says it signs: an HMAC-SHA256 another implementation (Python’s hmac) computes alike', () => {
    // Prepare
    const path = signedPagePath(KEY, REPORT, NOW + 60)
    // Act
    const python = execFileSync(
      'python3',
      [
        '-c',
        `import base64, hashlib, hmac, sys
msg = "eks-ip-capacity report page v1\\nreport\\ndefault@2026-11-22T06:00:00.000Z\\n${NOW + 60}"
digest = hmac.new(sys.argv[1].encode(), msg.encode(), hashlib.sha256).digest()
print(base64.urlsafe_b64encode(digest).decode().rstrip("="))`,
        KEY,
      ],
      { encoding: 'utf8' },
    ).trim()
    // Assess
    expect(proofOf(path).signature).toBe(python)
    expect(path.startsWith('/reports/default%402026-11-22T06%3A00%3A00.000Z?expires=')).toBe(true)
  })

  it('opens its own page until it expires', () => {
    const proof = proofOf(signedPagePath(KEY, REPORT, NOW + 60))
    expect(check(REPORT, proof)).toEqual({ ok: true })
    expect(check(REPORT, proof, NOW + 59)).toEqual({ ok: true })
  })

  it('the newest report’s link names its scope', () => {
    const path = signedPagePath(KEY, LATEST, NOW + 60)
    expect(path).toMatch(/^\/reports\/latest\?scope=default&expires=\d+&signature=[\w-]+$/)
    expect(check(LATEST, proofOf(path))).toEqual({ ok: true })
  })

  const valid = proofOf(signedPagePath(KEY, REPORT, NOW + 60))
  it.each([
    ['expired at the second it names', REPORT, valid, NOW + 60, 'expires', 'expired'],
    ['expired long ago', REPORT, valid, NOW + 86_400, 'expires', 'expired'],
    [
      'another report',
      { reportId: 'default@2026-11-22T12:00:00.000Z' },
      valid,
      NOW,
      'signature',
      'not signed',
    ],
    ['the newest report instead of this one', LATEST, valid, NOW, 'signature', 'not signed'],
    [
      'the expiry pushed later (altered)',
      REPORT,
      { ...valid, expires: String(NOW + 6000) },
      NOW,
      'signature',
      'not signed',
    ],
    [
      'a signature changed in one character (forged)',
      REPORT,
      {
        ...valid,
        signature: `${valid.signature?.slice(0, -1)}${valid.signature?.endsWith('A') ? 'B' : 'A'}`,
      },
      NOW,
      'signature',
      'not signed',
    ],
    [
      'a signature of another length',
      REPORT,
      { ...valid, signature: 'abc' },
      NOW,
      'signature',
      'not a signature this service makes',
    ],
    [
      'a signature in padded base64',
      REPORT,
      { ...valid, signature: `${valid.signature}=` },
      NOW,
      'signature',
      'not a signature this service makes',
    ],
    ['no signature', REPORT, { expires: valid.expires }, NOW, 'signature', 'not a signed link'],
    ['no expiry', REPORT, { signature: valid.signature }, NOW, 'expires', 'not a signed link'],
    ['no link at all', REPORT, {}, NOW, 'signature', 'not a signed link'],
    ['an expiry that is not a number', REPORT, { ...valid, expires: '1e12' }, NOW, 'expires', 'malformed'],
    ['a negative expiry', REPORT, { ...valid, expires: '-5' }, NOW, 'expires', 'malformed'],
    [
      'the same expiry spelt with a leading zero (not the text signed)',
      REPORT,
      { ...valid, expires: `0${valid.expires}` },
      NOW,
      'expires',
      'malformed',
    ],
  ] as const)('refuses %s', (_why, target, proof, now, field, reason) => {
    const verdict = check(target, proof, now)
    expect(verdict.ok).toBe(false)
    expect(verdict).toMatchObject({ field })
    expect(verdict.ok ? '' : verdict.reason).toContain(reason)
  })

  it('refuses a link signed (with the right key) to live longer than any link may', () => {
    const far = NOW + MAX_LINK_LIFETIME_SECONDS + 1
    const verdict = check(REPORT, proofOf(signedPagePath(KEY, REPORT, far)))
    expect(verdict).toMatchObject({ ok: false, field: 'expires' })
  })

  it('a report id that spells the newest report’s page is another page', () => {
    // Prepare: the newest report's link, offered for a report whose id reads like that page's path
    const latest = proofOf(signedPagePath(KEY, LATEST, NOW + 60))
    // Act
    const verdict = check({ reportId: 'latest?scope=default' }, latest)
    // Assess
    expect(verdict).toMatchObject({ ok: false, field: 'signature' })
  })

  it('refuses a link signed with another key', () => {
    const other = proofOf(signedPagePath(`${KEY}x`, REPORT, NOW + 60))
    expect(check(REPORT, other)).toMatchObject({ ok: false, field: 'signature' })
  })

  it('will not sign or check with a key too short to be one', () => {
    expect(() => signedPagePath('short', REPORT, NOW + 60)).toThrow(ReportLinkKeyError)
    expect(() => verifyPageLink({ key: 'short', target: REPORT, ...valid, nowSeconds: NOW })).toThrow(
      'shorter than 32',
    )
  })

  it('tells a link’s missing or stale parts without any key', () => {
    expect(linkShapeProblem({ expires: undefined, signature: undefined, nowSeconds: NOW })).toMatchObject({
      ok: false,
      field: 'signature',
    })
    expect(
      linkShapeProblem({ expires: String(NOW), signature: 'x'.repeat(43), nowSeconds: NOW }),
    ).toMatchObject({
      ok: false,
      field: 'expires',
    })
    expect(linkShapeProblem({ expires: String(NOW + 1), signature: 'x', nowSeconds: NOW })).toMatchObject({
      ok: false,
      field: 'signature',
    })
    expect(
      linkShapeProblem({ expires: String(NOW + 1), signature: 'x'.repeat(43), nowSeconds: NOW }),
    ).toEqual({
      ok: true,
    })
  })
})
