import * as z from 'zod'

/** One network card of an instance type and how many ENIs it can attach. */
export const NetworkCard = z
  .object({
    index: z.number().int().min(0),
    maxEnis: z.number().int().min(0),
  })
  .strict()
export type NetworkCard = z.infer<typeof NetworkCard>

/**
 * Trunking facts for security groups for pods. They are not in the EC2 API; they come from the
 * VPC resource controller's published limits. `null` on a record means "not known for this type".
 */
export const Trunking = z
  .object({
    compatible: z.boolean(),
    branchEnis: z.number().int().min(0),
  })
  .strict()
export type Trunking = z.infer<typeof Trunking>

/**
 * The sources a catalog can read, most trusted first: EC2's own answer, then the VPC CNI's per-type
 * limits (`vpc_ip_resource_limit.go`), then the VPC resource controller's (`limits.go`). The tables
 * describe types an export may lack (p3, f1, …), but only their ENI limits, never vCPUs or memory.
 */
export const FACT_SOURCES = [
  'describe-instance-types',
  'vpc-cni-limits',
  'vpc-resource-controller-limits',
] as const
export const FactSource = z.enum(FACT_SOURCES)
export type FactSource = z.infer<typeof FactSource>

/** Where each group of a record's facts came from. */
export const RecordSources = z
  .object({
    /** Network cards and their ENIs, the default card, IPv4 per ENI, hypervisor, bare metal. */
    limits: FactSource,
    /** vCPUs, memory, architectures, generation and IPv6: only EC2 reports them; null when it did not. */
    // Enums, not literals: the OpenAPI generator leaves null out of a nullable literal's enum.
    details: FactSource.extract(['describe-instance-types']).nullable(),
    /** Trunking and branch ENIs; null when no source knew them. */
    trunking: FactSource.extract(['vpc-resource-controller-limits']).nullable(),
  })
  .strict()
  .meta({
    description:
      'Where each group of facts came from: limits (cards, ENIs, IPv4 per ENI, hypervisor, bare metal), details (vCPUs, memory, architectures, generation, IPv6; null when only a limits table described the type, and those facts are null), trunking',
  })
export type RecordSources = z.infer<typeof RecordSources>

/**
 * The normalized, stored form of one instance type: everything the capacity math needs, nothing else.
 * A fact no source gave is null (an empty list for architectures), never guessed.
 */
export const InstanceTypeRecord = z
  .object({
    instanceType: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'expected an instance type such as m5.large'),
    family: z.string().min(1),
    vcpus: z.number().int().positive().nullable(),
    memoryMiB: z.number().int().min(0).nullable(),
    /** `nitro`, `xen`, or null where EC2 reports none (bare metal) or the source did not know it. */
    hypervisor: z.string().min(1).nullable(),
    bareMetal: z.boolean(),
    architectures: z.array(z.string().min(1)),
    currentGeneration: z.boolean().nullable(),
    networkCards: z.array(NetworkCard).min(1),
    defaultNetworkCardIndex: z.number().int().min(0),
    /** ENIs the VPC CNI can use for pods: those of the default network card only. */
    defaultCardMaxEnis: z.number().int().positive(),
    /** EC2's MaximumNetworkInterfaces: the sum over all cards; never the pod limit on multi-card types. */
    maxEnisAllCards: z.number().int().positive(),
    ipv4PerEni: z.number().int().positive(),
    ipv6PerEni: z.number().int().min(0).nullable(),
    ipv6Supported: z.boolean().nullable(),
    trunking: Trunking.nullable(),
    sources: RecordSources,
  })
  .strict()
  .superRefine((record, ctx) => {
    if ((record.vcpus === null) !== (record.sources.details === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vcpus'],
        message: 'vCPUs are known exactly when DescribeInstanceTypes described the type',
      })
    }
    const defaultCard = record.networkCards.find((card) => card.index === record.defaultNetworkCardIndex)
    if (!defaultCard) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultNetworkCardIndex'],
        message: `no network card has index ${record.defaultNetworkCardIndex}`,
      })
    } else if (defaultCard.maxEnis !== record.defaultCardMaxEnis) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultCardMaxEnis'],
        message: `must equal the default card's maxEnis (${defaultCard.maxEnis})`,
      })
    }
  })
  .meta({
    id: 'InstanceType',
    description: 'Network limits of one EC2 instance type, as the capacity math uses them',
  })
export type InstanceTypeRecord = z.infer<typeof InstanceTypeRecord>

/** Where a catalog's numbers came from, recorded in the bundled snapshot. */
export const CatalogSource = z
  .object({
    instanceTypes: z.string().min(1),
    /** The VPC CNI's per-type limits table, when the import read one. */
    vpcLimits: z.string().min(1).nullable(),
    branchLimits: z.string().min(1).nullable(),
    capturedOn: z.iso.date().nullable(),
  })
  .strict()
export type CatalogSource = z.infer<typeof CatalogSource>

/** The bundled catalog file in data/: metadata plus every record, sorted by instance type. */
export const CatalogSnapshot = z
  .object({
    format: z.literal(1),
    source: CatalogSource,
    typeCount: z.number().int().min(0),
    instanceTypes: z.array(InstanceTypeRecord),
  })
  .strict()
  .refine((snapshot) => snapshot.typeCount === snapshot.instanceTypes.length, {
    path: ['typeCount'],
    message: 'must equal the number of instance types',
  })
export type CatalogSnapshot = z.infer<typeof CatalogSnapshot>
