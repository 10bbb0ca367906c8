import { z } from 'zod'

// DescribeSubnets, DescribeNetworkInterfaces and GetSubnetCidrReservations items in the API's own member
// names: what the SDK returns and what `aws ec2 … --output json` writes (so also an API input: posted
// exports). Loose, because EC2 adds fields.

const Tags = z.array(z.looseObject({ Key: z.string(), Value: z.string().optional() })).optional()

export const Ec2Subnet = z.looseObject({
  SubnetId: z.string(),
  VpcId: z.string(),
  AvailabilityZone: z.string().optional(),
  CidrBlock: z.string().optional(),
  AvailableIpAddressCount: z.number().int().min(0).optional(),
  Ipv6CidrBlockAssociationSet: z.array(z.looseObject({ Ipv6CidrBlock: z.string().optional() })).optional(),
  Tags,
})

export const Ec2NetworkInterface = z.looseObject({
  NetworkInterfaceId: z.string(),
  SubnetId: z.string(),
  VpcId: z.string().optional(),
  // A plain string: the API answers `nat_gateway` where the SDK's enum says `natGateway`.
  InterfaceType: z.string().optional(),
  Description: z.string().optional(),
  Status: z.string().optional(),
  RequesterManaged: z.boolean().optional(),
  Attachment: z
    .looseObject({ InstanceId: z.string().optional(), DeviceIndex: z.number().int().optional() })
    .optional(),
  PrivateIpAddress: z.string().optional(),
  PrivateIpAddresses: z
    .array(z.looseObject({ PrivateIpAddress: z.string(), Primary: z.boolean().optional() }))
    .optional(),
  Ipv4Prefixes: z.array(z.looseObject({ Ipv4Prefix: z.string() })).optional(),
  TagSet: Tags,
})

export const Ec2SubnetCidrReservation = z.looseObject({
  SubnetCidrReservationId: z.string(),
  SubnetId: z.string(),
  Cidr: z.string(),
  ReservationType: z.enum(['prefix', 'explicit']),
})

export type Ec2Subnet = z.infer<typeof Ec2Subnet>
export type Ec2NetworkInterface = z.infer<typeof Ec2NetworkInterface>
export type Ec2SubnetCidrReservation = z.infer<typeof Ec2SubnetCidrReservation>

const ReservationsOutput = z.looseObject({
  SubnetIpv4CidrReservations: z.array(Ec2SubnetCidrReservation).optional(),
})

/**
 * AWS CLI exports, as `aws ec2 describe-subnets`, `describe-network-interfaces` and
 * `get-subnet-cidr-reservations` write them with `--output json`.
 */
export const SubnetExports = z
  .object({
    subnets: z
      .looseObject({ Subnets: z.array(Ec2Subnet) })
      .meta({ description: 'The output of `aws ec2 describe-subnets`' }),
    networkInterfaces: z.looseObject({ NetworkInterfaces: z.array(Ec2NetworkInterface) }).meta({
      description: 'The output of `aws ec2 describe-network-interfaces` (with --include-managed-resources)',
    }),
    cidrReservations: z
      .union([ReservationsOutput, z.array(ReservationsOutput)])
      .optional()
      .meta({
        description:
          'The output of `aws ec2 get-subnet-cidr-reservations`, or a list of them (one per subnet)',
      }),
  })
  .strict()
  .meta({ id: 'SubnetExports' })
export type SubnetExports = z.infer<typeof SubnetExports>
