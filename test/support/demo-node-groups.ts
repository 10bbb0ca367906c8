// Node groups against the demo VPC whose verdicts the tests know: each fails for a different reason.

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
