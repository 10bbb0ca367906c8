import redocScript from 'redoc/bundles/redoc.standalone.js'
import { appConfig, telemetry } from '../../lib/container.ts'
import { docsPage, selfContainedRenderer } from '../../lib/http/docs-page.ts'
import { httpApi } from '../../lib/http/http-api.ts'
import { REPORT_TABLE_SCRIPT } from '../../lib/http/report-table-script.ts'
import { openApiDocument, openApiYaml } from '../../lib/schemas/api/openapi-document.ts'

// Built once per container: the YAML and the page are two renderings of one document.
const document = openApiDocument(appConfig().serviceVersion)
const yaml = openApiYaml(document)
const page = docsPage(document)
const text = (contentType: string, body: string, maxAge: number) => async () => ({
  statusCode: 200,
  headers: { 'content-type': contentType, 'cache-control': `public, max-age=${maxAge}` },
  body,
})

export const handler = httpApi(
  [
    { method: 'GET', path: '/openapi.yaml', handler: text('application/yaml', yaml, 300) },
    { method: 'GET', path: '/docs', handler: text('text/html; charset=utf-8', page, 300) },
    // The renderer is bundled from npm and served from here: no CDN, works in a closed network.
    {
      method: 'GET',
      path: '/docs/redoc.standalone.js',
      handler: text('text/javascript', selfContainedRenderer(redocScript), 86_400),
    },
    // The report pages' table sorter: their CSP runs no inline script, and it holds no report data.
    {
      method: 'GET',
      path: '/reports/table.js',
      handler: text('text/javascript', REPORT_TABLE_SCRIPT, 3_600),
    },
  ],
  telemetry,
)
