import {
  linkShapeProblem,
  type ReportPageTarget,
  signedPagePath,
  verifyPageLink,
} from '../domain/report-link.ts'
import { SignatureRejectedError } from '../errors.ts'
import type { Clock } from '../ports/clock.ts'

export interface ReportLinkDeps {
  /** The HMAC key (from Parameter Store when deployed); read when a link is made or checked. */
  key: () => Promise<string>
  clock: Clock
  lifetimeSeconds: number
  /** Where people reach the API; without it no link can be given. */
  publicBaseUrl?: string | undefined
}

/** How long a failed read of the key is answered from memory before the next read is tried. */
export const KEY_FAILURE_MEMORY_MS = 30_000

/**
 * Links to report pages that open without AWS credentials: a browser cannot sign SigV4, so the page is
 * opened by an expiring HMAC over its path instead, and by nothing else.
 */
export function createReportLinks(deps: ReportLinkDeps) {
  const nowSeconds = () => Math.floor(deps.clock.now().getTime() / 1000)
  let failed: { error: unknown; until: number } | undefined
  /**
   * The key, or the last failure to read it for a while: the pages are public, and without a stored key
   * every plausible-looking link would otherwise be one more read of Parameter Store.
   */
  async function key(): Promise<string> {
    const now = deps.clock.now().getTime()
    if (failed && failed.until > now) throw failed.error
    try {
      const value = await deps.key()
      failed = undefined
      return value
    } catch (error) {
      failed = { error, until: now + KEY_FAILURE_MEMORY_MS }
      throw error
    }
  }
  return {
    /** The page's signed URL, open for the configured lifetime; undefined when the API has no public address. */
    async urlOf(target: ReportPageTarget): Promise<string | undefined> {
      if (!deps.publicBaseUrl) return undefined
      const path = signedPagePath(await key(), target, nowSeconds() + deps.lifetimeSeconds)
      return `${deps.publicBaseUrl.replace(/\/$/, '')}${path}`
    },
    /** Refuses (401) a request whose link does not open this page now. */
    async check(
      target: ReportPageTarget,
      link: { expires?: string | undefined; signature?: string | undefined },
    ) {
      const { expires, signature } = link
      const shape = linkShapeProblem({ expires, signature, nowSeconds: nowSeconds() })
      if (!shape.ok) throw new SignatureRejectedError(shape.reason, shape.field)
      const verdict = verifyPageLink({
        key: await key(),
        target,
        expires: link.expires,
        signature: link.signature,
        nowSeconds: nowSeconds(),
      })
      if (!verdict.ok) throw new SignatureRejectedError(verdict.reason, verdict.field)
    },
  }
}
export type ReportLinks = ReturnType<typeof createReportLinks>
