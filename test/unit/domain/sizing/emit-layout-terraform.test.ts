import { parse } from '@cdktf/hcl2json'
import { describe, expect, it } from 'vitest'
import { emitLayout } from '../../../../lib/domain/sizing/emit-layout.ts'
import type { LayoutInput } from '../../../../lib/domain/sizing/sizing-terms.ts'
import { LAYOUT_INPUTS, oneLine, secondaryCidrHolding } from './layout-inputs.ts'

interface TerraformSubnet {
  vpc_id: string
  cidr_block: string
  availability_zone: string
  tags: Record<string, string>
}
interface TerraformReservation {
  subnet_id: string
  cidr_block: string
  reservation_type: string
  description: string
}
interface TerraformJson {
  variable?: Record<string, unknown[]>
  output?: Record<string, { value: Record<string, string> }[]>
  resource: {
    aws_vpc?: Record<string, { cidr_block: string }[]>
    aws_vpc_ipv4_cidr_block_association?: Record<string, { vpc_id: string; cidr_block: string }[]>
    aws_subnet: Record<string, TerraformSubnet[]>
    aws_ec2_subnet_cidr_reservation?: Record<string, TerraformReservation[]>
  }
}

// hcl2json answers in Terraform's JSON syntax: a reference is `${…}`, a literal `${` stays doubled.
const literal = (json: string) => json.replaceAll('$${', '${').replaceAll('%%{', '%{')
const reference = (expression: string) => `\${${expression}}`

async function emitted(input: LayoutInput): Promise<{ content: string; terraform: TerraformJson }> {
  const content = emitLayout('terraform', input).files[0]?.content ?? ''
  return { content, terraform: (await parse('subnets.tf', content)) as TerraformJson }
}

/** The one aws_subnet of this CIDR, with its resource name. */
function subnetOfCidr(terraform: TerraformJson, cidr: string): [string, TerraformSubnet | undefined] {
  const matches = Object.entries(terraform.resource.aws_subnet).filter(
    ([, [subnet]]) => subnet?.cidr_block === cidr,
  )
  expect(matches, `aws_subnet of ${cidr}`).toHaveLength(1)
  const [name, [subnet] = []] = matches[0] ?? ['', []]
  return [name, subnet]
}

describe('terraform: aws_subnet and aws_ec2_subnet_cidr_reservation', () => {
  it.each(LAYOUT_INPUTS)('every subnet is there with its CIDR, zone and tags: %s', async (_why, input) => {
    // Act
    const { terraform } = await emitted(input)

    // Assess
    expect(Object.keys(terraform.resource.aws_subnet)).toHaveLength(input.subnets.length)
    for (const name of Object.keys(terraform.resource.aws_subnet))
      expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/)
    for (const subnet of input.subnets) {
      const [, resource] = subnetOfCidr(terraform, subnet.cidr)
      expect(resource?.availability_zone).toBe(subnet.availabilityZone)
      expect(literal(resource?.tags.Name ?? '')).toBe(
        input.clusterName === null ? subnet.name : `${input.clusterName}-${subnet.name}`,
      )
      expect(resource?.tags['sized-by']).toBe('eks-ip-capacity')
    }
  })

  it.each(LAYOUT_INPUTS)(
    'every prefix reservation references the subnet that holds it: %s',
    async (_why, input) => {
      // Act
      const { terraform } = await emitted(input)

      // Assess
      const reservations = Object.entries(terraform.resource.aws_ec2_subnet_cidr_reservation ?? {})
      const expected = input.subnets.flatMap((subnet) =>
        subnet.prefixReservations.map((cidr) => ({ subnet, cidr })),
      )
      expect(reservations).toHaveLength(expected.length)
      for (const name of reservations.map(([name]) => name)) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/)
      for (const { subnet, cidr } of expected) {
        const [subnetName] = subnetOfCidr(terraform, subnet.cidr)
        const matching = reservations.flatMap(([, [reservation]]) =>
          reservation?.cidr_block === cidr ? [reservation] : [],
        )
        expect(matching, `reservation ${cidr}`).toHaveLength(1)
        expect(matching[0]).toMatchObject({
          subnet_id: reference(`aws_subnet.${subnetName}.id`),
          reservation_type: 'prefix',
        })
        expect(literal(matching[0]?.description ?? '')).toContain(subnet.name)
      }
    },
  )

  it.each(LAYOUT_INPUTS)(
    'vpc_id is the existing VPC, var.vpc_id, or the new VPC through the association of its CIDR: %s',
    async (_why, input) => {
      // Act
      const { terraform } = await emitted(input)

      // Assess
      const associations = Object.entries(terraform.resource.aws_vpc_ipv4_cidr_block_association ?? {})
      const vpcs = Object.entries(terraform.resource.aws_vpc ?? {})
      const newVpc = input.vpc.id === null && input.vpc.cidr !== null
      expect(terraform.variable?.vpc_id !== undefined).toBe(input.vpc.id === null && input.vpc.cidr === null)
      expect(vpcs.map(([, [vpc]]) => vpc?.cidr_block)).toEqual(newVpc ? [input.vpc.cidr] : [])
      expect(associations.map(([, [association]]) => association?.cidr_block)).toEqual(
        newVpc ? input.vpc.secondaryCidrs : [],
      )
      for (const [, [association]] of associations)
        expect(association?.vpc_id).toBe(reference(`aws_vpc.${vpcs[0]?.[0]}.id`))
      for (const subnet of input.subnets) {
        const [, resource] = subnetOfCidr(terraform, subnet.cidr)
        const secondary = secondaryCidrHolding(input, subnet)
        const association = associations.find(([, [candidate]]) => candidate?.cidr_block === secondary)?.[0]
        const expected =
          input.vpc.id !== null
            ? input.vpc.id
            : !newVpc
              ? reference('var.vpc_id')
              : association !== undefined
                ? reference(`aws_vpc_ipv4_cidr_block_association.${association}.vpc_id`)
                : reference(`aws_vpc.${vpcs[0]?.[0]}.id`)
        expect(resource?.vpc_id, subnet.name).toBe(expected)
      }
    },
  )

  it.each(LAYOUT_INPUTS)('the output maps every subnet name to its id: %s', async (_why, input) => {
    // Act
    const { terraform } = await emitted(input)

    // Assess
    const [output] = terraform.output?.subnet_ids ?? []
    const value = Object.fromEntries(
      Object.entries(output?.value ?? {}).map(([key, id]) => [literal(key), id]),
    )
    expect(Object.keys(value).sort()).toEqual(input.subnets.map((subnet) => subnet.name).sort())
    for (const subnet of input.subnets) {
      const [name] = subnetOfCidr(terraform, subnet.cidr)
      expect(value[subnet.name]).toBe(reference(`aws_subnet.${name}.id`))
    }
  })

  it.each(LAYOUT_INPUTS)(
    'every source is a comment line, and a note when needed: %s',
    async (_why, input) => {
      // Act
      const result = emitLayout('terraform', input)

      // Assess
      const content = result.files[0]?.content ?? ''
      for (const source of input.sources) expect(content).toContain(`# ${oneLine(source)}\n`)
      expect(result.sources).toEqual(input.sources.map(oneLine))
      expect(result.notes.some((note) => note.includes('ENIConfig'))).toBe(
        input.subnets.some((subnet) => subnet.role === 'pods'),
      )
    },
  )
})
