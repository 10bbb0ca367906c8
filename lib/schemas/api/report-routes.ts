import { z } from 'zod'
import type { RouteSpec } from '../../http/route.ts'
import { Report } from '../report.ts'

const REPORTS = 'Reports'
const Scope = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a report scope name')
  .optional()
  .meta({
    description: 'The report scope (default: the configured one)',
  })

const ReportList = z
  .object({
    items: z.array(
      z.object({ reportId: z.string(), window: z.string(), createdAt: z.string(), complete: z.boolean() }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ReportList' })

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
    query: z
      .object({
        scope: Scope,
        since: z.iso.datetime().optional(),
        until: z.iso.datetime().optional(),
        limit: z.coerce.number().int().min(1).max(100).optional(),
        cursor: z.string().min(1).optional().meta({ description: 'nextCursor of the previous page' }),
      })
      .strict(),
    response: ReportList,
    errors: [400, 404],
  },
  getReport: {
    method: 'get',
    path: '/v1/reports/{reportId}',
    operationId: 'getReport',
    summary: 'One report: every target and subnet, with trends and days to exhaustion',
    tag: REPORTS,
    params: z.object({
      reportId: z.string().min(3).max(200).meta({ example: 'default@2026-11-22T06:00:00.000Z' }),
    }),
    response: Report,
    errors: [400, 404],
  },
} as const satisfies Record<string, RouteSpec>
