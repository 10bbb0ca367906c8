import { z } from 'zod'

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

/** The normalized, stored form of one instance type: everything the capacity math needs, nothing else. */
export const InstanceTypeRecord = z
  .object({
    instanceType: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'expected an instance type such as m5.large'),
    family: z.string().min(1),
    vcpus: z.number().int().positive(),
    memoryMiB: z.number().int().min(0),
    /** `nitro`, `xen`, or null where EC2 reports none (bare metal). */
    hypervisor: z.string().min(1).nullable(),
    bareMetal: z.boolean(),
    architectures: z.array(z.string().min(1)),
    currentGeneration: z.boolean(),
    networkCards: z.array(NetworkCard).min(1),
    defaultNetworkCardIndex: z.number().int().min(0),
    /** ENIs the VPC CNI can use for pods: those of the default network card only. */
    defaultCardMaxEnis: z.number().int().positive(),
    /** EC2's MaximumNetworkInterfaces: the sum over all cards; never the pod limit on multi-card types. */
    maxEnisAllCards: z.number().int().positive(),
    ipv4PerEni: z.number().int().positive(),
    ipv6PerEni: z.number().int().min(0),
    ipv6Supported: z.boolean(),
    trunking: Trunking.nullable(),
  })
  .strict()
  .superRefine((record, ctx) => {
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
