import * as z from 'zod'

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

/** What one `aws ec2 get-subnet-cidr-reservations` writes; said in every complaint about its shape. */
export const RESERVATIONS_OUTPUT_SHAPE =
  'the output of `aws ec2 get-subnet-cidr-reservations --output json`: {"SubnetIpv4CidrReservations": [...]}'

const ReservationsOutput = z
  .looseObject({ SubnetIpv4CidrReservations: z.array(Ec2SubnetCidrReservation).optional() })
  // Loose, so a bare reservation item would pass as an output holding none: its reservations silently lost.
  .refine((output) => !('SubnetCidrReservationId' in output), {
    error: `a single reservation, not ${RESERVATIONS_OUTPUT_SHAPE}`,
  })

/**
 * A union says only that no form matched; the form that got furthest into the input knows what is wrong
 * (a bad item inside an output). Otherwise say which forms are accepted.
 */
function reservationsComplaint(issue: z.core.$ZodRawIssue): string {
  const furthest = (issue.code === 'invalid_union' ? issue.errors.flat() : [])
    .filter((inner) => inner.path.length > 1)
    .sort((a, b) => b.path.length - a.path.length)[0]
  if (!furthest) return `expected ${RESERVATIONS_OUTPUT_SHAPE}, or a list of them`
  // Written as field names are everywhere else: `[0]` for an index.
  const where = furthest.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
  return `${where.join('').replace(/^\./, '')}: ${furthest.message}`
}

const SUBNETS_OUTPUT_SHAPE = 'the output of `aws ec2 describe-subnets --output json`: {"Subnets": [...]}'
const NETWORK_INTERFACES_OUTPUT_SHAPE =
  'the output of `aws ec2 describe-network-interfaces --output json`: {"NetworkInterfaces": [...]}'

/** A file or body that is not an object at all (a bare list of items, say) is told the whole shape. */
function wholeOutput(shape: string) {
  return (issue: z.core.$ZodRawIssue) =>
    issue.code === 'invalid_type' ? `expected ${shape}, not ${describeInput(issue.input)}` : undefined
}

function describeInput(input: unknown): string {
  return Array.isArray(input) ? 'a JSON array' : input === null ? 'null' : `a ${typeof input}`
}

/**
 * AWS CLI exports, as `aws ec2 describe-subnets`, `describe-network-interfaces` and
 * `get-subnet-cidr-reservations` write them with `--output json`.
 */
export const SubnetExports = z
  .object({
    subnets: z
      .looseObject({ Subnets: z.array(Ec2Subnet) }, { error: wholeOutput(SUBNETS_OUTPUT_SHAPE) })
      .meta({ description: 'The output of `aws ec2 describe-subnets`' }),
    networkInterfaces: z
      .looseObject(
        { NetworkInterfaces: z.array(Ec2NetworkInterface) },
        { error: wholeOutput(NETWORK_INTERFACES_OUTPUT_SHAPE) },
      )
      .meta({
        description: 'The output of `aws ec2 describe-network-interfaces` (with --include-managed-resources)',
      }),
    cidrReservations: z
      .union([ReservationsOutput, z.array(ReservationsOutput)], { error: reservationsComplaint })
      .optional()
      .meta({
        description:
          'The output of `aws ec2 get-subnet-cidr-reservations`, or a list of them (one per subnet)',
      }),
  })
  .strict()
  .meta({ id: 'SubnetExports' })
export type SubnetExports = z.infer<typeof SubnetExports>
