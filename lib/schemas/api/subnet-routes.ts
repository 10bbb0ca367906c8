import * as z from 'zod'
import type { RouteSpec } from '../../http/route.ts'
import { PlanRequest, PlanResult } from '../plan.ts'
import { SizingRequest, SizingResult } from '../sizing.ts'
import {
  AnalyzedExports,
  MAX_ANALYZE_BODY_BYTES,
  RegionQuery,
  SubnetExports,
  SubnetList,
  SubnetOrSkipped,
  SubnetParams,
  SubnetsQuery,
} from './subnets.ts'

const SUBNETS = 'Subnets'

/** The subnet-fragmentation API. */
export const subnetRoutes = {
  listSubnets: {
    method: 'get',
    path: '/v1/subnets',
    operationId: 'listSubnets',
    summary: 'Fragmentation summaries of a VPC’s, a cluster’s or listed subnets, worst first',
    tag: SUBNETS,
    query: SubnetsQuery,
    response: SubnetList,
    errors: [400],
  },
  getSubnet: {
    method: 'get',
    path: '/v1/subnets/{subnetId}',
    operationId: 'getSubnet',
    summary: 'Full /28 block analysis of one subnet: states, reservations, owners, drain suggestions',
    description: 'An IPv6-only subnet is not an error: it answers the reason it has no IPv4 blocks.',
    tag: SUBNETS,
    params: SubnetParams,
    query: RegionQuery,
    response: SubnetOrSkipped,
    errors: [400, 404],
  },
  getSubnetMap: {
    method: 'get',
    path: '/v1/subnets/{subnetId}/map.svg',
    operationId: 'getSubnetMap',
    summary: 'The subnet’s /28 block map as a picture',
    tag: SUBNETS,
    params: SubnetParams,
    query: RegionQuery,
    response: z.string(),
    produces: 'image/svg+xml',
    errors: [400, 404],
  },
  analyzeExports: {
    method: 'post',
    path: '/v1/subnets/analyze',
    operationId: 'analyzeSubnetExports',
    summary:
      'Analyse AWS CLI exports posted in the body (describe-subnets, describe-network-interfaces, get-subnet-cidr-reservations)',
    description: `Works on any account's data without giving the service access to it. Bodies over ${MAX_ANALYZE_BODY_BYTES} bytes get 413.`,
    tag: SUBNETS,
    body: SubnetExports,
    maxBodyBytes: MAX_ANALYZE_BODY_BYTES,
    response: AnalyzedExports,
    errors: [400, 413, 415],
  },
  plan: {
    method: 'post',
    path: '/v1/plans',
    operationId: 'postPlan',
    summary: 'Does a cluster fit its subnets? Node groups against free addresses and assignable /28 blocks',
    description:
      'Per node group: max pods (bounded by the smallest type), addresses and /28 blocks per node. Per subnet: demand at max nodes against supply, a verdict (fits, tight under 20% headroom, does-not-fit), the binding limit and how many more nodes fit. Recommendations with their effects computed.',
    tag: SUBNETS,
    body: PlanRequest,
    maxBodyBytes: MAX_ANALYZE_BODY_BYTES,
    response: PlanResult,
    errors: [400, 404, 413, 415],
  },
  sizing: {
    method: 'post',
    path: '/v1/sizing',
    operationId: 'postSizing',
    summary: 'The subnets a planned cluster needs, carved from a VPC’s free space, with prefix reservations',
    description:
      'Per zone: a node subnet (and a pod subnet with custom networking), each the smallest aligned CIDR that holds the demand at max nodes plus the headroom, with prefix-type CIDR reservations for prefix delegation; carved from a new VPC’s CIDRs or an existing VPC’s free space, proved by running the plan on the layout. When the space cannot hold it: what is missing, and whether fewer nodes, prefix delegation or a secondary CIDR would fit.',
    tag: SUBNETS,
    body: SizingRequest,
    maxBodyBytes: MAX_ANALYZE_BODY_BYTES,
    response: SizingResult,
    errors: [400, 404, 413, 415],
  },
} as const satisfies Record<string, RouteSpec>
