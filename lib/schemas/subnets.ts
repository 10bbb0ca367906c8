import * as z from 'zod'

// Subnets, their ENIs and CIDR reservations as the analysis sees them (SDK and export shapes are turned
// into these at the edge), and the analysis itself.

export const SubnetFacts = z.object({
  subnetId: z.string(),
  vpcId: z.string(),
  availabilityZone: z.string(),
  /** The IPv4 CIDR; null for an IPv6-only subnet. */
  cidr: z.string().nullable(),
  ipv6Cidrs: z.array(z.string()),
  /** EC2's own count, for reconciliation; null when not known (hand-made inputs). */
  availableIpAddressCount: z.number().int().min(0).nullable(),
  tags: z.record(z.string(), z.string()),
})
export type SubnetFacts = z.infer<typeof SubnetFacts>

export const EniFacts = z.object({
  networkInterfaceId: z.string(),
  subnetId: z.string(),
  /** EC2's InterfaceType as the API returns it (`interface`, `trunk`, `branch`, `nat_gateway`, …). */
  interfaceType: z.string(),
  description: z.string(),
  /** `in-use`, `available`, … */
  status: z.string(),
  instanceId: z.string().nullable(),
  deviceIndex: z.number().int().nullable(),
  requesterManaged: z.boolean(),
  /** Primary private IP first. */
  privateIps: z.array(z.string()),
  ipv4Prefixes: z.array(z.string()),
  tags: z.record(z.string(), z.string()),
})
export type EniFacts = z.infer<typeof EniFacts>

export const CIDR_RESERVATION_TYPES = ['prefix', 'explicit'] as const
export const CidrReservationFacts = z.object({
  reservationId: z.string(),
  subnetId: z.string(),
  cidr: z.string(),
  type: z.enum(CIDR_RESERVATION_TYPES),
})
export type CidrReservationFacts = z.infer<typeof CidrReservationFacts>

export const BLOCK_STATES = ['free', 'fragmented', 'full', 'awsReserved', 'prefixAllocated'] as const
export const BlockState = z.enum(BLOCK_STATES)
export type BlockState = z.infer<typeof BlockState>

export const SubnetBlock = z
  .object({
    cidr: z.string(),
    state: BlockState,
    usedIps: z.number().int().min(0).max(16),
    inPrefixReservation: z.boolean(),
    inExplicitReservation: z.boolean(),
  })
  .meta({ id: 'SubnetBlock', description: 'One aligned /28 of the subnet' })
export type SubnetBlock = z.infer<typeof SubnetBlock>

export const OWNER_KINDS = [
  'eks-pod-eni',
  'ec2-primary',
  'ec2-secondary',
  'trunk',
  'branch',
  'lambda',
  'nat-gateway',
  'load-balancer',
  'vpc-endpoint',
  'rds',
  'orphaned',
  'other',
] as const
export const OwnerKind = z.enum(OWNER_KINDS)
export type OwnerKind = z.infer<typeof OwnerKind>

export const BlockCounts = z.object({
  total: z.number().int().min(0),
  free: z.number().int().min(0),
  fragmented: z.number().int().min(0),
  full: z.number().int().min(0),
  awsReserved: z.number().int().min(0),
  prefixAllocated: z.number().int().min(0),
  inPrefixReservation: z.number().int().min(0),
  inExplicitReservation: z.number().int().min(0),
  /** Free blocks that automatic prefix delegation can take: not in an explicit reservation. */
  assignable: z.number().int().min(0),
})
export type BlockCounts = z.infer<typeof BlockCounts>

export const SubnetSummary = z
  .object({
    subnetId: z.string(),
    vpcId: z.string(),
    availabilityZone: z.string(),
    cidr: z.string(),
    dualStack: z.boolean(),
    blocks: BlockCounts,
    /** Never negative: each used address is counted once, and none of the five AWS keeps. */
    freeIps: z.number().int().min(0),
    usedIps: z.number().int().min(0),
    /** The longest run of assignable blocks (free, outside explicit reservations). */
    largestFreeRun: z.object({
      blocks: z.number().int().min(0),
      firstAddress: z.string().nullable(),
      lastAddress: z.string().nullable(),
    }),
    /** The largest aligned CIDR made only of assignable blocks. */
    largestFreeCidr: z.string().nullable(),
    /** ceil((fragmented+full)/(free+fragmented+full)·100), as the AWS Support tool reports it; null with no candidate block. */
    fragmentationScore: z.number().int().min(0).max(100).nullable(),
    availableIpAddressCount: z.number().int().nullable(),
    /** Computed free addresses minus EC2's count: addresses in use that no visible ENI explains. */
    unaccountedAddresses: z.number().int().nullable(),
    owners: z.array(
      z.object({ kind: OwnerKind, enis: z.number().int().min(0), ips: z.number().int().min(0) }),
    ),
    drainSuggestions: z.array(
      z.object({
        owner: z.object({ kind: z.enum(['instance', 'eni']), id: z.string() }),
        action: z.string(),
        blocksRecovered: z.number().int().positive(),
        blocks: z.array(z.string()),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'SubnetSummary' })
export type SubnetSummary = z.infer<typeof SubnetSummary>

export const SubnetAnalysis = SubnetSummary.extend({
  reservations: z.array(
    z.object({ reservationId: z.string(), cidr: z.string(), type: z.enum(CIDR_RESERVATION_TYPES) }),
  ),
  blockList: z.array(SubnetBlock),
}).meta({ id: 'SubnetAnalysis' })
export type SubnetAnalysis = z.infer<typeof SubnetAnalysis>

export const SkippedSubnet = z
  .object({ subnetId: z.string(), vpcId: z.string(), reason: z.string() })
  .meta({ id: 'SkippedSubnet' })
export type SkippedSubnet = z.infer<typeof SkippedSubnet>
