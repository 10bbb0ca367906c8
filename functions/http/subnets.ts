import { appConfig, telemetry } from '../../lib/container.ts'
import { planService, sizingService, subnetAnalysis } from '../../lib/container-ec2.ts'
import { httpApi } from '../../lib/http/http-api.ts'
import { route } from '../../lib/http/route.ts'
import { skippedSubnetSvg, subnetMapSvg } from '../../lib/http/subnet-map-svg.ts'
import { subnetRoutes as routes } from '../../lib/schemas/api/subnet-routes.ts'
import type { SubnetsQuery } from '../../lib/schemas/api/subnets.ts'
import { analyseExports } from '../../lib/services/subnet-analysis.ts'

const subnets = subnetAnalysis()
const plans = planService()
const sizing = sizingService()
const defaultRegion = appConfig().defaultRegion

const selectorOf = (query: SubnetsQuery) =>
  query.vpcId
    ? { vpcId: query.vpcId }
    : query.subnetIds
      ? { subnetIds: query.subnetIds }
      : { cluster: query.cluster as string }

export const handler = httpApi(
  [
    route(routes.listSubnets, async ({ query }) => ({
      region: query.region ?? defaultRegion,
      ...(await subnets.summaries(selectorOf(query), query.region)),
    })),
    route(routes.getSubnet, ({ params, query }) => subnets.subnetOrSkipped(params.subnetId, query.region)),
    route(routes.getSubnetMap, async ({ params, query }) => {
      const found = await subnets.subnetOrSkipped(params.subnetId, query.region)
      return 'blockList' in found ? subnetMapSvg(found) : skippedSubnetSvg(found)
    }),
    route(routes.analyzeExports, async ({ body }) => {
      const { analyses, skipped } = analyseExports(body)
      return { subnets: analyses, skipped }
    }),
    route(routes.plan, ({ body }) => plans.plan(body)),
    route(routes.sizing, ({ body }) => sizing.size(body)),
  ],
  telemetry,
)
