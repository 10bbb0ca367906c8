import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../../lib/schemas/subnets.ts'

// The analysis's facts written back in EC2's member names: what `aws ec2 … --output json` prints and
// what the fake EC2 endpoint serves. The inverse of lib/adapters/ec2/subnet-shapes.ts.

const tags = (map: Record<string, string>) => Object.entries(map).map(([Key, Value]) => ({ Key, Value }))

export function toEc2Subnet(subnet: SubnetFacts) {
  return {
    SubnetId: subnet.subnetId,
    VpcId: subnet.vpcId,
    AvailabilityZone: subnet.availabilityZone,
    ...(subnet.cidr === null ? { Ipv6Native: true } : { CidrBlock: subnet.cidr }),
    ...(subnet.availableIpAddressCount === null
      ? {}
      : { AvailableIpAddressCount: subnet.availableIpAddressCount }),
    Ipv6CidrBlockAssociationSet: subnet.ipv6Cidrs.map((cidr, index) => ({
      AssociationId: `subnet-cidr-assoc-${index}`,
      Ipv6CidrBlock: cidr,
      Ipv6CidrBlockState: { State: 'associated' },
    })),
    State: 'available',
    Tags: tags(subnet.tags),
  }
}

export function toEc2NetworkInterface(eni: EniFacts, vpcId: string) {
  return {
    NetworkInterfaceId: eni.networkInterfaceId,
    SubnetId: eni.subnetId,
    VpcId: vpcId,
    InterfaceType: eni.interfaceType,
    Description: eni.description,
    Status: eni.status,
    RequesterManaged: eni.requesterManaged,
    ...(eni.instanceId === null
      ? {}
      : {
          Attachment: {
            AttachmentId: `eni-attach-${eni.networkInterfaceId}`,
            InstanceId: eni.instanceId,
            DeviceIndex: eni.deviceIndex ?? 0,
            Status: 'attached',
          },
        }),
    ...(eni.privateIps[0] ? { PrivateIpAddress: eni.privateIps[0] } : {}),
    PrivateIpAddresses: eni.privateIps.map((address, index) => ({
      PrivateIpAddress: address,
      Primary: index === 0,
    })),
    Ipv4Prefixes: eni.ipv4Prefixes.map((prefix) => ({ Ipv4Prefix: prefix })),
    TagSet: tags(eni.tags),
  }
}

export function toEc2Reservation(reservation: CidrReservationFacts) {
  return {
    SubnetCidrReservationId: reservation.reservationId,
    SubnetId: reservation.subnetId,
    Cidr: reservation.cidr,
    ReservationType: reservation.type,
    OwnerId: '123456789012',
  }
}
