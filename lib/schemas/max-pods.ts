import * as z from 'zod'
import {
  CNI_VERSION_PATTERN,
  DEFAULT_CNI_VERSION,
  IP_FAMILIES,
  KARPENTER_AMI_FAMILIES,
  MAX_POD_PROFILES,
} from './max-pods-choices.ts'

// The choices live in a module without zod, so the CLI's help and completion start without loading it.
export * from './max-pods-choices.ts'

export const MaxPodsProfile = z.enum(MAX_POD_PROFILES)
export type MaxPodsProfile = z.infer<typeof MaxPodsProfile>

export const KarpenterAmiFamily = z.enum(KARPENTER_AMI_FAMILIES, {
  error: `expected a Karpenter AMI family: ${KARPENTER_AMI_FAMILIES.join(', ')}`,
})
export type KarpenterAmiFamily = z.infer<typeof KarpenterAmiFamily>

export const IpFamily = z.enum(IP_FAMILIES)
export type IpFamily = z.infer<typeof IpFamily>

export const CniVersion = z
  .string()
  .regex(
    CNI_VERSION_PATTERN,
    'expected a VPC CNI version MAJOR.MINOR.PATCH such as 1.19.2, without a leading v',
  )

/** Each setting, without its default: the shape of a partial override (a batch item's settings). */
const SETTING_FIELDS = {
  profile: MaxPodsProfile,
  cniVersion: CniVersion,
  prefixDelegation: z.boolean(),
  customNetworking: z.boolean(),
  maxEni: z.number().int('must be a positive integer').positive('must be a positive integer'),
  showMaxAllowed: z.boolean(),
  securityGroupsForPods: z.boolean(),
  ipFamily: IpFamily,
  /** Karpenter's `reservedENIs` setting: ENIs kept away from pods. */
  reservedEnis: z.number().int('must be a whole number').min(0, 'must be 0 or more'),
  /** Karpenter's (and kubelet's) `podsPerCore`: pods ≤ podsPerCore·vCPUs when above 0; 0 sets no cap. */
  podsPerCore: z.number().int('must be a whole number').min(0, 'must be 0 or more'),
  /** Karpenter's EC2NodeClass `amiFamily` (karpenter profile; default AL2023). */
  amiFamily: KarpenterAmiFamily,
}

/** Some settings, none defaulted: merged over other settings before they are checked as a whole. */
export const MaxPodsSettingsPatch = z
  .object({
    profile: SETTING_FIELDS.profile.optional(),
    cniVersion: SETTING_FIELDS.cniVersion.optional(),
    prefixDelegation: SETTING_FIELDS.prefixDelegation.optional(),
    customNetworking: SETTING_FIELDS.customNetworking.optional(),
    maxEni: SETTING_FIELDS.maxEni.optional(),
    showMaxAllowed: SETTING_FIELDS.showMaxAllowed.optional(),
    securityGroupsForPods: SETTING_FIELDS.securityGroupsForPods.optional(),
    ipFamily: SETTING_FIELDS.ipFamily.optional(),
    reservedEnis: SETTING_FIELDS.reservedEnis.optional(),
    podsPerCore: SETTING_FIELDS.podsPerCore.optional(),
    amiFamily: SETTING_FIELDS.amiFamily.optional(),
  })
  .strict()
  .meta({ id: 'MaxPodsSettings', description: 'CNI and bootstrap settings; every field is optional' })
export type MaxPodsSettingsPatch = z.infer<typeof MaxPodsSettingsPatch>

/** Everything that changes how many pods a node of one type can run, with the defaults filled in. */
export const MaxPodsSettings = z
  .object({
    profile: SETTING_FIELDS.profile.default('calculator'),
    cniVersion: SETTING_FIELDS.cniVersion.default(DEFAULT_CNI_VERSION),
    prefixDelegation: SETTING_FIELDS.prefixDelegation.default(false),
    customNetworking: SETTING_FIELDS.customNetworking.default(false),
    maxEni: SETTING_FIELDS.maxEni.optional(),
    showMaxAllowed: SETTING_FIELDS.showMaxAllowed.default(false),
    securityGroupsForPods: SETTING_FIELDS.securityGroupsForPods.default(false),
    ipFamily: SETTING_FIELDS.ipFamily.default('ipv4'),
    reservedEnis: SETTING_FIELDS.reservedEnis.default(0),
    podsPerCore: SETTING_FIELDS.podsPerCore.optional(),
    amiFamily: SETTING_FIELDS.amiFamily.optional(),
  })
  .strict()
  .superRefine((settings, ctx) => {
    if (settings.ipFamily === 'ipv6' && settings.customNetworking) {
      ctx.addIssue({
        code: 'custom',
        path: ['customNetworking'],
        message: 'custom networking is not supported with the ipv6 IP family',
      })
    }
  })
export type MaxPodsSettings = z.infer<typeof MaxPodsSettings>
export type MaxPodsSettingsInput = z.input<typeof MaxPodsSettings>

export const PREFIX_DELEGATION_IGNORED_REASONS = ['cni-version', 'not-nitro', 'profile'] as const

export const MaxPodsResult = z
  .object({
    instanceType: z.string(),
    profile: MaxPodsProfile,
    /** What kubelet should be (or will be) configured with under this profile. */
    maxPods: z.number().int().min(0),
    /** The same figure before any cap; null where addresses do not bound pods (IPv6). */
    uncappedMaxPods: z.number().int().min(0).nullable(),
    cap: z
      .object({
        limit: z.number().int().positive(),
        applied: z.boolean(),
        rule: z.string(),
      })
      .nullable(),
    enis: z.object({
      allCards: z.number().int().min(0),
      defaultCard: z.number().int().min(0),
      /** ENIs that hold pod addresses under these settings. */
      forPods: z.number().int().min(0),
    }),
    addressing: z.object({
      mode: z.enum(['secondary-ip', 'prefix', 'ipv6-prefix']),
      ipv4AddressesPerEni: z.number().int().positive(),
      /** Pod addresses one ENI holds: A−1 secondary IPs, or 16 per /28 prefix slot; null for IPv6 (/80). */
      podAddressesPerEni: z.number().int().min(0).nullable(),
    }),
    prefixDelegation: z.object({
      requested: z.boolean(),
      applied: z.boolean(),
      ignoredBecause: z.enum(PREFIX_DELEGATION_IGNORED_REASONS).nullable(),
    }),
    /**
     * Pods the VPC CNI itself can give addresses to on this node, plus the two host-network pods,
     * whatever the profile says. Differs from maxPods where a bootstrap undercounts (bare metal with
     * prefix delegation under the calculator, prefix delegation under nodeadm or karpenter).
     */
    cniAddressablePods: z.number().int().min(0).nullable(),
    securityGroupsForPods: z
      .object({
        trunkingCompatible: z.boolean().nullable(),
        branchEnis: z.number().int().min(0).nullable(),
        /** Addresses left for ordinary pods once the trunk ENI takes a default-card slot. */
        regularPodAddresses: z.number().int().min(0).nullable(),
      })
      .nullable(),
    explanation: z.array(z.string()),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'MaxPodsResult' })
export type MaxPodsResult = z.infer<typeof MaxPodsResult>

export const NodeGroupMaxPods = z
  .object({
    instanceTypes: z.array(z.string()),
    /** A node group's kubelet setting must suit every type in it: the smallest max pods wins. */
    maxPods: z.number().int().min(0),
    boundingInstanceType: z.string(),
    results: z.array(MaxPodsResult),
  })
  .meta({ id: 'NodeGroupMaxPods' })
export type NodeGroupMaxPods = z.infer<typeof NodeGroupMaxPods>
