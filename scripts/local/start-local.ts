import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
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

export const LOCAL_STAGE = 'local'
/** The Slack signing secret `npm start` accepts unless SLACK_SIGNING_SECRET says otherwise (npm run slack:sign uses it). */
export const LOCAL_SLACK_SIGNING_SECRET = 'local-slack-signing-secret'
export const LOCAL_REGION = 'us-east-1'
export const TABLE_NAME = `eks-ip-capacity-${LOCAL_STAGE}`
/** serverless-offline bundles with esbuild on start; give a slow machine time. */
const READY_TIMEOUT_MS = 120_000
// Nothing here talks to AWS; the SDK still wants credentials to sign requests to the local DynamoDB.
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

export interface LocalService {
  url: string
  dynamoDbEndpoint: string
  stop(): Promise<void>
}

/**
 * The whole service on this machine: dynalite in-process, the table, the catalog filled through the
 * refresher's write path from the bundled snapshot, and the HTTP API through serverless-offline.
 */
export async function startLocal(options: {
  port: number
  lambdaPort: number
  log?: (line: string) => void
}): Promise<LocalService> {
  const log = options.log ?? ((line: string) => console.log(line))
  const database = await startLocalCatalogDatabase()
  const dynamoDbEndpoint = database.endpoint
  const subnetInventory = process.env.SUBNET_INVENTORY === 'ec2' ? 'ec2' : 'demo'
  const url = `http://127.0.0.1:${options.port}`
  log(`catalog: ${database.typeCount} instance types written to DynamoDB (dynalite) at ${dynamoDbEndpoint}`)

  const offline = spawn(
    process.execPath,
    [
      'node_modules/serverless/bin/serverless.js',
      'offline',
      'start',
      '--stage',
      LOCAL_STAGE,
      '--region',
      LOCAL_REGION,
      '--httpPort',
      String(options.port),
      '--lambdaPort',
      String(options.lambdaPort),
      // The local settings below reach the functions from this process's environment: serverless.yml
      // reads nothing from the shell, so that a deployer's shell never ships to AWS.
      '--localEnvironment',
      `--param=publicBaseUrl=${url}`,
    ],
    {
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: dynamoDbEndpoint,
        AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
        SUBNET_INVENTORY: subnetInventory,
        SLACK_SIGNING_SECRET: process.env.SLACK_SIGNING_SECRET ?? LOCAL_SLACK_SIGNING_SECRET,
        LAMBDA_ENDPOINT: `http://127.0.0.1:${options.lambdaPort}`,
        // The demo VPC needs no AWS: sign local calls with made-up keys. With SUBNET_INVENTORY=ec2 the
        // caller's own credentials are kept for EC2 (dynalite accepts any signature).
        ...(subnetInventory === 'demo'
          ? {
              AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
              AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
            }
          : {}),
        SLS_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const output: string[] = []
  for (const stream of [offline.stdout, offline.stderr])
    stream?.on('data', (chunk) => output.push(String(chunk)))

  const stop = async () => {
    await stopProcess(offline)
    await database.stop()
  }
  try {
    await waitUntilServing(`${url}/v1/health`, offline)
  } catch (error) {
    await stop()
    throw new Error(
      `serverless-offline did not start: ${(error as Error).message}\n${output.join('').slice(-4000)}`,
    )
  }
  return { url, dynamoDbEndpoint, stop }
}

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

async function waitUntilServing(healthUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with status ${child.exitCode}`)
    try {
      const response = await fetch(healthUrl)
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250))
  }
  throw new Error(`no answer from ${healthUrl} within ${READY_TIMEOUT_MS / 1000} s`)
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGINT')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
