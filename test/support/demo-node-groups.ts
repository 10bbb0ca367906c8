// Node groups against the demo VPC whose verdicts the tests know: each fails for a different reason.

/** Secondary IPs on the healthy /20: 9 nodes at 45 addresses each fit, with room for more. */
export const FITS_ON_HEALTHY = {
  name: 'apps',
  instanceTypes: ['m5.large', 'm5.xlarge'],
  desiredNodes: 6,
  maxNodes: 9,
  pods: 20,
  subnetIds: ['subnet-demo-healthy'],
}

/** Prefix delegation on the fragmented subnet: addresses to spare, too few contiguous /28s. */
export const DENSE_ON_FRAGMENTED = {
  name: 'dense',
  instanceTypes: ['m5.4xlarge'],
  desiredNodes: 8,
  maxNodes: 10,
  pods: 100,
  settings: { prefixDelegation: true },
  subnetIds: ['subnet-demo-fragmented'],
}

/** Secondary IPs on the exhausted subnet: 90 addresses wanted at three nodes, 60 free. */
export const BUSY_ON_EXHAUSTED = {
  name: 'busy',
  instanceTypes: ['m5.large'],
  desiredNodes: 2,
  maxNodes: 3,
  pods: 10,
  subnetIds: ['subnet-demo-exhausted'],
}

/** MINIMUM_IP_TARGET without WARM_IP_TARGET: the pool freezes at 10 addresses, 10 of 20 pods get none. */
export const FROZEN_ON_HEALTHY = {
  name: 'frozen',
  instanceTypes: ['m5.large', 'c5.large'],
  desiredNodes: 3,
  pods: 20,
  settings: { minimumIpTarget: 10 },
  subnetIds: ['subnet-demo-healthy'],
}

/** Prefix delegation on the explicit-reserved /24: 12 prefixes wanted, 10 free /28s. */
export const PREFIXES_ON_EXPLICIT_RESERVED = {
  name: 'dense',
  instanceTypes: ['m5.large'],
  desiredNodes: 4,
  pods: 20,
  settings: { prefixDelegation: true },
  subnetIds: ['subnet-demo-explicit-reserved'],
}
