import { InvalidInputError } from './errors.ts'
import { fieldIssues } from './schemas/field-issues.ts'
import { ReportScope } from './schemas/report.ts'

// Apart from the rest of the configuration so that functions without reports never build the report and
// subnet schemas at cold start (they cost the capacity function about a tenth of its load time).

/** The report scope, checked at cold start so a bad setting fails loudly once, not per target. */
export function parseReportScope(text: string | undefined, region: string): ReportScope {
  let json: unknown = { regions: [region] }
  if (text !== undefined && text.trim() !== '') {
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new InvalidInputError([
        { field: 'REPORT_SCOPE', message: `not JSON (${(error as Error).message})` },
      ])
    }
  }
  const parsed = ReportScope.safeParse(json)
  if (!parsed.success) {
    throw new InvalidInputError(
      fieldIssues(parsed.error, '').map((issue) => ({
        field: issue.field ? `REPORT_SCOPE.${issue.field}` : 'REPORT_SCOPE',
        message: issue.message,
      })),
    )
  }
  return parsed.data
}
