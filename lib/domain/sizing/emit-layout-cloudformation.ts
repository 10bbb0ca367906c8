import { Document, Scalar } from 'yaml'
import type { EmittedConfiguration } from '../emit/configuration-input.ts'
import {
  customNetworkingNotes,
  type LayoutReservation,
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

// CloudFormation has AWS::EC2::SubnetCidrReservation (Cidr, ReservationType prefix|explicit, SubnetId,
// Description, Tags). References are written long-form (`Ref:`), never as `!Ref`, so that the template stays
// plain YAML that any parser reads. A subnet in a secondary CIDR must wait for the AWS::EC2::VPCCidrBlock that
// associates it: its Ref is the association's id, not the VPC's, so the order is a DependsOn.

export const TEMPLATE_FORMAT_VERSION = '2010-09-09'
export const VPC_ID_PARAMETER = 'VpcId'
const NEW_VPC_ID = 'SizedVpc'
// A logical ID is alphanumeric and at most 255 characters.
const LOGICAL_ID_LENGTH = 255

const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join('')

/** One alphanumeric logical ID per name, in order; `2`, `3`, … appended when two would collide. */
export function logicalIds(names: readonly string[]): string[] {
  const taken = new Set<string>()
  return names.map((name) => {
    const base = (pascal(name) || 'Resource').slice(0, LOGICAL_ID_LENGTH - 4)
    let candidate = base
    for (let suffix = 2; taken.has(candidate.toLowerCase()); suffix += 1) candidate = `${base}${suffix}`
    taken.add(candidate.toLowerCase())
    return candidate
  })
}

const tags = (name: string) => [
  { Key: 'Name', Value: name },
  { Key: SIZED_BY_TAG.key, Value: SIZED_BY_TAG.value },
]

interface LogicalIds {
  associations: Map<string, string>
  subnets: Map<LayoutSubnet, string>
  reservations: Map<LayoutReservation, string>
}

function namesOf(input: LayoutInput, reservations: LayoutReservation[]): LogicalIds {
  const secondary = vpcKind(input) === 'new' ? input.vpc.secondaryCidrs : []
  const ids = logicalIds([
    NEW_VPC_ID,
    ...secondary.map((cidr) => `${NEW_VPC_ID}-cidr-${cidr}`),
    ...input.subnets.map((subnet) => `${subnet.name}-subnet`),
    ...reservations.map(
      (reservation) => `${reservation.subnet.name}-prefix-reservation-${reservation.ordinal}`,
    ),
  ])
  const at = (index: number) => ids[index] ?? `Resource${index}`
  const subnetsFrom = 1 + secondary.length
  const reservationsFrom = subnetsFrom + input.subnets.length
  return {
    associations: new Map(secondary.map((cidr, index) => [cidr, at(1 + index)])),
    subnets: new Map(input.subnets.map((subnet, index) => [subnet, at(subnetsFrom + index)])),
    reservations: new Map(
      reservations.map((reservation, index) => [reservation, at(reservationsFrom + index)]),
    ),
  }
}

function vpcId(input: LayoutInput): unknown {
  if (input.vpc.id !== null) return input.vpc.id
  return { Ref: vpcKind(input) === 'new' ? NEW_VPC_ID : VPC_ID_PARAMETER }
}

function vpcResources(input: LayoutInput, ids: LogicalIds): Record<string, unknown> {
  if (vpcKind(input) !== 'new') return {}
  const associations = [...ids.associations].map(([cidr, id]) => [
    id,
    { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: NEW_VPC_ID }, CidrBlock: cidr } },
  ])
  return {
    [NEW_VPC_ID]: {
      Type: 'AWS::EC2::VPC',
      // EKS nodes cannot register without DNS hostnames and resolution in their VPC.
      Properties: {
        CidrBlock: input.vpc.cidr,
        EnableDnsSupport: true,
        EnableDnsHostnames: true,
        Tags: tags(input.clusterName ?? 'sized-vpc'),
      },
    },
    ...Object.fromEntries(associations),
  }
}

function subnetResource(input: LayoutInput, subnet: LayoutSubnet, ids: LogicalIds): unknown {
  const secondary = secondaryCidrOf(input, subnet)
  const association = secondary === null ? undefined : ids.associations.get(secondary)
  return {
    Type: 'AWS::EC2::Subnet',
    ...(association === undefined ? {} : { DependsOn: association }),
    Properties: {
      VpcId: vpcId(input),
      CidrBlock: subnet.cidr,
      AvailabilityZone: subnet.availabilityZone,
      Tags: tags(subnetNameTag(input, subnet)),
    },
  }
}

export function emitLayoutCloudFormation(input: LayoutInput): EmittedConfiguration {
  const sources = layoutSources(input)
  const reservations = layoutReservations(input)
  const ids = namesOf(input, reservations)
  const subnetId = (subnet: LayoutSubnet) => ids.subnets.get(subnet) ?? 'Subnet'
  const resources = {
    ...vpcResources(input, ids),
    ...Object.fromEntries(
      input.subnets.map((subnet) => [subnetId(subnet), subnetResource(input, subnet, ids)]),
    ),
    ...Object.fromEntries(
      reservations.map((reservation) => [
        ids.reservations.get(reservation),
        {
          Type: 'AWS::EC2::SubnetCidrReservation',
          Properties: {
            SubnetId: { Ref: subnetId(reservation.subnet) },
            Cidr: reservation.cidr,
            ReservationType: 'prefix',
            Description: reservationDescription(reservation),
          },
        },
      ]),
    ),
  }
  const outputs = Object.fromEntries(
    input.subnets.map((subnet) => [
      `${subnetId(subnet)}Id`,
      {
        Description: `${subnet.name}: ${subnet.cidr} in ${subnet.availabilityZone}`,
        Value: { Ref: subnetId(subnet) },
      },
    ]),
  )
  const parameters =
    vpcKind(input) === 'unknown'
      ? {
          Parameters: {
            [VPC_ID_PARAMETER]: {
              Type: 'AWS::EC2::VPC::Id',
              Description: 'The VPC the sized subnets are added to',
            },
          },
        }
      : {}
  const document = new Document({
    AWSTemplateFormatVersion: TEMPLATE_FORMAT_VERSION,
    Description: `Subnets and prefix reservations sized by ${SIZED_BY_TAG.value}`,
    ...parameters,
    Resources: resources,
    Outputs: outputs,
  })
  // Unquoted, a YAML 1.1 reader would take the version for a date.
  const version = document.get('AWSTemplateFormatVersion', true)
  if (version instanceof Scalar) version.type = Scalar.QUOTE_SINGLE
  document.commentBefore = sources.map((line) => ` ${line}`).join('\n') || null

  return {
    format: 'cloudformation',
    mediaType: 'application/yaml',
    files: [{ name: 'subnets.yaml', nodeGroup: null, content: document.toString() }],
    sources,
    notes: [
      ...(vpcKind(input) === 'unknown' ? [`Give the VPC's id as the parameter ${VPC_ID_PARAMETER}.`] : []),
      ...secondaryCidrNotes(input),
      ...(reservations.length > 0
        ? [
            'AWS::EC2::SubnetCidrReservation is a recent resource type of the CloudFormation template reference: ' +
              'a linter whose resource specification predates it reports it as unknown.',
          ]
        : []),
      ...customNetworkingNotes(input),
    ],
  }
}
