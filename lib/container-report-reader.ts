import { SSMClient } from '@aws-sdk/client-ssm'
import { DynamoDbReportStore } from './adapters/dynamodb/dynamodb-report-store.ts'
import { SsmSecureString } from './adapters/ssm/ssm-secure-string.ts'
import { appConfig, dynamoDbClient, telemetry } from './container.ts'
import { ReportLinkKeyError } from './errors.ts'
import { systemClock } from './ports/clock.ts'
import { parseReportScope } from './report-scope-setting.ts'
import type { ReportScope } from './schemas/report.ts'
import { createReportLinks, type ReportLinks } from './services/report-links.ts'
import { createReportReader, type ReportReader } from './services/report-reader.ts'

// What the functions that only read reports need (the JSON routes, the pages): no EC2, STS or SQS client,
// which only the scheduled fan-out and the worker carry (container-reports.ts).

let scope: ReportScope | undefined
/** This deployment's report scope, parsed once: a bad REPORT_SCOPE fails the cold start, not each target. */
export function reportScope(): ReportScope {
  if (!scope) {
    const { scopeSetting, homeRegion } = appConfig().reports
    scope = parseReportScope(scopeSetting, homeRegion)
  }
  return scope
}

let reader: ReportReader | undefined
/** The stored reports of this deployment's scope, with their trends. */
export function reportReader(): ReportReader {
  reader ??= createReportReader({
    scope: reportScope(),
    store: new DynamoDbReportStore(dynamoDbClient(), appConfig().tableName),
    clock: systemClock,
    telemetry,
  })
  return reader
}

let links: ReportLinks | undefined
/** Signed links to report pages: the key from the environment (local runs) or Parameter Store. */
export function reportLinks(): ReportLinks {
  if (links) return links
  const config = appConfig()
  const { linkKey, linkKeyParameter, linkLifetimeSeconds } = config.reports
  const stored = linkKey ? undefined : new SsmSecureString(new SSMClient({}), linkKeyParameter)
  links = createReportLinks({
    key: async () => {
      if (linkKey) return linkKey
      try {
        return await (stored as SsmSecureString).read()
      } catch (error) {
        throw new ReportLinkKeyError(
          `the report link key parameter ${linkKeyParameter} cannot be read: ${(error as Error).message}`,
          { cause: error },
        )
      }
    },
    clock: systemClock,
    lifetimeSeconds: linkLifetimeSeconds,
    publicBaseUrl: config.slack.publicBaseUrl,
  })
  return links
}
