import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouteSpec } from '../../lib/http/route.ts'
import { capacityRoutes } from '../../lib/schemas/api/capacity-routes.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { signedPage } from '../support/every-route.ts'
import { freePort } from '../support/free-port.ts'

// What people look at, in headless Chromium: the API reference at /docs, a subnet's block map and the
// report pages, from `npm start`'s runner (its two seeded reports). Screenshots go to test-results/.
// CI installs Debian's chromium (.ci/run); elsewhere the test says why it did not run.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const HAS_CHROMIUM = existsSync(CHROMIUM) || process.env.CI === 'true'
// The flags keep Chromium from reaching for the network of a closed machine.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

describe.skipIf(!HAS_CHROMIUM)(
  `pages in headless Chromium ${HAS_CHROMIUM ? '' : `(skipped: no Chromium at ${CHROMIUM})`}`,
  () => {
    let service: LocalService
    let browser: Browser

    beforeAll(async () => {
      service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    }, 180_000)
    afterAll(async () => {
      await browser?.close()
      await service?.stop()
    })

    it('renders the reference with every capacity route, from assets served by the service itself', async () => {
      const page = await browser.newPage()
      const errors = consoleErrors(page)
      const offsite: string[] = []
      page.on('request', (request) => {
        // data: and blob: URLs are made in the page itself (the renderer's worker, the inline logo).
        if (!/^(data|blob):/.test(request.url()) && !request.url().startsWith(service.url))
          offsite.push(request.url())
      })
      const response = await page.goto(`${service.url}/docs`)
      expect(response?.status()).toBe(200)

      for (const spec of Object.values(capacityRoutes) as RouteSpec[]) {
        const entry = page.getByRole('heading', { name: spec.summary })
        await entry.waitFor({ state: 'visible', timeout: 30_000 })
        expect(await entry.isVisible(), spec.summary).toBe(true)
      }
      await page.screenshot({ path: 'test-results/docs-page.png' })
      expect(offsite).toEqual([])
      // A script the policy blocked (an inline one) would be a console error here.
      expect(errors).toEqual([])
    })

    it('renders a subnet’s block map: one cell per /28, the legend and the score', async () => {
      const page = await browser.newPage()
      const response = await page.goto(`${service.url}/v1/subnets/subnet-demo-fragmented/map.svg`)
      expect(response?.headers()['content-type']).toBe('image/svg+xml')
      // A parse error would leave Chromium's error page instead of an <svg> document.
      expect(await page.evaluate('document.documentElement.tagName')).toBe('svg')
      // 256 blocks of a /20 and 7 legend swatches, all laid out.
      const boxes = await page
        .locator('rect[width="12"][height="12"]')
        .evaluateAll((rects) => rects.filter((rect) => rect.getBoundingClientRect().width > 0).length)
      expect(boxes).toBe(256 + 7)
      expect(await page.locator('text', { hasText: /fragmentation score \d+/ }).isVisible()).toBe(true)
      await page.screenshot({ path: 'test-results/subnet-map.png' })
    })

    it('renders the newest report’s page from its signed link: the at-risk subnet, its sparkline and block map', async () => {
      // Prepare
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      const errors = consoleErrors(page)
      // Act
      const response = await page.goto(`${service.url}${signedPage({ latestOf: 'default' })}`)
      // Assess
      expect(response?.status()).toBe(200)
      const atRisk = page.locator('section.at-risk[data-subnet-id="subnet-demo-fragmented"]')
      await atRisk.waitFor({ state: 'visible' })
      // Both seeded reports are points of the sparkline, and the decline is projected to exhaustion.
      const sparkline = atRisk.locator('svg.sparkline')
      expect(await sparkline.isVisible()).toBe(true)
      expect(await sparkline.locator('circle[data-series-point]').count()).toBe(2)
      expect(await sparkline.locator('line[data-series="exhaustion"]').count()).toBe(1)
      expect(await atRisk.locator('.trend').textContent()).toMatch(/days to exhaustion/)
      // The block map: one laid-out cell per /28 of the /20, as in the subnet's own map.
      const cells = await atRisk
        .locator('.block-map svg rect[width="12"][height="12"]')
        .evaluateAll((rects) => rects.filter((rect) => rect.getBoundingClientRect().width > 0).length)
      expect(cells).toBe(256 + 7)
      await page.screenshot({ path: 'test-results/report-page.png', fullPage: true })
      expect(errors).toEqual([])
    })

    it('sorts the table of every subnet in the browser, with the script the service serves', async () => {
      const page = await browser.newPage()
      const errors = consoleErrors(page)
      await page.goto(`${service.url}${signedPage({ latestOf: 'default' })}`)
      // A column's values in the rows' current order, found by its heading's button.
      const column = (key: string) =>
        page.evaluate((sortKey) => {
          const headings = [...document.querySelectorAll('table#subnets thead th')]
          const index = headings.findIndex((th) => th.querySelector(`button[data-sort="${sortKey}"]`))
          return [...document.querySelectorAll('table#subnets tbody tr')].map((row) =>
            row.children[index]?.getAttribute('data-value'),
          )
        }, key)
      const freeIps = page.locator('button[data-sort="free-ips"]')

      await freeIps.click()
      const ascending = (await column('free-ips')).map(Number)
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b))
      expect(await page.locator('th:has(button[data-sort="free-ips"])').getAttribute('aria-sort')).toBe(
        'ascending',
      )
      await freeIps.press('Enter')
      const descending = (await column('free-ips')).map(Number)
      expect(descending).toEqual([...ascending].reverse())
      expect(new Set(descending).size).toBeGreaterThan(1)
      expect(errors).toEqual([])
    })

    it('is readable on a phone: nothing but the wide pictures and the table scrolls sideways', async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true })
      const errors = consoleErrors(page)
      await page.goto(`${service.url}${signedPage({ latestOf: 'default' })}`)
      await page.locator('section.at-risk').first().waitFor({ state: 'visible' })
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
      await page.screenshot({ path: 'test-results/report-page-phone.png', fullPage: true })
      expect(errors).toEqual([])
    })

    it('refuses the page without its link: a 401, not the report', async () => {
      const page = await browser.newPage()
      const response = await page.goto(`${service.url}/reports/latest`)
      expect(response?.status()).toBe(401)
      expect(await page.content()).not.toContain('subnet-demo')
    })
  },
)

/** The page's console errors and uncaught exceptions (a blocked script or a failed load shows here). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}
