import * as z from 'zod'
import type { RouteSpec } from '../../http/route.ts'
import { ReportIdParams, Scope } from './report-routes.ts'

const REPORTS = 'Reports'

/** The proof a report page's link carries: it opens that page, until then, and nothing else. */
const PageLink = {
  expires: z
    .string()
    .max(20)
    .optional()
    .meta({ description: 'When the link stops opening the page (seconds since the epoch), as signed' }),
  signature: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'HMAC-SHA256 of the page and the expiry (base64url), made by the service' }),
}
const PAGE_DESCRIPTION =
  'An HTML page for people (no script but the table sorter served from here, no external asset). A browser cannot sign SigV4: the page opens only with the expiring link the service signs (in the Slack summary), and answers 401 to any other; a link opens its own page only.'

/** Reports as pages for people, opened by signed links (no IAM: a browser cannot sign SigV4). */
export const reportPageRoutes = {
  latestReportPage: {
    method: 'get',
    path: '/reports/latest',
    operationId: 'getLatestReportPage',
    summary:
      'The newest report as a page: subnets at risk with trends and block maps, every subnet in a table',
    description: PAGE_DESCRIPTION,
    tag: REPORTS,
    query: z.object({ scope: Scope, ...PageLink }).strict(),
    response: z.string(),
    produces: 'text/html',
    access: 'signed-link',
    errors: [400, 401, 404, 503],
  },
  reportPage: {
    method: 'get',
    path: '/reports/{reportId}',
    operationId: 'getReportPage',
    summary: 'One report as a page: subnets at risk with trends and block maps, every subnet in a table',
    description: PAGE_DESCRIPTION,
    tag: REPORTS,
    params: ReportIdParams,
    query: z.object(PageLink).strict(),
    response: z.string(),
    produces: 'text/html',
    access: 'signed-link',
    errors: [400, 401, 404, 503],
  },
} as const satisfies Record<string, RouteSpec>
