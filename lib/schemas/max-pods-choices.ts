// The max-pods settings' choices and defaults, as plain values: the schemas in max-pods.ts build on them,
// and the CLI's help and completion read them without loading zod.

/** The VPC CNI release assumed when none is given: the newest release when the catalog was built. */
export const DEFAULT_CNI_VERSION = '1.23.1'

/**
 * Whose rule for max pods to follow. Bootstraps disagree, and a user needs the number their nodes
 * will really register with.
 */
export const MAX_POD_PROFILES = ['calculator', 'eni-max-pods', 'nodeadm', 'karpenter'] as const

/**
 * Karpenter's AMI families, spelled as an EC2NodeClass spells them. They decide how Karpenter counts
 * pods: ENI-limited or not (Windows), and whether podsPerCore applies (not on Bottlerocket).
 */
export const KARPENTER_AMI_FAMILIES = [
  'AL2',
  'AL2023',
  'Bottlerocket',
  'Custom',
  'Windows2019',
  'Windows2022',
  'Windows2025',
] as const

/** Where none is given: AL2 and Custom count pods the same way. */
export const DEFAULT_KARPENTER_AMI_FAMILY: (typeof KARPENTER_AMI_FAMILIES)[number] = 'AL2023'

export const IP_FAMILIES = ['ipv4', 'ipv6'] as const

// MAJOR.MINOR.PATCH, optionally with an EKS add-on build suffix (1.19.2-eksbuild.1). A leading `v`
// is refused rather than guessed: the upstream calculator crashes on it, so users should see why.
export const CNI_VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/
