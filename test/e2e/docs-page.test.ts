import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouteSpec } from '../../lib/http/route.ts'
import { capacityRoutes } from '../../lib/schemas/api/routes.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { freePort } from '../support/free-port.ts'

// The API reference as a person sees it: /docs from `npm start`'s runner, in headless Chromium.
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
  `the docs page in headless Chromium ${HAS_CHROMIUM ? '' : `(skipped: no Chromium at ${CHROMIUM})`}`,
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
  },
)
