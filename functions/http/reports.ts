import { telemetry } from '../../lib/container.ts'
import { reportReader, reportScope } from '../../lib/container-report-reader.ts'
import { parseReportId, reportId } from '../../lib/domain/report.ts'
import { UnknownReportError, UnknownSubnetError } from '../../lib/errors.ts'
import { subnetHistorySvg } from '../../lib/http/history-svg.ts'
import { httpApi } from '../../lib/http/http-api.ts'
import { route } from '../../lib/http/route.ts'
import { encodeCursor } from '../../lib/schemas/api/query-params.ts'
import {
  DEFAULT_HISTORY_DAYS,
  DEFAULT_REPORT_PAGE_SIZE,
  reportRoutes as routes,
} from '../../lib/schemas/api/report-routes.ts'

const reports = reportReader()
const scope = reportScope().name

/** Only this deployment's scope is stored here; another name is a 404, not an empty answer. */
function checkScope(asked: string | undefined): void {
  if (asked !== undefined && asked !== scope)
    throw new UnknownReportError(`no report scope '${asked}' (this service reports '${scope}')`)
}

export const handler = httpApi(
  [
    route(routes.latestReport, async ({ query }) => {
      checkScope(query.scope)
      const report = await reports.latest()
      if (!report) throw new UnknownReportError(`no report for '${scope}' yet`)
      return report
    }),
    route(routes.listReports, async ({ query }) => {
      checkScope(query.scope)
      const limit = query.limit ?? DEFAULT_REPORT_PAGE_SIZE
      // The query schema has decoded the cursor to the window of the previous page's last report.
      const { since, until, cursor: before } = query
      const headers = await reports.list({ since, until, limit: limit + 1, before })
      const page = headers.slice(0, limit)
      return {
        items: page.map((header) => ({
          reportId: reportId(header.scope, header.window),
          window: header.window,
          createdAt: header.createdAt,
          complete: header.finalizedAt !== null,
        })),
        nextCursor: headers.length > limit ? encodeCursor(page.at(-1)?.window ?? '') : null,
      }
    }),
    route(routes.getReport, async ({ params }) => {
      const id = parseReportId(params.reportId)
      checkScope(id?.scope)
      const report = id ? await reports.read(id.window) : undefined
      if (!report) throw new UnknownReportError(`no report '${params.reportId}'`)
      return report
    }),
    route(routes.getSubnetHistory, async ({ params, query }) => {
      const { account, region } = query
      const days = query.days ?? DEFAULT_HISTORY_DAYS
      const history = await reports.subnetHistory(params.subnetId, { days, account, region })
      if (!history) {
        const of = account || region ? ` of ${account ?? 'any account'}/${region ?? 'any region'}` : ''
        throw new UnknownSubnetError(params.subnetId, `the reports${of} of the last ${days} days`)
      }
      return subnetHistorySvg(history)
    }),
  ],
  telemetry,
)
