import * as z from 'zod'
import { AwsRegion } from '../aws-ids.ts'
import { EmittedConfiguration, emitField } from '../configuration.ts'
import { InstanceTypeRecord } from '../instance-type.ts'
import { IpUsageRequest, IpUsageResult } from '../ip-usage.ts'
import {
  CniVersion,
  IpFamily,
  KarpenterAmiFamily,
  MaxPodsProfile,
  MaxPodsResult,
  MaxPodsSettingsPatch,
  NodeGroupMaxPods,
} from '../max-pods.ts'
import { booleanParam, integerParam, pageCursor } from './query-params.ts'

// Requests and answers of the capacity API. Query strings arrive as text, so their schemas convert
// (query-params.ts); bodies arrive as JSON and use the typed schemas directly.

export const Region = AwsRegion.meta({
  description: 'AWS region whose catalog answers (default: the service region)',
  example: 'us-east-1',
})

export const InstanceTypeName = z
  .string()
  .min(1)
  .max(64)
  .meta({ description: 'An EC2 instance type', example: 'm5.large' })

export const InstanceTypeParams = z.object({ instanceType: InstanceTypeName })

export const CatalogInfo = z
  .object({
    source: z
      .enum(['dynamodb', 'snapshot'])
      .meta({ description: 'Which catalog answered: the refreshed cache or the bundled snapshot' }),
    region: z.string().nullable(),
    refreshedAt: z.string().nullable().meta({
      description: 'When the facts were last refreshed from EC2 (the snapshot: the day it was captured)',
    }),
    stale: z.boolean().meta({
      description: 'True for the snapshot fallback and for a cache not refreshed within the staleness window',
    }),
  })
  .meta({ id: 'CatalogInfo' })
export type CatalogInfo = z.infer<typeof CatalogInfo>

export const MAX_PAGE_SIZE = 1000
export const DEFAULT_PAGE_SIZE = 100

export const InstanceTypesQuery = z
  .object({
    family: z.string().min(1).optional().meta({ description: 'Only this family, e.g. m5' }),
    minVcpus: integerParam('Only types with at least this many vCPUs', { min: 1 }),
    prefixDelegationCapable: booleanParam(
      'Only types where prefix delegation applies (Nitro or bare metal), or only those where it does not',
    ),
    trunking: booleanParam('Only types that can (or cannot) run pods with security groups'),
    limit: integerParam(`Page size, at most ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`, {
      min: 1,
      max: MAX_PAGE_SIZE,
    }),
    cursor: pageCursor(z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/)),
    region: Region.optional(),
  })
  .strict()
export type InstanceTypesQuery = z.infer<typeof InstanceTypesQuery>

export const InstanceTypePage = z
  .object({
    items: z.array(InstanceTypeRecord),
    nextCursor: z.string().nullable(),
    catalog: CatalogInfo,
  })
  .meta({ id: 'InstanceTypePage' })

export const InstanceTypeLifecycle = z
  .object({
    updatedAt: z.string().meta({ description: 'When these facts last changed' }),
    seenAt: z.string().meta({ description: 'When a refresh last wrote this record' }),
    missingSince: z
      .string()
      .nullable()
      .meta({ description: 'First refresh whose answer lacked this type; null while EC2 lists it' }),
  })
  .meta({ id: 'InstanceTypeLifecycle' })
export type InstanceTypeLifecycle = z.infer<typeof InstanceTypeLifecycle>

export const InstanceTypeDetail = z
  .object({
    facts: InstanceTypeRecord,
    lifecycle: InstanceTypeLifecycle.nullable(),
    catalog: CatalogInfo,
    catalogSource: z.string().meta({
      description:
        "Where the catalog as a whole came from, in words; `facts.sources` says where this type's own facts came from",
    }),
  })
  .meta({ id: 'InstanceTypeDetail' })

export const MaxPodsQuery = z
  .object({
    profile: MaxPodsProfile.optional().meta({
      description: 'Whose rule: calculator (default), eni-max-pods, nodeadm, karpenter',
    }),
    cniVersion: CniVersion.optional().meta({
      description: 'VPC CNI version, MAJOR.MINOR.PATCH',
      example: '1.19.2',
    }),
    prefixDelegation: booleanParam('ENABLE_PREFIX_DELEGATION'),
    customNetworking: booleanParam('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'),
    maxEni: integerParam('MAX_ENI: use at most this many ENIs', { min: 1 }),
    showMaxAllowed: booleanParam('Do not apply the 110/250 recommended ceiling'),
    securityGroupsForPods: booleanParam('ENABLE_POD_ENI: report trunk and branch ENI capacity'),
    ipFamily: IpFamily.optional().meta({ description: 'ipv4 (default) or ipv6' }),
    reservedEnis: integerParam('Karpenter reservedENIs', { min: 0 }),
    podsPerCore: integerParam('Karpenter podsPerCore; 0 sets no per-core cap', { min: 0 }),
    amiFamily: KarpenterAmiFamily.optional().meta({
      description:
        'Karpenter amiFamily (karpenter profile): AL2023 (default), AL2, Custom (ENI-limited, capped by podsPerCore); Bottlerocket (ENI-limited, ignores podsPerCore); Windows2019/2022/2025 (110, capped by podsPerCore)',
    }),
    region: Region.optional(),
    emit: emitField(),
  })
  .strict()
export type MaxPodsQuery = z.infer<typeof MaxPodsQuery>

export const MaxPodsAnswer = MaxPodsResult.extend({
  catalog: CatalogInfo,
  configuration: EmittedConfiguration.optional(),
}).meta({ id: 'MaxPodsAnswer' })

export const MAX_BATCH_REQUESTS = 500

const BatchItem = z.union([
  z.object({ instanceType: InstanceTypeName, settings: MaxPodsSettingsPatch.optional() }).strict(),
  z
    .object({
      nodeGroup: z
        .array(InstanceTypeName)
        .min(1)
        .max(50)
        .meta({ description: 'Instance types of one node group' }),
      settings: MaxPodsSettingsPatch.optional(),
    })
    .strict(),
])

export const MaxPodsBatchRequest = z
  .object({
    region: Region.optional(),
    settings: MaxPodsSettingsPatch.optional().meta({
      description: 'Settings for every request; a request’s own settings override them field by field',
    }),
    requests: z.array(BatchItem).min(1).max(MAX_BATCH_REQUESTS),
  })
  .strict()
  .meta({ id: 'MaxPodsBatchRequest' })
export type MaxPodsBatchRequest = z.infer<typeof MaxPodsBatchRequest>

export const MaxPodsBatchAnswer = z
  .object({
    results: z.array(
      z.union([
        z.object({ kind: z.literal('instance-type'), result: MaxPodsResult }),
        z.object({ kind: z.literal('node-group'), result: NodeGroupMaxPods }),
      ]),
    ),
    catalog: CatalogInfo,
  })
  .meta({ id: 'MaxPodsBatchAnswer' })

export const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    catalog: z.object({
      dynamodb: z.enum(['ok', 'unreachable', 'empty']),
      region: z.string(),
      refreshedAt: z.string().nullable(),
      typeCount: z.number().int().min(0),
      lastError: z.string().nullable(),
    }),
  })
  .meta({ id: 'Health' })

export const IpUsageBody = IpUsageRequest.extend({ emit: emitField() })
  .strict()
  .meta({ id: 'IpUsageRequest' })
export type IpUsageBody = z.infer<typeof IpUsageBody>

export const IpUsageAnswer = IpUsageResult.extend({
  catalog: CatalogInfo,
  configuration: EmittedConfiguration.optional(),
}).meta({ id: 'IpUsageAnswer' })
