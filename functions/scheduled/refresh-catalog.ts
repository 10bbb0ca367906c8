import { appConfig, telemetry } from '../../lib/container.ts'
import { catalogRefresher } from '../../lib/container-ec2.ts'
import { lambdaInvocation } from '../../lib/lambda-invocation.ts'

const refresher = catalogRefresher()

/** EventBridge schedule → refresh every configured region; fail the invocation if any region failed. */
export const handler = lambdaInvocation(telemetry, 'catalog refresh', async () => {
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
