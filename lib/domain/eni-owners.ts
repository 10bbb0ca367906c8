import type { EniFacts, OwnerKind } from '../schemas/subnets.ts'

// Who holds an ENI, from the facts EC2 gives: InterfaceType (a plain string: the API says
// `nat_gateway` where the SDK model says `natGateway`), the description services write, and attachment.

const LOAD_BALANCER_TYPES = new Set([
  'network_load_balancer',
  'gateway_load_balancer',
  'gateway_load_balancer_endpoint',
])

export function ownerKind(eni: EniFacts): OwnerKind {
  const type = eni.interfaceType
  const description = eni.description
  if (eni.status === 'available') return 'orphaned'
  if (type === 'trunk') return 'trunk'
  if (type === 'branch') return 'branch'
  if (type === 'nat_gateway' || type === 'natGateway') return 'nat-gateway'
  if (LOAD_BALANCER_TYPES.has(type) || description.startsWith('ELB ')) return 'load-balancer'
  if (type === 'vpc_endpoint' || description.startsWith('VPC Endpoint Interface')) return 'vpc-endpoint'
  if (type === 'lambda' || description.startsWith('AWS Lambda VPC ENI')) return 'lambda'
  if (description.startsWith('RDSNetworkInterface')) return 'rds'
  // The VPC CNI names the ENIs it adds `aws-K8S-<instance>` and tags them with the cluster.
  if (description.startsWith('aws-K8S-') || 'cluster.k8s.amazonaws.com/name' in eni.tags) return 'eks-pod-eni'
  if (eni.instanceId !== null) return eni.deviceIndex === 0 ? 'ec2-primary' : 'ec2-secondary'
  return 'other'
}

/** Who could give a block back: an instance (drain and replace it) or an unattached ENI (delete it). */
export function drainableOwner(
  eni: EniFacts,
  kind: OwnerKind,
): { kind: 'instance' | 'eni'; id: string } | undefined {
  if (kind === 'orphaned') return { kind: 'eni', id: eni.networkInterfaceId }
  if (
    eni.instanceId !== null &&
    (kind === 'ec2-primary' || kind === 'ec2-secondary' || kind === 'eks-pod-eni')
  ) {
    return { kind: 'instance', id: eni.instanceId }
  }
  return undefined
}
