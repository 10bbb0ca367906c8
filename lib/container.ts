import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDbCatalog } from './adapters/dynamodb/dynamodb-catalog.ts'
import { DynamoDbCatalogStore } from './adapters/dynamodb/dynamodb-catalog-store.ts'
import { powertoolsTelemetry } from './adapters/observability/powertools-telemetry.ts'
import { BundledCatalog } from './adapters/snapshot/bundled-catalog.ts'
import { type Config, parseConfig } from './config.ts'
import { systemClock } from './ports/clock.ts'
import { createCapacityApi } from './services/capacity-api.ts'
import { type CatalogReader, createCatalogReader } from './services/catalog-reader.ts'
import { createInstanceTypesService, type InstanceTypesService } from './services/instance-types.ts'
import { createIpUsageService } from './services/ip-usage.ts'
import { createMaxPodsService } from './services/max-pods.ts'
import { perKey } from './services/per-key.ts'

// Built once per cold start and reused by every invocation of the container. The EC2 client lives in
// container-ec2.ts so that functions which never call EC2 do not bundle it.

let config: Config | undefined
export function appConfig(): Config {
  config ??= parseConfig(process.env)
  return config
}

export const telemetry = powertoolsTelemetry()

let snapshot: BundledCatalog | undefined
export function bundledCatalog(): BundledCatalog {
  snapshot ??= new BundledCatalog()
  return snapshot
}

let dynamoDb: DynamoDBClient | undefined
export function dynamoDbClient(): DynamoDBClient {
  const { dynamoDbEndpoint, dynamoDbRequestTimeoutMs } = appConfig()
  dynamoDb ??= new DynamoDBClient({
    // A stalled table must not hold a request to the gateway's timeout; throwOnRequestTimeout makes the
    // SDK give up instead of only warning, so the read path can fall back to the snapshot.
    requestHandler: { requestTimeout: dynamoDbRequestTimeoutMs, throwOnRequestTimeout: true },
    ...(dynamoDbEndpoint ? { endpoint: dynamoDbEndpoint } : {}),
  })
  return dynamoDb
}

export function catalogStore(): DynamoDbCatalogStore {
  return new DynamoDbCatalogStore(dynamoDbClient(), appConfig().tableName)
}

let catalog: { reader: CatalogReader; instanceTypes: InstanceTypesService } | undefined
/** The catalog read path (memo → DynamoDB → snapshot) and the instance-type lookups on it. */
export function catalogServices() {
  if (catalog) return catalog
  const settings = appConfig()
  const reader = createCatalogReader({
    cacheFor: perKey((region) => new DynamoDbCatalog(dynamoDbClient(), settings.tableName, region)),
    snapshot: bundledCatalog(),
    clock: systemClock,
    telemetry,
    staleAfterMs: settings.catalogStaleAfterMs,
  })
  catalog = { reader, instanceTypes: createInstanceTypesService(reader, settings.defaultRegion) }
  return catalog
}

let capacity: ReturnType<typeof createCapacityApi> | undefined
export function capacityApi() {
  if (capacity) return capacity
  const settings = appConfig()
  const { reader, instanceTypes } = catalogServices()
  capacity = createCapacityApi({
    instanceTypes,
    maxPods: createMaxPodsService(instanceTypes),
    ipUsage: createIpUsageService(instanceTypes),
    reader,
    health: catalogStore(),
    telemetry,
    defaultRegion: settings.defaultRegion,
    version: settings.serviceVersion,
  })
  return capacity
}

/** What the Slack command answers inline with: the catalog, max pods and the instance types. */
export function capacityServicesForSlack() {
  const { reader, instanceTypes } = catalogServices()
  return { reader, instanceTypes, maxPods: createMaxPodsService(instanceTypes) }
}
