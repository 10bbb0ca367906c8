import { EC2Client } from '@aws-sdk/client-ec2'
import { Ec2InstanceTypeSource } from './adapters/ec2/ec2-instance-type-source.ts'
import { appConfig, bundledCatalog, catalogStore, telemetry } from './container.ts'
import { systemClock } from './ports/clock.ts'
import { createCatalogRefresher } from './services/refresh-catalog.ts'

const ec2Clients = new Map<string, EC2Client>()

/** One EC2 client per region, with adaptive retries: scans must ride out throttling, not fail on it. */
export function ec2ClientFor(region: string): EC2Client {
  let client = ec2Clients.get(region)
  if (!client) {
    const { ec2Endpoint, ec2MaxAttempts } = appConfig()
    client = new EC2Client({
      region,
      retryMode: 'adaptive',
      maxAttempts: ec2MaxAttempts,
      ...(ec2Endpoint ? { endpoint: ec2Endpoint } : {}),
    })
    ec2Clients.set(region, client)
  }
  return client
}

let refresher: ReturnType<typeof createCatalogRefresher> | undefined
export function catalogRefresher() {
  refresher ??= createCatalogRefresher({
    source: new Ec2InstanceTypeSource(ec2ClientFor, (name) => bundledCatalog().trunkingOf(name)),
    store: catalogStore(),
    clock: systemClock,
    telemetry,
  })
  return refresher
}
