import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouteSpec } from '../../lib/http/route.ts'
import { capacityRoutes } from '../../lib/schemas/api/capacity-routes.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { freePort } from '../support/free-port.ts'

// What people look at, in headless Chromium: the API reference at /docs and a subnet's block map,
// from `npm start`'s runner.
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
  },
)
