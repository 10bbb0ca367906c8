import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DemoVpcInventory } from '../../lib/adapters/demo/demo-vpc.ts'
import { DynamoDbCatalogStore } from '../../lib/adapters/dynamodb/dynamodb-catalog-store.ts'
import { DynamoDbReportStore } from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import { consoleTelemetry } from '../../lib/adapters/observability/console-telemetry.ts'
import { BundledCatalog } from '../../lib/adapters/snapshot/bundled-catalog.ts'
import { SnapshotInstanceTypeSource } from '../../lib/adapters/snapshot/snapshot-instance-type-source.ts'
import { systemClock } from '../../lib/ports/clock.ts'
import { ReportScope } from '../../lib/schemas/report.ts'
import { createCatalogRefresher } from '../../lib/services/refresh-catalog.ts'
import { createReportService } from '../../lib/services/reports.ts'
import { startDynalite } from './dynalite.ts'
import { LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from './local-environment.ts'

/**
 * dynalite in-process on 127.0.0.1 with the table created and the catalog filled through the
 * refresher's write path from the bundled snapshot.
 */
export async function startLocalCatalogDatabase() {
  const database = await startDynalite({
    tableName: TABLE_NAME,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  })
  const { client } = database
  const refresher = createCatalogRefresher({
    source: new SnapshotInstanceTypeSource(new BundledCatalog()),
    store: new DynamoDbCatalogStore(client, TABLE_NAME),
    clock: systemClock,
    telemetry: consoleTelemetry(() => {}),
  })
  const [report] = await refresher.refresh([LOCAL_REGION])
  if (!report?.ok) throw new Error(`could not fill the local catalog: ${report?.error}`)
  await seedReports(client)
  return { ...database, typeCount: report.typesChanged }
}

/**
 * Two fragmentation reports of the demo VPC, a day apart, the second with some drift: the report routes
 * have data and the trends show, with no AWS account.
 */
async function seedReports(client: DynamoDBClient): Promise<void> {
  const store = new DynamoDbReportStore(client, TABLE_NAME)
  const now = Date.now()
  for (const [daysAgo, drift] of [
    [1, 0],
    [0, 150],
  ] as const) {
    const window = new Date(now - daysAgo * 86_400_000)
    window.setUTCSeconds(0, 0)
    const inventory = new DemoVpcInventory({ drift })
    await createReportService({
      scope: ReportScope.parse({ regions: [LOCAL_REGION] }),
      store,
      inventoryFor: async () => inventory,
      telemetry: consoleTelemetry(() => {}),
      clock: { now: () => window },
    }).runAll(window.toISOString())
  }
}
