import * as z from 'zod'
import type { RouteSpec } from '../../http/route.ts'
import {
  Health,
  InstanceTypeDetail,
  InstanceTypePage,
  InstanceTypeParams,
  InstanceTypesQuery,
  IpUsageAnswer,
  IpUsageBody,
  MaxPodsAnswer,
  MaxPodsBatchAnswer,
  MaxPodsBatchRequest,
  MaxPodsQuery,
  Region,
} from './capacity.ts'

const CAPACITY = 'Capacity'

/** The capacity API, route by route. Handlers, validation and openapi.yaml are all derived from this. */
export const capacityRoutes = {
  listInstanceTypes: {
    method: 'get',
    path: '/v1/instance-types',
    operationId: 'listInstanceTypes',
    summary: 'List instance types with their network limits',
    tag: CAPACITY,
    query: InstanceTypesQuery,
    response: InstanceTypePage,
    errors: [400],
  },
  getInstanceType: {
    method: 'get',
    path: '/v1/instance-types/{instanceType}',
    operationId: 'getInstanceType',
    summary: 'One instance type: its facts and where they came from',
    tag: CAPACITY,
    params: InstanceTypeParams,
    query: z.object({ region: Region.optional() }).strict(),
    response: InstanceTypeDetail,
    errors: [400, 404],
  },
  maxPodsForInstanceType: {
    method: 'get',
    path: '/v1/instance-types/{instanceType}/max-pods',
    operationId: 'getMaxPods',
    summary: 'Max pods for one instance type, explained step by step',
    description:
      'The default profile follows the EKS max-pods calculator exactly (110/250 ceilings); eni-max-pods, nodeadm and karpenter follow those bootstraps.',
    tag: CAPACITY,
    params: InstanceTypeParams,
    query: MaxPodsQuery,
    response: MaxPodsAnswer,
    errors: [400, 404],
  },
  maxPodsBatch: {
    method: 'post',
    path: '/v1/max-pods',
    operationId: 'postMaxPods',
    summary: 'Max pods for many instance types and node groups at once',
    description: 'A node group gets the smallest max pods of its types and names the type that bounds it.',
    tag: CAPACITY,
    body: MaxPodsBatchRequest,
    response: MaxPodsBatchAnswer,
    errors: [400, 404, 413, 415],
  },
  ipUsage: {
    method: 'post',
    path: '/v1/ip-usage',
    operationId: 'postIpUsage',
    summary: 'IPv4 addresses and /28 prefixes one node really holds, after the CNI warm pool',
    description:
      'Steady state after scaling up to `pods`, and the peak at kubelet max pods, for every CNI mode (WARM_ENI_TARGET, WARM_IP_TARGET/MINIMUM_IP_TARGET, WARM_PREFIX_TARGET, IPv6), with custom networking and security groups for pods.',
    tag: CAPACITY,
    body: IpUsageBody,
    response: IpUsageAnswer,
    errors: [400, 404, 413, 415],
  },
  health: {
    method: 'get',
    path: '/v1/health',
    operationId: 'getHealth',
    summary: 'Service and catalog cache health',
    tag: 'Service',
    // No parameters: any is refused, as on every route, rather than silently ignored.
    query: z.object({}).strict(),
    response: Health,
    errors: [400],
  },
} as const satisfies Record<string, RouteSpec>
