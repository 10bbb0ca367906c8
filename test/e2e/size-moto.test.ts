import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AssociateVpcCidrBlockCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Ipv4Cidr, parseCidr, within } from '../../lib/domain/ipv4.ts'
import type { SizingResult } from '../../lib/schemas/sizing.ts'
import {
  HAS_MOTO,
  MOTO_CREDENTIALS,
  MOTO_SKIPPED,
  type MotoServer,
  startMoto,
} from '../support/moto-server.ts'
import { runCli } from '../support/run-cli.ts'

// `size --vpc-id` against a VPC as moto's EC2 (an AWS implementation we did not write) describes it: a
// primary and a secondary CIDR, and subnets already in both. What the CLI proposes is checked against what
// moto answers, not against what the CLI read.

const REGION = 'eu-west-1'
const ZONES = [`${REGION}a`, `${REGION}b`]
const PRIMARY = '10.30.0.0/16'
const SECONDARY = '100.64.0.0/16'
/** Existing subnets scattered over both CIDRs, so that the free space is in pieces. */
const EXISTING: [string, string][] = [
  ['10.30.0.0/20', ZONES[0] as string],
  ['10.30.64.0/19', ZONES[1] as string],
  ['10.30.130.0/24', ZONES[0] as string],
  ['100.64.0.0/18', ZONES[0] as string],
  ['100.64.128.0/20', ZONES[1] as string],
]

const GROUP = [
  '--instance-type',
  'm5.large',
  '--nodes',
  '10',
  '--max-nodes',
  '40',
  '--zones',
  ZONES.join(','),
]

const cidrOf = (text: string): Ipv4Cidr => {
  const cidr = parseCidr(text)
  if (!cidr) throw new Error(`${text} is no aligned CIDR`)
  return cidr
}
const overlap = (a: Ipv4Cidr, b: Ipv4Cidr) => a.network < b.network + b.size && b.network < a.network + a.size

describe.skipIf(!HAS_MOTO)(`size --vpc-id against moto's EC2${MOTO_SKIPPED}`, () => {
  let moto: MotoServer | undefined
  let ec2: EC2Client
  let vpcId: string
  let env: Record<string, string>

  beforeAll(async () => {
    moto = await startMoto()
    ec2 = new EC2Client({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS })
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: PRIMARY }))
    vpcId = Vpc?.VpcId as string
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: SECONDARY }))
    for (const [cidr, zone] of EXISTING)
      await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }))
    env = {
      HOME: mkdtempSync(join(tmpdir(), 'size-moto-')),
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_EC2: moto.endpoint,
      AWS_PROFILE: '',
    }
  }, 90_000)
  afterAll(() => {
    ec2?.destroy()
    moto?.stop()
  })

  /** The VPC's CIDRs and subnets as moto answers them. */
  async function described() {
    const [{ Vpcs = [] }, { Subnets = [] }] = await Promise.all([
      ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })),
      ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
    ])
    const vpc = Vpcs[0]
    const cidrs = (vpc?.CidrBlockAssociationSet ?? [])
      .filter((item) => item.CidrBlockState?.State === 'associated')
      .map((item) => item.CidrBlock as string)
    return { cidrs, subnets: Subnets.map((subnet) => subnet.CidrBlock as string) }
  }

  it.each([
    ['node subnets with prefix reservations', ['--pods', 'max', '--cni-prefix-delegation-enabled']],
    ['node subnets and pod subnets (custom networking)', ['--pods', '15', '--cni-custom-networking-enabled']],
    ['node subnets of a warm-ENI group', ['--pods', '20']],
  ])(
    '%s: inside the VPC’s CIDRs, disjoint from its subnets and from each other',
    async (_why, flags) => {
      // Prepare
      const truth = await described()
      expect(truth.cidrs.sort()).toEqual([PRIMARY, SECONDARY].sort())
      expect(truth.subnets.sort()).toEqual(EXISTING.map(([cidr]) => cidr).sort())

      // Act
      const outcome = await runCli(['size', ...GROUP, ...flags, '--vpc-id', vpcId, '-o', 'json'], env)

      // Assess
      expect(outcome.code, outcome.stderr).toBe(0)
      const result = JSON.parse(outcome.stdout) as SizingResult
      expect(result.verdict).toBe('fits')
      expect(result.addressSpace.vpcId).toBe(vpcId)
      expect([...result.addressSpace.cidrs].sort()).toEqual(truth.cidrs.sort())
      const proposed = result.subnets.map((subnet) => cidrOf(subnet.cidr ?? ''))
      expect(proposed.length).toBeGreaterThanOrEqual(ZONES.length)
      for (const [index, cidr] of proposed.entries()) {
        expect(truth.cidrs.some((outer) => within(cidrOf(outer), cidr))).toBe(true)
        for (const taken of truth.subnets) expect(overlap(cidr, cidrOf(taken))).toBe(false)
        for (const other of proposed.slice(index + 1)) expect(overlap(cidr, other)).toBe(false)
      }
      for (const subnet of result.subnets)
        for (const reservation of subnet.prefixReservations)
          expect(within(cidrOf(subnet.cidr ?? ''), cidrOf(reservation))).toBe(true)
    },
    60_000,
  )

  it('custom networking puts the pod subnets in the secondary CIDR', async () => {
    // Act
    const outcome = await runCli(
      ['size', ...GROUP, '--pods', '15', '--cni-custom-networking-enabled', '--vpc-id', vpcId, '-o', 'json'],
      env,
    )

    // Assess
    const result = JSON.parse(outcome.stdout) as SizingResult
    const pods = result.subnets.filter((subnet) => subnet.role === 'pods')
    expect(pods.map((subnet) => subnet.availabilityZone).sort()).toEqual(ZONES)
    for (const subnet of pods) expect(within(cidrOf(SECONDARY), cidrOf(subnet.cidr ?? ''))).toBe(true)
  }, 60_000)

  it('an unknown VPC is a mistake naming --vpc-id: exit 2', async () => {
    // Act
    const outcome = await runCli(['size', ...GROUP, '--pods', '20', '--vpc-id', 'vpc-0123456789abcdef0'], env)

    // Assess
    expect(outcome.code).toBe(2)
    expect(outcome.stdout).toBe('')
    expect(outcome.stderr).toMatch(/^eks-ip-capacity: --vpc-id: .*vpc-0123456789abcdef0.*eu-west-1/m)
  }, 60_000)
})
