import { capacityApi, telemetry } from '../../lib/container.ts'
import { httpApi } from '../../lib/http/http-api.ts'
import { route } from '../../lib/http/route.ts'
import { capacityRoutes as routes } from '../../lib/schemas/api/capacity-routes.ts'

const api = capacityApi()

export const handler = httpApi(
  [
    route(routes.listInstanceTypes, ({ query }) => api.listInstanceTypes(query)),
    route(routes.getInstanceType, ({ params, query }) =>
      api.getInstanceType(params.instanceType, query.region),
    ),
    route(routes.maxPodsForInstanceType, ({ params, query }) => api.maxPodsFor(params.instanceType, query)),
    route(routes.maxPodsBatch, ({ body }) => api.maxPodsBatch(body)),
    route(routes.ipUsage, ({ body }) => api.ipUsage(body)),
    route(routes.health, () => api.health()),
  ],
  telemetry,
)
