import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { emitLayout } from '../../../../lib/domain/sizing/emit-layout.ts'
import type { LayoutInput } from '../../../../lib/domain/sizing/sizing-terms.ts'
import {
  CFN_LINT_MISSING,
  type LintFindings,
  lintTemplates,
  RESERVATION_TYPE,
} from '../../../support/cfn-lint-templates.ts'
import { LAYOUT_INPUTS, oneLine, secondaryCidrHolding } from './layout-inputs.ts'

interface Resource {
  Type: string
  DependsOn?: string | string[]
  Properties: Record<string, unknown>
}
interface Template {
  AWSTemplateFormatVersion: unknown
  Parameters?: Record<string, { Type: string }>
  Resources: Record<string, Resource>
  Outputs: Record<string, { Value: unknown }>
}

// The properties the CloudFormation template reference documents for AWS::EC2::SubnetCidrReservation.
const RESERVATION_PROPERTIES = ['Cidr', 'Description', 'ReservationType', 'SubnetId', 'Tags']
const RESERVATION_REQUIRED = ['Cidr', 'ReservationType', 'SubnetId']

function emitted(input: LayoutInput): { content: string; template: Template } {
  const content = emitLayout('cloudformation', input).files[0]?.content ?? ''
  // The plain YAML parser: a short-form tag such as !Ref would fail here.
  return { content, template: parse(content) as Template }
}

function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type)
}

function subnetOfCidr(template: Template, cidr: string): [string, Resource | undefined] {
  const matches = resourcesOfType(template, 'AWS::EC2::Subnet').filter(
    ([, subnet]) => subnet.Properties.CidrBlock === cidr,
  )
  expect(matches, `AWS::EC2::Subnet of ${cidr}`).toHaveLength(1)
  return matches[0] ?? ['', undefined]
}

describe('cloudformation: AWS::EC2::Subnet and AWS::EC2::SubnetCidrReservation', () => {
  it.each(LAYOUT_INPUTS)('every subnet is there with its CIDR, zone, VPC and output: %s', (_why, input) => {
    // Act
    const { template } = emitted(input)

    // Assess
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09')
    for (const id of Object.keys(template.Resources)) expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/)
    expect(resourcesOfType(template, 'AWS::EC2::Subnet')).toHaveLength(input.subnets.length)
    const [newVpc] = resourcesOfType(template, 'AWS::EC2::VPC')
    const associations = resourcesOfType(template, 'AWS::EC2::VPCCidrBlock')
    for (const subnet of input.subnets) {
      const [id, resource] = subnetOfCidr(template, subnet.cidr)
      expect(resource?.Properties.AvailabilityZone).toBe(subnet.availabilityZone)
      const expectedVpc = input.vpc.id ?? { Ref: input.vpc.cidr === null ? 'VpcId' : newVpc?.[0] }
      expect(resource?.Properties.VpcId).toEqual(expectedVpc)
      // A subnet in a secondary CIDR waits for the association that adds the CIDR to a new VPC.
      const secondary = secondaryCidrHolding(input, subnet)
      const association = associations.find(([, block]) => block.Properties.CidrBlock === secondary)
      expect([resource?.DependsOn ?? []].flat()).toEqual(association ? [association[0]] : [])
      expect(Object.values(template.Outputs)).toContainEqual(expect.objectContaining({ Value: { Ref: id } }))
    }
    expect(Object.keys(template.Outputs)).toHaveLength(input.subnets.length)
  })

  it.each(LAYOUT_INPUTS)('the VPC is a parameter, a literal id, or new with its CIDRs: %s', (_why, input) => {
    // Act
    const { template } = emitted(input)

    // Assess
    const unknown = input.vpc.id === null && input.vpc.cidr === null
    const created = input.vpc.id === null && input.vpc.cidr !== null
    expect(template.Parameters?.VpcId?.Type).toBe(unknown ? 'AWS::EC2::VPC::Id' : undefined)
    const vpcs = resourcesOfType(template, 'AWS::EC2::VPC')
    expect(vpcs.map(([, vpc]) => vpc.Properties.CidrBlock)).toEqual(created ? [input.vpc.cidr] : [])
    const associations = resourcesOfType(template, 'AWS::EC2::VPCCidrBlock')
    expect(associations.map(([, block]) => block.Properties)).toEqual(
      created
        ? input.vpc.secondaryCidrs.map((cidr) => ({ VpcId: { Ref: vpcs[0]?.[0] }, CidrBlock: cidr }))
        : [],
    )
  })

  it.each(LAYOUT_INPUTS)(
    'every prefix reservation has the documented properties and references its subnet: %s',
    (_why, input) => {
      // Act
      const { template } = emitted(input)

      // Assess
      const reservations = resourcesOfType(template, RESERVATION_TYPE)
      const expected = input.subnets.flatMap((subnet) =>
        subnet.prefixReservations.map((cidr) => ({ subnet, cidr })),
      )
      expect(reservations).toHaveLength(expected.length)
      for (const [, reservation] of reservations) {
        for (const property of Object.keys(reservation.Properties))
          expect(RESERVATION_PROPERTIES).toContain(property)
        for (const property of RESERVATION_REQUIRED) expect(reservation.Properties).toHaveProperty(property)
      }
      for (const { subnet, cidr } of expected) {
        const [subnetId] = subnetOfCidr(template, subnet.cidr)
        const matching = reservations.filter(([, reservation]) => reservation.Properties.Cidr === cidr)
        expect(matching, `reservation ${cidr}`).toHaveLength(1)
        expect(matching[0]?.[1].Properties).toMatchObject({
          SubnetId: { Ref: subnetId },
          ReservationType: 'prefix',
        })
      }
    },
  )

  it.each(LAYOUT_INPUTS)('every source is a comment line: %s', (_why, input) => {
    // Act
    const result = emitLayout('cloudformation', input)

    // Assess
    const content = result.files[0]?.content ?? ''
    for (const source of input.sources) expect(content).toContain(`# ${oneLine(source)}\n`)
    expect(result.mediaType).toBe('application/yaml')
  })
})

describe('cfn-lint, against the CloudFormation resource specification', () => {
  if (CFN_LINT_MISSING) console.warn('cfn-lint is not installed here: the layout templates are not linted')
  let findings: LintFindings[] = []

  beforeAll(async () => {
    if (CFN_LINT_MISSING) return
    findings = await lintTemplates(
      LAYOUT_INPUTS.map(([, input]) => emitLayout('cloudformation', input).files[0]?.content ?? ''),
    )
  }, 60_000)

  it.skipIf(CFN_LINT_MISSING).each(LAYOUT_INPUTS.map(([why], index) => [why, index] as const))(
    'finds no error: %s',
    (_why, index) => {
      // Act
      const { ruleIds, errors } = findings[index] ?? { ruleIds: [], errors: [] }

      // Assess
      // Every layout names its zones, which cfn-lint warns about (W3010): no match at all means it read nothing.
      expect(ruleIds).toContain('W3010')
      expect(errors).toEqual([])
    },
  )
})
