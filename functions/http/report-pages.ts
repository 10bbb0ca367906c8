import { telemetry } from '../../lib/container.ts'
import { reportLinks, reportReader, reportScope } from '../../lib/container-report-reader.ts'
import { parseReportId } from '../../lib/domain/report.ts'
import { UnknownReportError } from '../../lib/errors.ts'
import { httpApi } from '../../lib/http/http-api.ts'
import { reportPage } from '../../lib/http/report-page.ts'
import { route } from '../../lib/http/route.ts'
import { reportPageRoutes as routes } from '../../lib/schemas/api/report-page-routes.ts'

const reports = reportReader()
const links = reportLinks()
const scope = reportScope().name
// Relative to the page, so the pages work behind a custom domain's base path too.
const TABLE_SCRIPT = 'table.js'

/** A report's page; unknown reports and other scopes are 404s, but only after the link has been checked. */
async function page(window: string | undefined, asked: string) {
  const data = window ? await reports.page(window) : undefined
  if (!data) throw new UnknownReportError(`no report '${asked}'`)
  return reportPage(data, { tableScript: TABLE_SCRIPT })
}

export const handler = httpApi(
  [
    route(routes.latestReportPage, async ({ query }) => {
      const { expires, signature } = query
      await links.check({ latestOf: query.scope ?? scope }, { expires, signature })
      if ((query.scope ?? scope) !== scope) throw new UnknownReportError(`no report scope '${query.scope}'`)
      return page(await reports.latestWindow(), `latest of ${scope}`)
    }),
    route(routes.reportPage, async ({ params, query }) => {
      await links.check({ reportId: params.reportId }, query)
      const id = parseReportId(params.reportId)
      return page(id?.scope === scope ? id.window : undefined, params.reportId)
    }),
  ],
  telemetry,
)
