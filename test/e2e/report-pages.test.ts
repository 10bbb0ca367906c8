import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ReportPageTarget, signedPagePath } from '../../lib/domain/report-link.ts'
import { LOCAL_REPORT_LINK_KEY, type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { apiClient } from '../support/api-client.ts'
import { signedPage } from '../support/every-route.ts'
import { freePort } from '../support/free-port.ts'

// The report pages as a person opens them from Slack: `npm start`'s runner with its two seeded reports,
// real HTTP, every answer checked against openapi.yaml. Only a link the service signed opens a page, only
// that page, only until it expires.

let service: LocalService
const call = apiClient(() => service.url)
const now = () => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
})

async function reportIds(): Promise<string[]> {
  const listed = await call('GET', '/v1/reports?limit=10')
  return listed.body.items.map((item: { reportId: string }) => item.reportId)
}

/** The page's elements and scripts, as Python's HTML parser (not ours) reads them. */
function pageOutline(html: string): { scripts: { src: string | null; body: string }[]; sections: string[] } {
  const reader = `
import json, sys
from html.parser import HTMLParser
class Outline(HTMLParser):
    def __init__(self):
        super().__init__(); self.scripts = []; self.sections = []; self.inside = None
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'script':
            self.inside = {'src': attrs.get('src'), 'body': ''}; self.scripts.append(self.inside)
        if tag == 'section' and 'at-risk' in (attrs.get('class') or '').split():
            self.sections.append(attrs.get('data-subnet-id'))
    def handle_endtag(self, tag):
        if tag == 'script': self.inside = None
    def handle_data(self, data):
        if self.inside is not None: self.inside['body'] += data
outline = Outline(); outline.feed(sys.stdin.read())
print(json.dumps({'scripts': outline.scripts, 'sections': outline.sections}))
`
  return JSON.parse(execFileSync('python3', ['-c', reader], { input: html, encoding: 'utf8' }))
}

describe('GET /reports/{reportId} and /reports/latest', () => {
  it('opens each seeded report’s page with its signed link: the subnets at risk first, one script, by URL', async () => {
    for (const reportId of await reportIds()) {
      // Act
      const reply = await call('GET', signedPage({ reportId }))
      // Assess
      expect(reply.status, reportId).toBe(200)
      expect(reply.contentType).toBe('text/html; charset=utf-8')
      const outline = pageOutline(reply.text)
      expect(outline.scripts).toEqual([{ src: 'table.js', body: '' }])
      // The exhausted demo subnet is at risk in both reports (the fragmented one only after the drift).
      expect(outline.sections).toContain('subnet-demo-exhausted')
      expect(reply.text).toContain(reportId)
    }
  })

  it('the newest report’s link opens the newest report', async () => {
    const [newest] = await reportIds()
    const reply = await call('GET', signedPage({ latestOf: 'default' }))
    expect(reply.status).toBe(200)
    expect(reply.text).toContain(String(newest))
  })

  it('pages run no inline script: their policy allows scripts from the service only', async () => {
    const response = await fetch(`${service.url}${signedPage({ latestOf: 'default' })}`)
    const policy = response.headers.get('content-security-policy') ?? ''
    expect(policy).toMatch(/script-src 'self';/)
    expect(policy).not.toContain("unsafe-inline'; style")
    expect(policy.split(';').find((part) => part.trim().startsWith('script-src'))).not.toContain('unsafe')
    // The sorter is served by the API, as a script.
    const script = await fetch(`${service.url}/reports/table.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript')
  })

  const expiredBy = (seconds: number) => (target: ReportPageTarget) =>
    signedPagePath(LOCAL_REPORT_LINK_KEY, target, now() - seconds)
  const alter = (path: string, name: string, value: string) => {
    const url = new URL(path, 'http://local')
    url.searchParams.set(name, value)
    return `${url.pathname}${url.search}`
  }

  it.each([
    ['no link at all', () => '', 'signature'],
    ['an expired link', (id: string) => expiredBy(1)({ reportId: id }), 'expires'],
    [
      'a link whose expiry was pushed later',
      (id: string) => alter(signedPage({ reportId: id }), 'expires', String(now() + 86_400)),
      'signature',
    ],
    [
      'a link signed with another key (forged)',
      (id: string) => signedPagePath(`${LOCAL_REPORT_LINK_KEY}-other`, { reportId: id }, now() + 600),
      'signature',
    ],
    [
      'a made-up signature',
      (id: string) => alter(signedPage({ reportId: id }), 'signature', 'A'.repeat(43)),
      'signature',
    ],
  ])('refuses %s with a 401 naming the field', async (_why, linkOf, field) => {
    // Prepare
    const [reportId] = await reportIds()
    const link = linkOf(String(reportId))
    const path = link === '' ? `/reports/${encodeURIComponent(String(reportId))}` : link
    // Act
    const reply = await call('GET', path)
    // Assess
    expect(reply.status).toBe(401)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.errors).toEqual([{ field, message: expect.any(String) }])
  })

  it('a link opens its own page only: not the other report, not the newest, not another scope', async () => {
    // Prepare
    const [newest, older] = await reportIds()
    const proofOf = (path: string) => path.slice(path.indexOf('?'))
    const newestProof = proofOf(signedPage({ reportId: String(newest) }))
    const latestProof = new URL(signedPage({ latestOf: 'default' }), 'http://local').searchParams
    // Act
    const replies = await Promise.all([
      call('GET', `/reports/${encodeURIComponent(String(older))}${newestProof}`),
      call('GET', `/reports/latest${newestProof}`),
      call(
        'GET',
        `/reports/latest?scope=other&expires=${latestProof.get('expires')}&signature=${latestProof.get('signature')}`,
      ),
    ])
    // Assess
    expect(replies.map((reply) => reply.status)).toEqual([401, 401, 401])
  })

  it('a link grants no other route: on a JSON route its proof adds nothing, or is refused as unknown', async () => {
    // Prepare
    const [reportId] = await reportIds()
    const page = signedPage({ reportId: String(reportId) })
    const proof = page.slice(page.indexOf('?'))
    const json = `/v1/reports/${encodeURIComponent(String(reportId))}`
    const chart = '/v1/subnets/subnet-demo-fragmented/history.svg'
    // Act: locally IAM is not applied, so the JSON routes answer anyone; in AWS the gateway refuses them
    // unsigned before any function runs (the packaged-template test checks every /v1 route is IAM).
    const [jsonWith, jsonWithout, chartWith] = await Promise.all([
      call('GET', `${json}${proof}`),
      call('GET', json),
      call('GET', `${chart}${proof}`),
    ])
    // Assess
    expect(jsonWith.text).toBe(jsonWithout.text)
    expect(chartWith.status).toBe(400)
    expect(chartWith.body.errors.map((issue: { field: string }) => issue.field)).toEqual([
      'expires',
      'signature',
    ])
  })

  it('a valid link to a report that is not stored is a 404; the link is checked first', async () => {
    const missing = 'default@2020-01-01T00:00:00.000Z'
    expect((await call('GET', signedPage({ reportId: missing }))).status).toBe(404)
    expect((await call('GET', signedPage({ reportId: 'other@2020-01-01T00:00:00.000Z' }))).status).toBe(404)
    expect((await call('GET', signedPage({ latestOf: 'other' }))).status).toBe(404)
    // Without a link, whether the report exists is not told.
    expect((await call('GET', `/reports/${encodeURIComponent(missing)}`)).status).toBe(401)
  })
})
