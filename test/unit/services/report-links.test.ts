import { describe, expect, it } from 'vitest'
import { ReportLinkKeyError, SignatureRejectedError } from '../../../lib/errors.ts'
import { toProblem } from '../../../lib/http/problems.ts'
import { createReportLinks, KEY_FAILURE_MEMORY_MS } from '../../../lib/services/report-links.ts'

const KEY = 'a-report-link-key-of-at-least-32-characters'
const NOW = Date.parse('2026-12-01T06:00:00Z')
let clockAt = NOW

function links(key: () => Promise<string>, publicBaseUrl?: string) {
  let reads = 0
  clockAt = NOW
  const service = createReportLinks({
    key: async () => {
      reads++
      return key()
    },
    clock: { now: () => new Date(clockAt) },
    lifetimeSeconds: 3 * 86_400,
    publicBaseUrl,
  })
  return { service, reads: () => reads }
}

describe('report page links', () => {
  it('signs a full URL for the configured lifetime, which then opens its page', async () => {
    // Prepare
    const { service } = links(async () => KEY, 'https://capacity.example.internal/')
    // Act
    const url = new URL(String(await service.urlOf({ reportId: 'prod@2026-12-01T06:00:00.000Z' })))
    // Assess
    expect(url.origin + url.pathname).toBe(
      'https://capacity.example.internal/reports/prod%402026-12-01T06%3A00%3A00.000Z',
    )
    expect(Number(url.searchParams.get('expires'))).toBe(NOW / 1000 + 3 * 86_400)
    const proof = {
      expires: url.searchParams.get('expires') ?? '',
      signature: url.searchParams.get('signature') ?? '',
    }
    await expect(service.check({ reportId: 'prod@2026-12-01T06:00:00.000Z' }, proof)).resolves.toBeUndefined()
  })

  it('gives no link where the API has no public address', async () => {
    const { service, reads } = links(async () => KEY)
    expect(await service.urlOf({ latestOf: 'prod' })).toBeUndefined()
    expect(reads()).toBe(0)
  })

  it.each([
    ['no link', {}],
    ['an expired link', { expires: String(NOW / 1000 - 1), signature: 'x'.repeat(43) }],
    [
      'a signature no HMAC-SHA256 in base64url could be',
      { expires: String(NOW / 1000 + 60), signature: 'zz' },
    ],
    ['a malformed expiry', { expires: 'soon', signature: 'x'.repeat(43) }],
  ])('refuses %s without reading the key', async (_why, proof) => {
    const { service, reads } = links(async () => {
      throw new ReportLinkKeyError('ParameterNotFound')
    })
    await expect(service.check({ latestOf: 'prod' }, proof)).rejects.toBeInstanceOf(SignatureRejectedError)
    expect(reads()).toBe(0)
  })

  it('a plausible link with no key to check it is the service’s problem: a 503 that names nothing internal', async () => {
    // Prepare
    const { service } = links(async () => {
      throw new ReportLinkKeyError('the report link key parameter /x cannot be read: ParameterNotFound')
    })
    const proof = { expires: String(NOW / 1000 + 60), signature: 'x'.repeat(43) }
    // Act
    const failure = await service.check({ latestOf: 'prod' }, proof).catch((error: unknown) => error)
    // Assess
    expect(failure).toBeInstanceOf(ReportLinkKeyError)
    const problem = toProblem(failure)
    expect(problem.status).toBe(503)
    expect(JSON.stringify(problem)).not.toContain('ParameterNotFound')
  })

  it('remembers a failed read of the key for a while: made-up links cannot make a read each', async () => {
    // Prepare
    let stored: string | undefined
    const { service, reads } = links(async () => {
      if (stored === undefined) throw new ReportLinkKeyError('ParameterNotFound')
      return stored
    })
    const proof = () => ({ expires: String(Math.floor(clockAt / 1000) + 60), signature: 'x'.repeat(43) })
    // Act: many plausible links while the key is missing, then the key is stored and time passes
    for (let request = 0; request < 20; request++)
      await expect(service.check({ latestOf: 'prod' }, proof())).rejects.toBeInstanceOf(ReportLinkKeyError)
    const readsWhileMissing = reads()
    stored = KEY
    clockAt += KEY_FAILURE_MEMORY_MS + 1
    const refused = await service.check({ latestOf: 'prod' }, proof()).catch((error: unknown) => error)
    // Assess
    expect(readsWhileMissing).toBe(1)
    expect(refused).toBeInstanceOf(SignatureRejectedError)
    expect(reads()).toBe(2)
  })
})
