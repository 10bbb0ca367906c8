import { DemoClusterSource } from './adapters/demo/demo-cluster.ts'
import { DemoVpcInventory } from './adapters/demo/demo-vpc.ts'
import { Ec2InstanceTypeSource } from './adapters/ec2/ec2-instance-type-source.ts'
import { Ec2SubnetInventory } from './adapters/ec2/ec2-subnet-inventory.ts'
import { scanClient } from './adapters/ec2/scan-client.ts'
import { eksClient } from './adapters/eks/eks-client.ts'
import { EksClusterSource } from './adapters/eks/eks-cluster-source.ts'
import { ResponseUrlResponder } from './adapters/slack/response-url-responder.ts'
import { appConfig, bundledCatalog, catalogServices, catalogStore, telemetry } from './container.ts'
import { reportLinks, reportReader } from './container-report-reader.ts'
import { systemClock } from './ports/clock.ts'
import type { ClusterSource } from './ports/cluster-source.ts'
import type { SubnetInventory } from './ports/subnet-inventory.ts'
import type { VpcCidrs } from './ports/vpc-cidrs.ts'
import { perKey } from './services/per-key.ts'
import { createPlanService } from './services/plan.ts'
import { createCatalogRefresher } from './services/refresh-catalog.ts'
import { createSizingService } from './services/sizing.ts'
import { createSubnetAnalysisService } from './services/subnet-analysis.ts'
import { createSlackWorker } from './slack/slack-service.ts'

/** One EC2 client per region, with adaptive retries: scans must ride out throttling, not fail on it. */
const ec2ClientFor = perKey((region) => {
  const { ec2Endpoint, ec2MaxAttempts } = appConfig()
  return scanClient({ region, endpoint: ec2Endpoint, maxAttempts: ec2MaxAttempts })
})

let refresher: ReturnType<typeof createCatalogRefresher> | undefined
export function catalogRefresher() {
  refresher ??= createCatalogRefresher({
    source: new Ec2InstanceTypeSource(ec2ClientFor, () => bundledCatalog().trunkingByType()),
    store: catalogStore(),
    clock: systemClock,
    telemetry,
  })
  return refresher
}

/** One EKS client per region, retried as the scans' EC2 clients are; AWS_ENDPOINT_URL_EKS where set. */
const eksClientFor = perKey((region) => eksClient({ region, maxAttempts: appConfig().ec2MaxAttempts }))

let inventory: (SubnetInventory & VpcCidrs) | undefined
function subnetInventory(): SubnetInventory & VpcCidrs {
  inventory ??=
    appConfig().subnetInventory === 'demo' ? new DemoVpcInventory() : new Ec2SubnetInventory(ec2ClientFor)
  return inventory
}

let subnets: ReturnType<typeof createSubnetAnalysisService> | undefined
export function subnetAnalysis() {
  subnets ??= createSubnetAnalysisService(subnetInventory, appConfig().defaultRegion)
  return subnets
}

let clusters: ClusterSource | undefined
function clusterSource(): ClusterSource {
  clusters ??=
    appConfig().subnetInventory === 'demo'
      ? new DemoClusterSource()
      : new EksClusterSource({ eks: eksClientFor, ec2: ec2ClientFor })
  return clusters
}

let plans: ReturnType<typeof createPlanService> | undefined
export function planService() {
  plans ??= createPlanService({
    instanceTypes: catalogServices().instanceTypes,
    subnets: subnetAnalysis(),
    defaultRegion: appConfig().defaultRegion,
    clusters: clusterSource,
    inventory: subnetInventory,
  })
  return plans
}

let sizing: ReturnType<typeof createSizingService> | undefined
export function sizingService() {
  sizing ??= createSizingService({
    plans: planService(),
    instanceTypes: catalogServices().instanceTypes,
    inventory: subnetInventory,
    defaultRegion: appConfig().defaultRegion,
  })
  return sizing
}

let slackWorker: ReturnType<typeof createSlackWorker> | undefined
export function slackWorkerService() {
  slackWorker ??= createSlackWorker({
    subnets: subnetAnalysis(),
    plans: planService(),
    sizing: sizingService(),
    responder: new ResponseUrlResponder(),
    telemetry,
    publicBaseUrl: appConfig().slack.publicBaseUrl,
    reports: {
      latest: () => reportReader().latest(),
      pageUrl: (reportId) => reportLinks().urlOf({ reportId }),
    },
  })
  return slackWorker
}
