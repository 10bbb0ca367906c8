import * as z from 'zod'
import { AwsRegion, VpcId } from './aws-ids.ts'
import { OwnerKind } from './subnets.ts'

/** What a scheduled report covers: accounts (by role to assume), regions, and which VPCs. */
export const ReportScope = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')
      .default('default'),
    accounts: z
      .array(
        z
          .object({
            /** Role to assume in the account; absent for the function's own account. */
            roleArn: z
              .string()
              .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN')
              .optional(),
            externalId: z.string().min(2).optional(),
          })
          .strict(),
      )
      .min(1)
      .default([{}]),
    regions: z.array(AwsRegion).min(1),
    vpcIds: z.array(VpcId).optional(),
    clusters: z.array(z.string().min(1)).optional(),
    /** A subnet is at risk below this many assignable /28s, or above this fragmentation score. */
    thresholds: z
      .object({
        assignableBelow: z.number().int().min(0).default(16),
        scoreAbove: z.number().int().min(0).max(100).default(80),
      })
      .strict()
      .default({ assignableBelow: 16, scoreAbove: 80 }),
    notify: z.enum(['at-risk', 'always', 'never']).default('at-risk'),
    retentionDays: z.number().int().positive().default(90),
  })
  .strict()
export type ReportScope = z.infer<typeof ReportScope>

export const ReportTarget = z.object({
  /** The 12-digit account, or `self` for the function's own. */
  account: z.string(),
  roleArn: z.string().optional(),
  externalId: z.string().optional(),
  region: AwsRegion,
})
export type ReportTarget = z.infer<typeof ReportTarget>

export const SubnetReportEntry = z
  .object({
    account: z.string(),
    region: z.string(),
    subnetId: z.string(),
    vpcId: z.string(),
    cidr: z.string(),
    assignableBlocks: z.number().int(),
    freeBlocks: z.number().int(),
    fragmentedBlocks: z.number().int(),
    fragmentationScore: z.number().int().nullable(),
    freeIps: z.number().int(),
    unaccountedAddresses: z.number().int().nullable(),
    worstOwners: z.array(z.object({ kind: OwnerKind, ips: z.number().int() })),
    atRisk: z.boolean(),
    trend: z.object({
      assignableChange: z.number().int().nullable(),
      blocksPerDay: z.number().nullable(),
      daysToExhaustion: z.number().nullable(),
    }),
  })
  .meta({ id: 'SubnetReportEntry' })
export type SubnetReportEntry = z.infer<typeof SubnetReportEntry>

export const TargetResult = z.object({
  account: z.string(),
  region: z.string(),
  status: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
  scannedAt: z.string(),
  subnets: z.array(SubnetReportEntry.omit({ trend: true })),
})
export type TargetResult = z.infer<typeof TargetResult>

export const Report = z
  .object({
    reportId: z.string(),
    scope: z.string(),
    window: z.string().meta({
      description: 'The scheduled time the report stands for; re-runs of a window replace, never duplicate',
    }),
    complete: z.boolean().meta({ description: 'Every target has answered (ok or failed)' }),
    targets: z.array(TargetResult.omit({ subnets: true }).extend({ subnets: z.number().int() })),
    subnets: z.array(SubnetReportEntry),
    subnetsAtRisk: z.number().int(),
  })
  .meta({ id: 'Report' })
export type Report = z.infer<typeof Report>

/**
 * An at-risk subnet's /28 blocks as a report keeps them, for the report page's block map: two characters
 * per block (state and reservation, then used addresses), see lib/domain/block-map-code.ts.
 */
export const StoredBlockMap = z.object({
  account: z.string(),
  region: z.string(),
  subnetId: z.string(),
  cidr: z.string(),
  fragmentationScore: z.number().int().nullable(),
  largestFreeCidr: z.string().nullable(),
  blocks: z.string(),
})
export type StoredBlockMap = z.infer<typeof StoredBlockMap>
