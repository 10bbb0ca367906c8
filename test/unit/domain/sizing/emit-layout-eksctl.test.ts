import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { emitLayout } from '../../../../lib/domain/sizing/emit-layout.ts'
import type { LayoutInput } from '../../../../lib/domain/sizing/sizing-terms.ts'
import { LAYOUT_INPUTS, oneLine } from './layout-inputs.ts'

interface ClusterConfig {
  apiVersion: string
  kind: string
  metadata: { name: string; region: string }
  vpc: {
    id?: string
    cidr?: string
    extraCIDRs?: string[]
    subnets: { private: Record<string, Record<string, unknown>>; public?: unknown }
  }
}

// The keys eksctl's ClusterConfig schema allows where this emitter writes (vpc: ClusterVPC, a subnet: AZSubnetSpec).
const VPC_KEYS = ['id', 'cidr', 'extraCIDRs', 'subnets']
const SUBNET_SPEC_KEYS = ['az', 'cidr', 'id']

function emitted(input: LayoutInput) {
  const result = emitLayout('eksctl', input)
  return { result, config: parse(result.files[0]?.content ?? '') as ClusterConfig }
}

describe('eksctl: vpc.subnets.private with the node subnets', () => {
  it.each(LAYOUT_INPUTS)('every node subnet, and no pod subnet, is a private subnet: %s', (_why, input) => {
    // Act
    const { config } = emitted(input)

    // Assess
    expect(config).toMatchObject({ apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig' })
    for (const key of Object.keys(config.vpc)) expect(VPC_KEYS).toContain(key)
    const privateSubnets = Object.entries(config.vpc.subnets.private)
    const nodeSubnets = input.subnets.filter((subnet) => subnet.role === 'nodes')
    expect(privateSubnets).toHaveLength(nodeSubnets.length)
    for (const [name, spec] of privateSubnets) {
      expect(name).toMatch(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/)
      for (const key of Object.keys(spec)) expect(SUBNET_SPEC_KEYS).toContain(key)
    }
    for (const subnet of nodeSubnets)
      expect(privateSubnets.map(([, spec]) => spec)).toContainEqual({
        az: subnet.availabilityZone,
        cidr: subnet.cidr,
      })
    expect(config.vpc.subnets.public).toBeUndefined()
  })

  it.each(LAYOUT_INPUTS)(
    'an existing VPC by id, a new one by CIDR, its secondary CIDRs as extraCIDRs: %s',
    (_why, input) => {
      // Act
      const { config } = emitted(input)

      // Assess
      if (input.vpc.id === null && input.vpc.cidr !== null) {
        expect(config.vpc.cidr).toBe(input.vpc.cidr)
        expect(config.vpc.id).toBeUndefined()
      } else {
        expect(config.vpc.id).toBe(input.vpc.id ?? '<vpc-id>')
        expect(config.vpc.cidr).toBeUndefined()
      }
      expect(config.vpc.extraCIDRs ?? []).toEqual(input.vpc.secondaryCidrs)
      expect(config.metadata).toEqual({
        name: input.clusterName ?? '<cluster-name>',
        region: input.region ?? '<region>',
      })
    },
  )

  it.each(LAYOUT_INPUTS)(
    'what eksctl cannot create is in the notes: each reservation as a CLI call, each pod subnet: %s',
    (_why, input) => {
      // Act
      const { result } = emitted(input)

      // Assess
      const commands = result.notes.filter((note) =>
        note.startsWith('aws ec2 create-subnet-cidr-reservation '),
      )
      const reservations = input.subnets.flatMap((subnet) =>
        subnet.prefixReservations.map((cidr) => ({ subnet, cidr })),
      )
      expect(commands).toHaveLength(reservations.length)
      for (const { subnet, cidr } of reservations) {
        const command = commands.find((candidate) => candidate.includes(` --cidr ${cidr} `))
        expect(command, cidr).toContain('--reservation-type prefix')
        expect(command).toContain(`--subnet-id <subnet id of ${subnet.name}>`)
      }
      const podSubnets = input.subnets.filter((subnet) => subnet.role === 'pods')
      const podNote = result.notes.find((note) => note.startsWith('eksctl does not create pod subnets'))
      expect(podNote !== undefined).toBe(podSubnets.length > 0)
      for (const subnet of podSubnets)
        expect(podNote).toContain(`${subnet.cidr} in ${subnet.availabilityZone}`)
      expect(result.notes.some((note) => note.includes('ENIConfig'))).toBe(podSubnets.length > 0)
    },
  )

  it.each(LAYOUT_INPUTS)('every source is a comment line: %s', (_why, input) => {
    // Act
    const { result } = emitted(input)

    // Assess
    const content = result.files[0]?.content ?? ''
    for (const source of input.sources) expect(content).toContain(`# ${oneLine(source)}\n`)
    expect(result.sources).toEqual(input.sources.map(oneLine))
  })
})
