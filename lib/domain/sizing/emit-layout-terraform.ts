import type { EmittedConfiguration } from '../emit/configuration-input.ts'
import { terraformNames } from '../emit/emit-names.ts'
import { commentText } from '../emit/emit-sources.ts'
import { hclString } from '../emit/emit-terraform.ts'
import {
  customNetworkingNotes,
  layoutReservations,
  layoutSources,
  reservationDescription,
  SIZED_BY_TAG,
  secondaryCidrNotes,
  secondaryCidrOf,
  subnetNameTag,
  vpcKind,
} from './emit-layout-common.ts'
import type { LayoutInput, LayoutSubnet } from './sizing-terms.ts'

// The AWS provider's aws_ec2_subnet_cidr_reservation takes cidr_block, reservation_type (prefix or explicit),
// subnet_id and an optional description. A new VPC's secondary CIDRs are aws_vpc_ipv4_cidr_block_associations:
// a subnet inside one takes its vpc_id from the association, so that Terraform creates the association before
// the subnet and destroys the subnet before the association (EC2 refuses both other orders).

export const NEW_VPC_RESOURCE = 'sized'
const comment = (line: string) => `# ${commentText(line)}`

function tags(name: string): string[] {
  return [
    '  tags = {',
    `    Name = ${hclString(name)}`,
    `    ${hclString(SIZED_BY_TAG.key)} = ${hclString(SIZED_BY_TAG.value)}`,
    '  }',
  ]
}

function vpcBlocks(input: LayoutInput, associations: Map<string, string>): string[] {
  if (vpcKind(input) === 'unknown') {
    return [
      [
        'variable "vpc_id" {',
        '  description = "The VPC the sized subnets are added to"',
        '  type        = string',
        '}',
      ].join('\n'),
    ]
  }
  if (vpcKind(input) !== 'new') return []
  const vpc = [
    `resource "aws_vpc" "${NEW_VPC_RESOURCE}" {`,
    `  cidr_block           = ${hclString(input.vpc.cidr ?? '')}`,
    // EKS nodes cannot register without DNS hostnames and resolution in their VPC; both default to off here.
    '  enable_dns_support   = true',
    '  enable_dns_hostnames = true',
    ...tags(input.clusterName ?? 'sized-vpc'),
    '}',
  ].join('\n')
  const secondary = [...associations].map(([cidr, name]) =>
    [
      `resource "aws_vpc_ipv4_cidr_block_association" "${name}" {`,
      `  vpc_id     = aws_vpc.${NEW_VPC_RESOURCE}.id`,
      `  cidr_block = ${hclString(cidr)}`,
      '}',
    ].join('\n'),
  )
  return [vpc, ...secondary]
}

function vpcIdExpression(
  input: LayoutInput,
  subnet: LayoutSubnet,
  associations: Map<string, string>,
): string {
  if (input.vpc.id !== null) return hclString(input.vpc.id)
  if (vpcKind(input) === 'unknown') return 'var.vpc_id'
  const secondary = secondaryCidrOf(input, subnet)
  const association = secondary === null ? undefined : associations.get(secondary)
  return association === undefined
    ? `aws_vpc.${NEW_VPC_RESOURCE}.id`
    : `aws_vpc_ipv4_cidr_block_association.${association}.vpc_id`
}

export function emitLayoutTerraform(input: LayoutInput): EmittedConfiguration {
  const sources = layoutSources(input)
  const secondaryCidrs = vpcKind(input) === 'new' ? input.vpc.secondaryCidrs : []
  const associations = new Map(
    terraformNames(secondaryCidrs.map((cidr) => `secondary-${cidr}`)).map(
      (name, index) => [secondaryCidrs[index] ?? '', name] as const,
    ),
  )
  const subnetNames = terraformNames(input.subnets.map((subnet) => subnet.name))
  const resourceOf = new Map(input.subnets.map((subnet, index) => [subnet, subnetNames[index] ?? 'subnet']))
  const reservations = layoutReservations(input)
  const reservationNames = terraformNames(
    reservations.map((reservation) => `${reservation.subnet.name}-prefix-${reservation.ordinal}`),
  )

  const subnets = input.subnets.map((subnet) =>
    [
      `resource "aws_subnet" "${resourceOf.get(subnet)}" {`,
      `  vpc_id            = ${vpcIdExpression(input, subnet, associations)}`,
      `  cidr_block        = ${hclString(subnet.cidr)}`,
      `  availability_zone = ${hclString(subnet.availabilityZone)}`,
      ...tags(subnetNameTag(input, subnet)),
      '}',
    ].join('\n'),
  )
  const prefixReservations = reservations.map((reservation, index) =>
    [
      `resource "aws_ec2_subnet_cidr_reservation" "${reservationNames[index]}" {`,
      `  subnet_id        = aws_subnet.${resourceOf.get(reservation.subnet)}.id`,
      `  cidr_block       = ${hclString(reservation.cidr)}`,
      '  reservation_type = "prefix"',
      `  description      = ${hclString(reservationDescription(reservation))}`,
      '}',
    ].join('\n'),
  )
  const output = [
    'output "subnet_ids" {',
    '  value = {',
    ...input.subnets.map(
      (subnet) => `    ${hclString(subnet.name)} = aws_subnet.${resourceOf.get(subnet)}.id`,
    ),
    '  }',
    '}',
  ].join('\n')

  const header = [
    comment(`Subnets and prefix reservations sized by ${SIZED_BY_TAG.value}`),
    ...sources.map(comment),
  ].join('\n')
  const blocks = [header, ...vpcBlocks(input, associations), ...subnets, ...prefixReservations, output]
  return {
    format: 'terraform',
    mediaType: 'text/plain',
    files: [{ name: 'subnets.tf', nodeGroup: null, content: `${blocks.join('\n\n')}\n` }],
    sources,
    notes: [
      ...(vpcKind(input) === 'unknown' ? ['Set the variable vpc_id to the VPC the subnets belong in.'] : []),
      ...secondaryCidrNotes(input),
      ...(vpcKind(input) === 'new'
        ? [
            'The new VPC has no route tables, gateways or endpoints here: the subnets are private and take the ' +
              'VPC’s main route table until you associate another.',
          ]
        : []),
      ...customNetworkingNotes(input),
    ],
  }
}
