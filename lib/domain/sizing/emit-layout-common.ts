import { commentText } from '../emit/emit-sources.ts'
import { parseCidr, within } from '../ipv4.ts'
import type { LayoutInput, LayoutSubnet } from './sizing-terms.ts'

// What every layout format says the same way: the tag that marks a sized subnet, the reservation's
// description, the VPC CIDR a subnet is carved from, and what the user still has to do.

export const SIZED_BY_TAG = { key: 'sized-by', value: 'eks-ip-capacity' } as const
export const VPC_ID_PLACEHOLDER = '<vpc-id>'

/** A prefix reservation, numbered within its subnet: the emitters name and reference it by this. */
export interface LayoutReservation {
  subnet: LayoutSubnet
  /** 1-based, in the order the layout lists the subnet's reservations. */
  ordinal: number
  cidr: string
}

export function layoutReservations(input: LayoutInput): LayoutReservation[] {
  return input.subnets.flatMap((subnet) =>
    subnet.prefixReservations.map((cidr, index) => ({ subnet, ordinal: index + 1, cidr })),
  )
}

/** Where the sizes came from, as EmittedConfiguration.sources and as comment lines. */
export function layoutSources(input: LayoutInput): string[] {
  return input.sources.map(commentText)
}

/** The subnet's Name tag: the cluster's name first, when known, so two clusters' subnets stay apart. */
export function subnetNameTag(input: LayoutInput, subnet: LayoutSubnet): string {
  return input.clusterName === null ? subnet.name : `${input.clusterName}-${subnet.name}`
}

// EC2 keeps automatically assigned prefixes in a prefix reservation before anywhere else, and keeps
// secondary IPs and ENI primaries out of every reservation: the description says which use it is for.
export function reservationDescription(reservation: LayoutReservation): string {
  return `Prefix delegation /28 blocks of ${reservation.subnet.name} (sized by ${SIZED_BY_TAG.value})`
}

/**
 * The secondary VPC CIDR that holds the subnet, or null when it lies in the primary CIDR (or in none the
 * layout names): a subnet in a secondary CIDR can only be created once that CIDR is associated.
 */
export function secondaryCidrOf(input: LayoutInput, subnet: LayoutSubnet): string | null {
  const inner = parseCidr(subnet.cidr)
  if (!inner) return null
  return (
    input.vpc.secondaryCidrs.find((space) => {
      const outer = parseCidr(space)
      return outer !== undefined && within(outer, inner)
    }) ?? null
  )
}

export type VpcKind = 'existing' | 'new' | 'unknown'

export function vpcKind(input: LayoutInput): VpcKind {
  if (input.vpc.id !== null) return 'existing'
  return input.vpc.cidr !== null ? 'new' : 'unknown'
}

/** The AWS CLI call that creates one reservation, for formats that cannot express it. */
export function reservationCommand(reservation: LayoutReservation, subnetId: string): string {
  return [
    'aws ec2 create-subnet-cidr-reservation',
    `--subnet-id ${subnetId}`,
    `--cidr ${reservation.cidr}`,
    '--reservation-type prefix',
    `--description '${reservationDescription(reservation).replaceAll("'", `'"'"'`)}'`,
  ].join(' ')
}

/** A VPC that exists already (or is not known) may not have the secondary CIDRs the subnets are carved from. */
export function secondaryCidrNotes(input: LayoutInput): string[] {
  if (vpcKind(input) === 'new') return []
  const used = [...new Set(input.subnets.flatMap((subnet) => secondaryCidrOf(input, subnet) ?? []))]
  if (used.length === 0) return []
  return [
    `Subnets are carved from ${used.join(', ')}: associate ${used.length === 1 ? 'it' : 'them'} with the VPC ` +
      'first if not done yet (aws ec2 associate-vpc-cidr-block), or EC2 refuses the subnets.',
  ]
}

/** With custom networking, pods take their addresses from the pod subnet of their node's zone. */
export function customNetworkingNotes(input: LayoutInput): string[] {
  const podSubnets = input.subnets.filter((subnet) => subnet.role === 'pods')
  if (podSubnets.length === 0) return []
  return [
    'Pod subnets serve VPC CNI custom networking: set AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true and ' +
      'ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone on aws-node, and create one ENIConfig per zone, named ' +
      'after it, whose spec.subnet is that zone’s pod subnet id: ' +
      `${podSubnets.map((subnet) => `${subnet.availabilityZone} → ${subnet.name}`).join(', ')}.`,
  ]
}
