import type {
  Ec2NetworkInterface,
  Ec2Subnet,
  Ec2SubnetCidrReservation,
  SubnetExports,
} from '../../schemas/ec2-subnet-exports.ts'
import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../../schemas/subnets.ts'

// EC2's shapes become the analysis's facts here, at the edge, for the SDK's answers and for exports alike.

export function toSubnetFacts(subnet: Ec2Subnet): SubnetFacts {
  return {
    subnetId: subnet.SubnetId,
    vpcId: subnet.VpcId,
    availabilityZone: subnet.AvailabilityZone ?? '',
    cidr: subnet.CidrBlock ?? null,
    ipv6Cidrs: (subnet.Ipv6CidrBlockAssociationSet ?? []).flatMap(
      (association) => association.Ipv6CidrBlock ?? [],
    ),
    availableIpAddressCount: subnet.AvailableIpAddressCount ?? null,
    tags: tagMap(subnet.Tags),
  }
}

export function toEniFacts(eni: Ec2NetworkInterface): EniFacts {
  const addresses =
    eni.PrivateIpAddresses ??
    (eni.PrivateIpAddress ? [{ PrivateIpAddress: eni.PrivateIpAddress, Primary: true }] : [])
  // Primary first, so the analysis can tell an ENI's own address from the ones it holds for others.
  const ordered = [...addresses].sort((a, b) => Number(b.Primary ?? false) - Number(a.Primary ?? false))
  return {
    networkInterfaceId: eni.NetworkInterfaceId,
    subnetId: eni.SubnetId,
    interfaceType: eni.InterfaceType ?? 'interface',
    description: eni.Description ?? '',
    status: eni.Status ?? 'in-use',
    instanceId: eni.Attachment?.InstanceId ?? null,
    deviceIndex: eni.Attachment?.DeviceIndex ?? null,
    requesterManaged: eni.RequesterManaged ?? false,
    privateIps: ordered.map((address) => address.PrivateIpAddress),
    ipv4Prefixes: (eni.Ipv4Prefixes ?? []).map((prefix) => prefix.Ipv4Prefix),
    tags: tagMap(eni.TagSet),
  }
}

export function toReservationFacts(reservation: Ec2SubnetCidrReservation): CidrReservationFacts {
  return {
    reservationId: reservation.SubnetCidrReservationId,
    subnetId: reservation.SubnetId,
    cidr: reservation.Cidr,
    type: reservation.ReservationType,
  }
}

function tagMap(tags: { Key: string; Value?: string | undefined }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value ?? '']))
}

export function factsFromExports(exports: SubnetExports): {
  subnets: SubnetFacts[]
  enis: EniFacts[]
  reservations: CidrReservationFacts[]
} {
  const reservationOutputs = exports.cidrReservations === undefined ? [] : [exports.cidrReservations].flat()
  return {
    subnets: exports.subnets.Subnets.map(toSubnetFacts),
    enis: exports.networkInterfaces.NetworkInterfaces.map(toEniFacts),
    reservations: reservationOutputs.flatMap((output) =>
      (output.SubnetIpv4CidrReservations ?? []).map(toReservationFacts),
    ),
  }
}

/**
 * A VPC's IPv4 CIDRs: the primary first, then each associated secondary. A block being disassociated (or
 * failed) holds no new subnet.
 */
export function vpcCidrBlocks(vpc: {
  CidrBlock?: string
  CidrBlockAssociationSet?: { CidrBlock?: string; CidrBlockState?: { State?: string } }[]
}): string[] {
  const associated = (vpc.CidrBlockAssociationSet ?? [])
    .filter((association) => (association.CidrBlockState?.State ?? 'associated') === 'associated')
    .map((association) => association.CidrBlock)
    .filter((cidr): cidr is string => cidr !== undefined)
  return [...new Set([...(vpc.CidrBlock ? [vpc.CidrBlock] : []), ...associated])]
}
