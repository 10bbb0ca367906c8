import { appConfig, telemetry } from '../../lib/container.ts'
import { catalogRefresher } from '../../lib/container-ec2.ts'
import { lambdaInvocation } from '../../lib/lambda-invocation.ts'
import { CATALOG_AGE_CHECK } from '../../lib/services/refresh-catalog.ts'

const refresher = catalogRefresher()

/**
 * EventBridge schedules → refresh every configured region, failing the invocation if any region failed;
 * or, on the hourly check, only report how old the catalog is.
 */
export const handler = lambdaInvocation(telemetry, 'catalog refresh', async (event: unknown) => {
  if ((event as { check?: unknown } | null)?.check === CATALOG_AGE_CHECK.check) {
    return { catalogAgeHours: (await refresher.reportAge(appConfig().catalogRegions)) ?? null }
  }
  const reports = await refresher.refresh(appConfig().catalogRegions)
  const failed = reports.filter((report) => !report.ok)
  if (failed.length > 0) {
    // Failing the invocation raises the Lambda Errors metric; the previous catalogs are intact.
    throw new Error(
      `catalog refresh failed for ${failed.map((report) => `${report.region} (${report.error})`).join(', ')}`,
    )
  }
  return reports
})
