import * as z from 'zod'
import type { RouteSpec } from '../../http/route.ts'
import { AwsRegion, SubnetId } from '../aws-ids.ts'
import { Report } from '../report.ts'
import { integerParam, pageCursor } from './query-params.ts'

const REPORTS = 'Reports'
export const DEFAULT_REPORT_PAGE_SIZE = 20
const MAX_REPORT_PAGE_SIZE = 100
export const Scope = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a report scope name')
  .optional()
  .meta({
    description: 'The report scope (default: the configured one)',
  })

/** An instant in the form report windows are stored in (`Date.toISOString()`), or undefined. */
function storedForm(text: string): string | undefined {
  const at = new Date(text)
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString()
}

/**
 * A time in a query, in any ISO 8601 UTC spelling, normalised to the stored form: `06:00:00Z` and
 * `06:00:00.000Z` are one instant, and only one spelling compares correctly as text.
 */
const Instant = (description: string) =>
  z.iso
    .datetime()
    .transform((text, ctx) => {
      const stored = storedForm(text)
      if (stored !== undefined) return stored
      ctx.addIssue({ code: 'custom', message: 'not an instant' })
      return z.NEVER
    })
    .optional()
    .meta({ description })

/** A report window as stored, and as a cursor carries it. */
const ReportWindow = z.string().refine((text) => storedForm(text) === text)

const ListReportsQuery = z
  .object({
    scope: Scope,
    since: Instant('Reports of this time or later (ISO 8601, UTC)'),
    until: Instant('Reports of this time or earlier (ISO 8601, UTC)'),
    limit: integerParam(`Page size, at most ${MAX_REPORT_PAGE_SIZE} (default ${DEFAULT_REPORT_PAGE_SIZE})`, {
      min: 1,
      max: MAX_REPORT_PAGE_SIZE,
    }),
    cursor: pageCursor(ReportWindow),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.since !== undefined && query.until !== undefined && query.since > query.until) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'is after until' })
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'is before since' })
    }
    // A cursor of this listing is the window of an item in it, so it lies between since and until.
    // Before since it would reach the store as an inverted key range (DynamoDB refuses it: a 500);
    // after until it would list reports past until.
    const outside =
      query.cursor !== undefined &&
      ((query.since !== undefined && query.cursor < query.since) ||
        (query.until !== undefined && query.cursor > query.until))
    if (outside)
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'not a cursor of this since–until range' })
  })

const ReportList = z
  .object({
    items: z.array(
      z.object({ reportId: z.string(), window: z.string(), createdAt: z.string(), complete: z.boolean() }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ReportList' })

export const DEFAULT_HISTORY_DAYS = 30
/** Reports are kept for the scope's retention; past 90 days a chart is hundreds of reads for one picture. */
const MAX_HISTORY_DAYS = 90

const SubnetHistoryQuery = z
  .object({
    days: integerParam(
      `Days of reports to draw, at most ${MAX_HISTORY_DAYS} (default ${DEFAULT_HISTORY_DAYS})`,
      {
        min: 1,
        max: MAX_HISTORY_DAYS,
      },
    ),
    account: z
      .string()
      .regex(/^([0-9]{12}|self)$/, 'expected a 12-digit account ID, or self')
      .optional()
      .meta({
        description: 'The account whose subnet to draw, when the id is in several (self: this account)',
      }),
    region: AwsRegion.optional().meta({
      description: 'The region whose subnet to draw, when the id is in several',
      example: 'us-east-1',
    }),
  })
  .strict()

export const ReportIdParams = z.object({
  reportId: z.string().min(3).max(200).meta({ example: 'default@2026-11-22T06:00:00.000Z' }),
})

/** Scheduled subnet-fragmentation reports. */
export const reportRoutes = {
  latestReport: {
    method: 'get',
    path: '/v1/reports/latest',
    operationId: 'getLatestReport',
    summary: 'The newest fragmentation report, with trends',
    tag: REPORTS,
    query: z.object({ scope: Scope }).strict(),
    response: Report,
    errors: [400, 404],
  },
  listReports: {
    method: 'get',
    path: '/v1/reports',
    operationId: 'listReports',
    summary: 'Reports between two times, newest first',
    tag: REPORTS,
    query: ListReportsQuery,
    response: ReportList,
    errors: [400, 404],
  },
  getReport: {
    method: 'get',
    path: '/v1/reports/{reportId}',
    operationId: 'getReport',
    summary: 'One report: every target and subnet, with trends and days to exhaustion',
    tag: REPORTS,
    params: ReportIdParams,
    response: Report,
    errors: [400, 404],
  },
  getSubnetHistory: {
    method: 'get',
    path: '/v1/subnets/{subnetId}/history.svg',
    operationId: 'getSubnetHistoryChart',
    summary: 'The subnet’s trend in the stored reports as a picture: assignable /28 blocks, free IPs, score',
    description:
      'An SVG with no script and no external asset, for wikis and dashboards. A subnet no report of those days has is a 404.',
    tag: REPORTS,
    params: z.object({ subnetId: SubnetId.meta({ example: 'subnet-demo-fragmented' }) }),
    query: SubnetHistoryQuery,
    response: z.string(),
    produces: 'image/svg+xml',
    errors: [400, 404],
  },
} as const satisfies Record<string, RouteSpec>
