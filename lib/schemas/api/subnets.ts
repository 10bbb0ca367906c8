import * as z from 'zod'
import { SubnetId, VpcId } from '../aws-ids.ts'
import { SubnetExports } from '../ec2-subnet-exports.ts'
import { SkippedSubnet, SubnetAnalysis, SubnetSummary } from '../subnets.ts'
import { Region } from './capacity.ts'

/** Lambda takes at most 6 MB of request; a stated limit below it answers 413 instead of failing. */
export const MAX_ANALYZE_BODY_BYTES = 5 * 1024 * 1024

export const SubnetParams = z.object({ subnetId: SubnetId.meta({ example: 'subnet-demo-fragmented' }) })

export const SubnetsQuery = z
  .object({
    vpcId: VpcId.optional().meta({ example: 'vpc-demo' }),
    subnetIds: z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      )
      .pipe(z.array(SubnetId).min(1).max(200))
      .optional()
      .meta({ description: 'Comma-separated subnet IDs' }),
    cluster: z
      .string()
      .regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, 'expected an EKS cluster name')
      .optional()
      .meta({
        description:
          'Subnets tagged for this cluster (kubernetes.io/cluster/<name>, karpenter.sh/discovery), with its custom-networking subnets',
      }),
    region: Region.optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    const given = [query.vpcId, query.subnetIds, query.cluster].filter((value) => value !== undefined).length
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['vpcId'],
        message: 'give exactly one of vpcId, subnetIds and cluster',
      })
    }
  })
export type SubnetsQuery = z.infer<typeof SubnetsQuery>

export const RegionQuery = z.object({ region: Region.optional() }).strict()

export const SubnetList = z
  .object({
    region: z.string(),
    subnets: z.array(SubnetSummary),
    skipped: z.array(SkippedSubnet),
  })
  .meta({ id: 'SubnetList' })

/** One subnet by ID: its analysis, or for an IPv6-only subnet the entry a list puts under `skipped`. */
export const SubnetOrSkipped = z.union([SubnetAnalysis, SkippedSubnet]).meta({
  id: 'SubnetOrSkipped',
  description:
    'The full analysis; an IPv6-only subnet has no IPv4 /28 blocks and answers {subnetId, vpcId, reason}, as a list reports it under `skipped`',
})

export const AnalyzedExports = z
  .object({ subnets: z.array(SubnetAnalysis), skipped: z.array(SkippedSubnet) })
  .meta({ id: 'AnalyzedExports' })

export { SubnetAnalysis, SubnetExports }
