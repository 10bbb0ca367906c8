import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoVpcInventory } from '../../lib/adapters/demo/demo-vpc.ts'
import { MAX_ANALYZE_BODY_BYTES } from '../../lib/schemas/api/subnets.ts'
import { createSubnetAnalysisService } from '../../lib/services/subnet-analysis.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { analysedSubnet } from '../support/analysed-subnet.ts'
import { apiClient } from '../support/api-client.ts'
import { demoNetwork } from '../support/demo-network.ts'
import { DENSE_ON_FRAGMENTED } from '../support/demo-node-groups.ts'
import { freePort } from '../support/free-port.ts'

// The subnet routes as a user meets them: `npm start`'s runner over the demo VPC, real HTTP requests,
// every answer checked against openapi.yaml.

let service: LocalService
let demo: Awaited<ReturnType<typeof demoNetwork>>

const call = apiClient(() => service.url)

beforeAll(async () => {
  demo = await demoNetwork()
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
})

describe('subnet API over HTTP on the demo VPC', () => {
  it('GET /v1/subnets?vpcId= lists summaries worst first and says which subnets it skipped', async () => {
    const reply = await call('GET', '/v1/subnets?vpcId=vpc-demo')
    expect(reply.status).toBe(200)
    const scores = reply.body.subnets.map(
      (subnet: { fragmentationScore: number }) => subnet.fragmentationScore,
    )
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(reply.body.subnets[0]).toMatchObject({
      subnetId: 'subnet-demo-exhausted',
      blocks: { assignable: 2 },
    })
    expect(reply.body.subnets[0].blockList).toBeUndefined()
    expect(reply.body.skipped).toEqual([expect.objectContaining({ subnetId: 'subnet-demo-ipv6-only' })])
  })

  it('GET /v1/subnets?cluster= and ?subnetIds= select subnets', async () => {
    expect((await call('GET', '/v1/subnets?cluster=demo')).body.subnets).toHaveLength(4)
    const listed = await call('GET', '/v1/subnets?subnetIds=subnet-demo-healthy,subnet-demo-fragmented')
    expect(listed.body.subnets.map((subnet: { subnetId: string }) => subnet.subnetId)).toEqual([
      'subnet-demo-fragmented',
      'subnet-demo-healthy',
    ])
  })

  it('GET /v1/subnets/{id} gives the full analysis, with the reconciliation gap', async () => {
    const reply = await call('GET', '/v1/subnets/subnet-demo-fragmented')
    expect(reply.body.blockList).toHaveLength(256)
    expect(reply.body.unaccountedAddresses).toBe(3)
    expect(reply.body.warnings[0]).toMatch(/3 addresses are used by something not visible/)
    expect(reply.body.drainSuggestions[0].blocksRecovered).toBeGreaterThan(0)
  })

  it('GET /v1/subnets/{id} of an IPv6-only subnet answers what the list answers: skipped, with the reason', async () => {
    const listed = await call('GET', '/v1/subnets?vpcId=vpc-demo')
    const reply = await call('GET', '/v1/subnets/subnet-demo-ipv6-only')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      subnetId: 'subnet-demo-ipv6-only',
      vpcId: 'vpc-demo',
      reason: 'IPv6-only subnet: no IPv4 /28 blocks to analyse',
    })
    expect(listed.body.skipped).toEqual([reply.body])
  })

  it('GET /v1/subnets/{id}/map.svg of an IPv6-only subnet is a picture saying why it has no blocks', async () => {
    const reply = await call('GET', '/v1/subnets/subnet-demo-ipv6-only/map.svg')
    expect(reply.status).toBe(200)
    expect(reply.contentType).toBe('image/svg+xml')
    expect(reply.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(reply.text).toContain('subnet-demo-ipv6-only: IPv6-only subnet: no IPv4 /28 blocks to analyse')
  })

  it('GET /v1/subnets/{id}/map.svg is a well-formed picture with a cell per block', async () => {
    const reply = await call('GET', '/v1/subnets/subnet-demo-prefix-reserved/map.svg')
    expect(reply.contentType).toBe('image/svg+xml')
    expect(reply.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(reply.text.match(/<rect x="\d+" y="56"/g)).toHaveLength(16)
    expect(reply.text).toContain('subnet-demo-prefix-reserved  10.20.36.0/24')
  })

  it('POST /v1/subnets/analyze analyses AWS CLI exports', async () => {
    const reply = await call('POST', '/v1/subnets/analyze', {
      subnets: { Subnets: demo.subnets },
      networkInterfaces: { NetworkInterfaces: demo.networkInterfaces },
      cidrReservations: [{ SubnetIpv4CidrReservations: demo.reservations }],
    })
    expect(reply.status).toBe(200)
    const online = await call('GET', '/v1/subnets/subnet-demo-fragmented')
    const posted = reply.body.subnets.find(
      (subnet: { subnetId: string }) => subnet.subnetId === 'subnet-demo-fragmented',
    )
    expect(posted).toEqual(online.body)
  })
})

describe('cluster plans over HTTP', () => {
  it('POST /v1/plans judges each subnet and recommends, on the demo VPC', async () => {
    const reply = await call('POST', '/v1/plans', {
      subnets: { vpcId: 'vpc-demo' },
      nodeGroups: [
        DENSE_ON_FRAGMENTED,
        {
          name: 'apps',
          instanceTypes: ['m5.large'],
          desiredNodes: 3,
          pods: 20,
          subnetIds: ['subnet-demo-healthy'],
        },
      ],
    })
    expect(reply.status).toBe(200)
    expect(reply.body.verdict).toBe('does-not-fit')
    const verdicts = Object.fromEntries(
      reply.body.subnets.map((subnet: { subnetId: string; verdict: string }) => [
        subnet.subnetId,
        subnet.verdict,
      ]),
    )
    expect(verdicts).toEqual({ 'subnet-demo-healthy': 'fits', 'subnet-demo-fragmented': 'does-not-fit' })
  })

  it('POST /v1/plans also plans against posted exports', async () => {
    const reply = await call('POST', '/v1/plans', {
      exports: {
        subnets: { Subnets: demo.subnets },
        networkInterfaces: { NetworkInterfaces: demo.networkInterfaces },
      },
      nodeGroups: [
        {
          name: 'busy',
          instanceTypes: ['m5.large'],
          desiredNodes: 3,
          pods: 10,
          subnetIds: ['subnet-demo-exhausted'],
        },
      ],
    })
    expect(reply.body.subnets[0]).toMatchObject({ verdict: 'does-not-fit', bindingLimit: 'addresses' })
  })

  it.each([
    ['no node groups', { subnets: { vpcId: 'vpc-demo' }, nodeGroups: [] }, 'nodeGroups'],
    [
      'no subnets',
      { nodeGroups: [{ name: 'a', instanceTypes: ['m5.large'], desiredNodes: 1, pods: 1 }] },
      'subnets',
    ],
    [
      'an unknown type',
      {
        subnets: { vpcId: 'vpc-demo' },
        nodeGroups: [{ name: 'a', instanceTypes: ['m9.huge'], desiredNodes: 1, pods: 1 }],
      },
      'nodeGroups[0].instanceTypes[0]',
    ],
    [
      'an unknown subnet',
      {
        subnets: { vpcId: 'vpc-demo' },
        nodeGroups: [
          { name: 'a', instanceTypes: ['m5.large'], desiredNodes: 1, pods: 1, subnetIds: ['subnet-zz'] },
        ],
      },
      'nodeGroups[0].subnetIds[0]',
    ],
    [
      'custom networking with nodes in us-east-1c and no pod subnet there',
      {
        subnets: { vpcId: 'vpc-demo' },
        nodeGroups: [
          {
            name: 'a',
            instanceTypes: ['m5.large'],
            desiredNodes: 2,
            pods: 1,
            settings: { customNetworking: true },
            subnetIds: ['subnet-demo-healthy', 'subnet-demo-exhausted'],
            podSubnetIds: ['subnet-demo-prefix-reserved'],
          },
        ],
      },
      'nodeGroups[0].podSubnetIds',
    ],
  ])('%s is a 400 naming the field', async (_why, body, field) => {
    const reply = await call('POST', '/v1/plans', body)
    expect(reply.status).toBe(400)
    expect(reply.contentType).toMatch(/application\/problem\+json/)
    expect(reply.body.errors.map((error: { field: string }) => error.field)).toContain(field)
  })
})

describe('fragmentation reports over HTTP (npm start seeds two demo reports, a day apart)', () => {
  it('GET /v1/reports lists both, newest first, and pages with a cursor', async () => {
    const first = await call('GET', '/v1/reports?limit=1')
    expect(first.body.items).toHaveLength(1)
    const second = await call('GET', `/v1/reports?limit=1&cursor=${first.body.nextCursor}`)
    expect(second.body.items).toHaveLength(1)
    expect(second.body.items[0].window < first.body.items[0].window).toBe(true)
    expect(second.body.nextCursor).toBeNull()
  })

  it('GET /v1/reports/latest shows the drift as a trend', async () => {
    const reply = await call('GET', '/v1/reports/latest')
    expect(reply.body.complete).toBe(true)
    const fragmented = reply.body.subnets.find(
      (entry: { subnetId: string }) => entry.subnetId === 'subnet-demo-fragmented',
    )
    // npm start seeds two reports a day apart, the second with drift 150: the reference is the analysis
    // of each state of the demo VPC.
    const assignable = async (drift: number) =>
      (
        await analysedSubnet(
          createSubnetAnalysisService(() => new DemoVpcInventory({ drift }), 'us-east-1'),
          'subnet-demo-fragmented',
        )
      ).blocks.assignable
    const [before, after] = [await assignable(0), await assignable(150)]
    expect(after).toBeLessThan(before)
    expect(fragmented.trend).toEqual({
      assignableChange: after - before,
      blocksPerDay: before - after,
      daysToExhaustion: Math.round((after / (before - after)) * 10) / 10,
    })
  })

  it('GET /v1/reports/{id} gives the same report', async () => {
    const latest = await call('GET', '/v1/reports/latest')
    const byId = await call('GET', `/v1/reports/${encodeURIComponent(latest.body.reportId)}`)
    expect(byId.body).toEqual(latest.body)
  })

  it.each([
    ['an unknown scope', '/v1/reports/latest?scope=other', 404],
    ['an unknown report', `/v1/reports/${encodeURIComponent('default@2020-01-01T00:00:00.000Z')}`, 404],
    ['a malformed since', '/v1/reports?since=yesterday', 400],
  ])('%s is a %i problem', async (_why, path, status) => {
    const reply = await call('GET', path)
    expect(reply.status).toBe(status)
    expect(reply.contentType).toBe('application/problem+json')
  })
})

describe('bad subnet requests get a clear 4xx naming the field', () => {
  const exportsWith = (subnets: unknown[], enis: unknown[]) => ({
    subnets: { Subnets: subnets },
    networkInterfaces: { NetworkInterfaces: enis },
  })
  const demoSubnet = () => demo.subnets.find((subnet) => subnet.SubnetId === 'subnet-demo-healthy')

  it.each([
    ['no selector', 'GET', '/v1/subnets', undefined, 400, 'vpcId'],
    ['two selectors', 'GET', '/v1/subnets?vpcId=vpc-demo&cluster=demo', undefined, 400, 'vpcId'],
    ['a malformed VPC ID', 'GET', '/v1/subnets?vpcId=demo', undefined, 400, 'vpcId'],
    ['a malformed subnet ID', 'GET', '/v1/subnets/sub-1', undefined, 400, 'subnetId'],
    ['an unknown subnet', 'GET', '/v1/subnets/subnet-nope', undefined, 404, 'subnetId'],
    ['an unknown map', 'GET', '/v1/subnets/subnet-nope/map.svg', undefined, 404, 'subnetId'],
    [
      'an export that is not one',
      'POST',
      '/v1/subnets/analyze',
      { subnets: [], networkInterfaces: {} },
      400,
      'subnets',
    ],
    [
      'reservations as a bare list of items, not get-subnet-cidr-reservations outputs (they would be dropped silently)',
      'POST',
      '/v1/subnets/analyze',
      () => ({ ...exportsWith([demoSubnet()], []), cidrReservations: demo.reservations }),
      400,
      'cidrReservations[0]',
    ],
    [
      'a bad subnet CIDR',
      'POST',
      '/v1/subnets/analyze',
      () => exportsWith([{ ...demoSubnet(), CidrBlock: '10.20.0.0/33' }], []),
      400,
      'subnets[subnet-demo-healthy].cidr',
    ],
    [
      'an IP outside its subnet',
      'POST',
      '/v1/subnets/analyze',
      () =>
        exportsWith(
          [demoSubnet()],
          [
            {
              NetworkInterfaceId: 'eni-x',
              SubnetId: 'subnet-demo-healthy',
              PrivateIpAddresses: [{ PrivateIpAddress: '192.168.0.1', Primary: true }],
            },
          ],
        ),
      400,
      'networkInterfaces[eni-x].privateIps[0]',
    ],
  ])('%s', async (_why, method, path, body, status, field) => {
    const reply = await call(method, path, typeof body === 'function' ? body() : body)
    expect(reply.status).toBe(status)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.errors.map((error: { field: string }) => error.field)).toContain(field)
  })

  it.each([
    [
      'a list of lists is told the shape expected',
      [[{ SubnetIpv4CidrReservations: [] }]],
      /^expected the output of `aws ec2 get-subnet-cidr-reservations --output json`: \{"SubnetIpv4CidrReservations": \[\.\.\.\]\}, or a list of them$/,
    ],
    [
      'a number is told the shape expected',
      5,
      /^expected the output of `aws ec2 get-subnet-cidr-reservations --output json`/,
    ],
    [
      'a bad item inside an output is named, not hidden behind the shape',
      {
        SubnetIpv4CidrReservations: [
          { SubnetCidrReservationId: 'scr-1', SubnetId: 'subnet-1', Cidr: '10.0.0.0/28' },
        ],
      },
      /^SubnetIpv4CidrReservations\[0\]\.ReservationType: /,
    ],
  ])('cidrReservations: %s', async (_why, cidrReservations, message) => {
    const reply = await call('POST', '/v1/subnets/analyze', {
      subnets: { Subnets: [] },
      networkInterfaces: { NetworkInterfaces: [] },
      cidrReservations,
    })
    expect(reply.status).toBe(400)
    expect(reply.body.errors).toEqual([
      { field: 'cidrReservations', message: expect.stringMatching(message) },
    ])
  })

  it('a body over the stated limit is 413', async () => {
    const padding = 'x'.repeat(MAX_ANALYZE_BODY_BYTES)
    const reply = await call(
      'POST',
      '/v1/subnets/analyze',
      JSON.stringify({
        subnets: { Subnets: [], note: padding },
        networkInterfaces: { NetworkInterfaces: [] },
      }),
    )
    expect(reply.status).toBe(413)
    expect(reply.contentType).toBe('application/problem+json')
  })
})
