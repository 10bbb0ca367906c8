import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { DEMO_VPC_ID } from '../../lib/adapters/demo/demo-vpc.ts'
import { type Ipv4Cidr, parseCidr, within } from '../../lib/domain/ipv4.ts'
import type { SizingResult } from '../../lib/schemas/sizing.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { apiClient } from '../support/api-client.ts'
import { freePort } from '../support/free-port.ts'

// POST /v1/sizing over real HTTP: `npm start`'s own runner, whose existing VPC is the demo VPC. Every answer,
// error or not, is checked against the committed openapi.yaml by the client.

let service: LocalService
const call = apiClient(() => service.url)

beforeAll(async () => {
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
})

const ZONES = ['us-east-1a', 'us-east-1b']
const GROUP = {
  name: 'general',
  instanceTypes: ['m5.large'],
  desiredNodes: 10,
  maxNodes: 30,
  pods: 20,
  availabilityZones: ZONES,
}
const NEW_VPC = { addressSpace: { vpcCidr: '10.0.0.0/16' } }
const DEMO = { vpc: { vpcId: DEMO_VPC_ID } }

/** The field paths a problem names. */
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field)

const cidrOf = (text: string): Ipv4Cidr => {
  const cidr = parseCidr(text)
  if (!cidr) throw new Error(`${text} is no aligned CIDR`)
  return cidr
}
const overlap = (a: Ipv4Cidr, b: Ipv4Cidr) => a.network < b.network + b.size && b.network < a.network + a.size

describe('POST /v1/sizing', () => {
  it.each([
    ['a new VPC', NEW_VPC, null, ['10.0.0.0/16']],
    ['the demo VPC, around its subnets', DEMO, DEMO_VPC_ID, ['10.20.0.0/16']],
  ])(
    '%s: 200, a subnet per zone inside the space and clear of what exists, proved',
    async (_why, space, vpcId, cidrs) => {
      // Act
      const reply = await call('POST', '/v1/sizing', { nodeGroups: [GROUP], ...space })

      // Assess
      expect(reply.status).toBe(200)
      const result = reply.body as SizingResult
      expect(result).toMatchObject({ verdict: 'fits', headroomPercent: 30, addressSpace: { vpcId, cidrs } })
      expect(result.proof?.verdict).toBe('fits')
      expect(result.subnets.map((subnet) => subnet.availabilityZone).sort()).toEqual(ZONES)
      expect(result.configuration).toBeUndefined()
      for (const subnet of result.subnets) {
        const cidr = cidrOf(subnet.cidr ?? '')
        expect(cidrs.some((outer) => within(cidrOf(outer), cidr))).toBe(true)
        for (const taken of result.addressSpace.existingSubnets)
          expect(overlap(cidr, cidrOf(taken))).toBe(false)
        expect(subnet.capacity.addresses).toBeGreaterThanOrEqual(
          Math.ceil(subnet.demand.max.addresses * (1 + result.headroomPercent / 100)),
        )
      }
      if (vpcId) expect(result.addressSpace.existingSubnets.length).toBeGreaterThan(0)
    },
  )

  it('headroomPercent is honoured: none gives smaller subnets than 200 %', async () => {
    // Act
    const [tight, roomy] = await Promise.all([
      call('POST', '/v1/sizing', { nodeGroups: [GROUP], ...NEW_VPC, headroomPercent: 0 }),
      call('POST', '/v1/sizing', { nodeGroups: [GROUP], ...NEW_VPC, headroomPercent: 200 }),
    ])

    // Assess
    const sizes = (reply: typeof tight) =>
      (reply.body as SizingResult).subnets.map((subnet) => subnet.addresses)
    for (const [index, size] of sizes(tight).entries())
      expect(size).toBeLessThan(sizes(roomy)[index] as number)
  })

  it('emit=cloudformation: the template rides along, and its subnets are the answer’s', async () => {
    // Act
    const reply = await call('POST', '/v1/sizing', {
      nodeGroups: [{ ...GROUP, pods: 'max', settings: { prefixDelegation: true } }],
      ...NEW_VPC,
      emit: 'cloudformation',
      clusterName: 'blue',
    })

    // Assess
    expect(reply.status).toBe(200)
    const result = reply.body as SizingResult
    const configuration = result.configuration as NonNullable<SizingResult['configuration']>
    expect(configuration.format).toBe('cloudformation')
    expect(configuration.files).toHaveLength(1)
    const template = parseYaml(configuration.files[0]?.content ?? '') as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>
    }
    const ofType = (type: string) =>
      Object.values(template.Resources).filter((resource) => resource.Type === type)
    expect(
      ofType('AWS::EC2::Subnet')
        .map((subnet) => subnet.Properties.CidrBlock)
        .sort(),
    ).toEqual(result.subnets.map((subnet) => subnet.cidr).sort())
    const reservations = result.subnets.flatMap((subnet) => subnet.prefixReservations)
    expect(reservations.length).toBeGreaterThan(0)
    expect(
      ofType('AWS::EC2::SubnetCidrReservation')
        .map((item) => item.Properties.Cidr)
        .sort(),
    ).toEqual(reservations.sort())
  })
})

describe('POST /v1/sizing: mistakes are 400 problems naming the field', () => {
  it.each([
    ['no address space', { nodeGroups: [GROUP] }, 'addressSpace'],
    ['two address spaces', { nodeGroups: [GROUP], ...NEW_VPC, ...DEMO }, 'addressSpace'],
    [
      'a CIDR not aligned to its length',
      { nodeGroups: [GROUP], addressSpace: { vpcCidr: '10.0.0.1/16' } },
      'addressSpace.vpcCidr',
    ],
    [
      'a CIDR that is no CIDR',
      { nodeGroups: [GROUP], addressSpace: { vpcCidr: '10.0.0.0' } },
      'addressSpace.vpcCidr',
    ],
    [
      'a secondary CIDR overlapping the VPC CIDR',
      { nodeGroups: [GROUP], addressSpace: { vpcCidr: '10.0.0.0/16', secondaryCidrs: ['10.0.128.0/17'] } },
      'addressSpace.secondaryCidrs.0',
    ],
    [
      'max nodes below desired',
      { nodeGroups: [{ ...GROUP, maxNodes: 5 }], ...NEW_VPC },
      'nodeGroups.0.maxNodes',
    ],
    [
      'a zone that is no zone',
      { nodeGroups: [{ ...GROUP, availabilityZones: ['us-east-1'] }], ...NEW_VPC },
      'nodeGroups.0.availabilityZones.0',
    ],
    ['an unknown layout format', { nodeGroups: [GROUP], ...NEW_VPC, emit: 'nodeadm' }, 'emit'],
  ])('%s', async (_why, body, field) => {
    // Act
    const reply = await call('POST', '/v1/sizing', body)

    // Assess
    expect(reply.status).toBe(400)
    expect(reply.contentType).toBe('application/problem+json')
    expect(fieldsOf(reply.body).map((name) => name.replace(/\[(\d+)\]/g, '.$1'))).toContain(field)
  })

  it('an unknown VPC is a 404 problem naming vpc.vpcId', async () => {
    // Act
    const reply = await call('POST', '/v1/sizing', {
      nodeGroups: [GROUP],
      vpc: { vpcId: 'vpc-0123456789abcdef0' },
    })

    // Assess
    expect(reply.status).toBe(404)
    expect(reply.contentType).toBe('application/problem+json')
    expect(fieldsOf(reply.body)).toEqual(['vpc.vpcId'])
    expect(reply.body.errors[0].message).toContain('vpc-0123456789abcdef0')
  })
})
