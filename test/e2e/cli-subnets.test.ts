import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_VPC_ID } from '../../lib/adapters/demo/demo-vpc.ts'
import { createSubnetAnalysisService } from '../../lib/services/subnet-analysis.ts'
import { demoNetwork } from '../support/demo-network.ts'
import { FROZEN_ON_HEALTHY, PREFIXES_ON_EXPLICIT_RESERVED } from '../support/demo-node-groups.ts'
import { FakeEc2 } from '../support/fake-ec2.ts'
import { REPO_ROOT } from '../support/reference.ts'
import { runCli } from '../support/run-cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'subnet-exports-'))
const file = (name: string) => join(dir, name)
let demo: Awaited<ReturnType<typeof demoNetwork>>

const cli = runCli

const analyzeArgs = (...extra: string[]) => [
  'subnets',
  'analyze',
  '--subnets',
  file('subnets.json'),
  '--enis',
  file('enis.json'),
  '--reservations',
  file('reservations.json'),
  ...extra,
]

beforeAll(async () => {
  demo = await demoNetwork()
  writeFileSync(file('subnets.json'), JSON.stringify({ Subnets: demo.subnets }))
  writeFileSync(file('enis.json'), JSON.stringify({ NetworkInterfaces: demo.networkInterfaces }))
  writeFileSync(file('reservations.json'), JSON.stringify({ SubnetIpv4CidrReservations: demo.reservations }))
  writeFileSync(file('not-json.json'), '{"Subnets": [')
  const outside = {
    ...demo.networkInterfaces[0],
    PrivateIpAddresses: [{ PrivateIpAddress: '192.168.1.1', Primary: true }],
  }
  writeFileSync(file('outside.json'), JSON.stringify({ NetworkInterfaces: [outside] }))
  writeFileSync(file('malformed.json'), JSON.stringify({ Subnets: [{ VpcId: 'vpc-1' }] }))
  writeFileSync(file('reservations-list.json'), JSON.stringify(demo.reservations))
  writeFileSync(file('subnets-list.json'), JSON.stringify(demo.subnets))
  writeFileSync(file('enis-list.json'), JSON.stringify(demo.networkInterfaces))
})

describe('eks-ip-capacity subnets analyze (offline, on AWS CLI exports)', () => {
  it('--output json prints {"subnets": [...]}: the service’s own analysis, worst first', async () => {
    const outcome = await cli(analyzeArgs('--output', 'json'))
    expect(outcome.code).toBe(0)
    const printed = JSON.parse(outcome.stdout)
    const direct = await createSubnetAnalysisService(() => demo.inventory, 'us-east-1').summaries({
      vpcId: DEMO_VPC_ID,
    })
    expect(printed.subnets.map((subnet: { subnetId: string }) => subnet.subnetId)).toEqual(
      direct.subnets.map((subnet) => subnet.subnetId),
    )
    expect(printed.subnets[0]).toMatchObject({
      subnetId: 'subnet-demo-exhausted',
      cidr: '10.20.32.0/22',
      fragmentationScore: direct.subnets[0]?.fragmentationScore,
    })
    expect(printed.subnets[0].blockList).toHaveLength(64)
  })

  it('--output table prints one row per subnet, then warnings and drain suggestions', async () => {
    const lines = (await cli(analyzeArgs())).stdout.split('\n')
    expect(lines[0]).toMatch(/^SUBNET\s+CIDR\s+AZ\s+SCORE\s+FREE\s+FRAGMENTED/)
    expect(lines[1]).toMatch(/^subnet-demo-exhausted\s+10\.20\.32\.0\/22/)
    expect(lines).toContain('skipped subnet-demo-ipv6-only: IPv6-only subnet: no IPv4 /28 blocks to analyse')
    expect(
      lines.some((line) =>
        /subnet-demo-fragmented: drain and replace i-\w+ to free \d+ \/28 block/.test(line),
      ),
    ).toBe(true)
  })

  it('--output map draws the blocks', async () => {
    const outcome = await cli(analyzeArgs('--output', 'map'))
    expect(outcome.stdout).toContain('subnet-demo-prefix-reserved 10.20.36.0/24')
    expect(outcome.stdout).toContain('10.20.36.0/24      ×·······PPP····×')
    expect(outcome.stdout).toContain('  prefix reservation 10.20.36.128/25')
  })
})

describe('the committed example exports', () => {
  it('are the demo VPC as it is built now (npm run demo:exports rewrites them)', () => {
    const committed = (name: string) =>
      JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'demo-vpc', name), 'utf8'))
    expect(committed('subnets.json').Subnets).toEqual(demo.subnets)
    expect(committed('network-interfaces.json').NetworkInterfaces).toEqual(demo.networkInterfaces)
    expect(committed('cidr-reservations.json').SubnetIpv4CidrReservations).toEqual(demo.reservations)
  })
})

describe('eks-ip-capacity subnets scan (live EC2, here the fake endpoint)', () => {
  const ec2 = new FakeEc2()
  let endpoint: string
  beforeAll(async () => {
    endpoint = await ec2.start()
    ec2.setNetwork('us-east-1', demo)
  })
  afterAll(() => ec2.stop())

  it('scans a VPC with the caller’s credentials, tells progress on stderr, and agrees with analyze', async () => {
    const env = { EC2_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }
    const scanned = await cli(
      ['subnets', 'scan', '--vpc-id', DEMO_VPC_ID, '--region', 'us-east-1', '--output', 'json'],
      env,
    )
    expect(scanned.code).toBe(0)
    expect(scanned.stderr).toContain('scan: 6 subnets in 1 VPC')
    expect(scanned.stderr).toMatch(/scan: vpc-demo: \d+ network interfaces/)
    expect(JSON.parse(scanned.stdout)).toEqual(
      JSON.parse((await cli(analyzeArgs('--output', 'json'))).stdout),
    )
  })
})

describe('eks-ip-capacity plan', () => {
  it.each([
    ['fits', 'fits', 'addresses'],
    ['bound-by-blocks', 'does-not-fit', 'contiguous-28-blocks'],
    ['bound-by-addresses', 'does-not-fit', 'addresses'],
  ])('examples/plans/%s.yaml on the demo VPC: %s, bound by %s', async (name, verdict, binding) => {
    const outcome = await cli([
      'plan',
      join(REPO_ROOT, 'examples', 'plans', `${name}.yaml`),
      '--demo',
      '--output',
      'json',
    ])
    expect(outcome.code).toBe(0)
    const plan = JSON.parse(outcome.stdout)
    expect(plan.verdict).toBe(verdict)
    expect(plan.subnets[0].bindingLimit).toBe(binding)
  })

  it('plans against export files given on the command line, and prints tables', async () => {
    const outcome = await cli([
      'plan',
      join(REPO_ROOT, 'examples', 'plans', 'fits.yaml'),
      '--subnets',
      file('subnets.json'),
      '--enis',
      file('enis.json'),
    ])
    expect(outcome.stdout.split('\n')[0]).toBe('plan: fits')
    expect(outcome.stdout).toMatch(/subnet-demo-healthy\s+10\.20\.0\.0\/20\s+fits/)
  })

  it('the review’s plans: no prefix delegation for frozen pods, blocks bind at a real ratio', async () => {
    const frozen = FROZEN_ON_HEALTHY
    const dense = PREFIXES_ON_EXPLICIT_RESERVED
    writeFileSync(
      file('review-plan.json'),
      JSON.stringify({ subnets: { vpcId: 'vpc-demo' }, nodeGroups: [frozen, dense] }),
    )
    const outcome = await cli(['plan', file('review-plan.json'), '--demo'])
    expect(outcome.stdout).toMatch(/- frozen: set WARM_IP_TARGET=2 beside MINIMUM_IP_TARGET/)
    expect(outcome.stdout).not.toMatch(/frozen: with prefix delegation/)
    expect(outcome.stdout).toMatch(/subnet-demo-explicit-reserved .*contiguous-28-blocks\s+160%/)
    expect(outcome.stdout).not.toContain('99900%')
  })

  it('refuses a plan with an unknown type, exit 2 naming the field', async () => {
    writeFileSync(
      file('bad-plan.yaml'),
      'subnets: {vpcId: vpc-demo}\nnodeGroups: [{name: a, instanceTypes: [m9.huge], desiredNodes: 1, pods: 1}]\n',
    )
    const outcome = await cli(['plan', file('bad-plan.yaml'), '--demo'])
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/nodeGroups\[0\]\.instanceTypes\[0\]: unknown instance type 'm9.huge'/)
  })
})

describe('eks-ip-capacity report run', () => {
  it('--demo --output json: one report of the demo VPC, at-risk subnets first', async () => {
    const outcome = await cli(['report', 'run', '--demo', '--output', 'json'])
    expect(outcome.code).toBe(0)
    const report = JSON.parse(outcome.stdout)
    expect(report).toMatchObject({ scope: 'default', complete: true, subnetsAtRisk: 3 })
    expect(report.subnets[0]).toMatchObject({ subnetId: 'subnet-demo-exhausted', atRisk: true })
  })
})

describe('subnet mistakes exit 2 with one clear line', () => {
  it.each([
    [
      'no ENI export',
      ['subnets', 'analyze', '--subnets', 'x.json'],
      /--enis: name the describe-network-interfaces export file/,
    ],
    [
      'a file that is not JSON',
      ['subnets', 'analyze', '--subnets', '@not-json.json', '--enis', '@enis.json'],
      /--subnets: .*not-json\.json is not JSON/,
    ],
    [
      'a file that is not an export',
      ['subnets', 'analyze', '--subnets', '@malformed.json', '--enis', '@enis.json'],
      /--subnets Subnets\[0\]\.SubnetId/,
    ],
    [
      'an address outside its subnet',
      ['subnets', 'analyze', '--subnets', '@subnets.json', '--enis', '@outside.json'],
      /networkInterfaces\[eni-[\w-]+\]\.privateIps\[0\]: '192\.168\.1\.1' is not an address of/,
    ],
    [
      'a reservations file holding a JSON array (one get-subnet-cidr-reservations output per file)',
      [
        'subnets',
        'analyze',
        '--subnets',
        '@subnets.json',
        '--enis',
        '@enis.json',
        '--reservations',
        '@reservations-list.json',
      ],
      /--reservations: .*reservations-list\.json holds a JSON array; expected the output of `aws ec2 get-subnet-cidr-reservations --output json`: \{"SubnetIpv4CidrReservations": \[\.\.\.\]\}/,
    ],
    [
      'a subnets file holding a JSON array of subnets',
      ['subnets', 'analyze', '--subnets', '@subnets-list.json', '--enis', '@enis.json'],
      /--subnets: expected the output of `aws ec2 describe-subnets --output json`: \{"Subnets": \[\.\.\.\]\}, not a JSON array/,
    ],
    [
      'an ENIs file holding a JSON array of network interfaces',
      ['subnets', 'analyze', '--subnets', '@subnets.json', '--enis', '@enis-list.json'],
      /--enis: expected the output of `aws ec2 describe-network-interfaces --output json`: \{"NetworkInterfaces": \[\.\.\.\]\}, not a JSON array/,
    ],
    [
      'a missing file',
      ['subnets', 'analyze', '--subnets', '@nope.json', '--enis', '@enis.json'],
      /--subnets: cannot read .*nope\.json \(ENOENT\)/,
    ],
    [
      'an unknown output',
      ['subnets', 'analyze', '--subnets', 'a', '--enis', 'b', '--output', 'pdf'],
      /--output: expected one of table, json, yaml, map, not 'pdf'/,
    ],
    [
      'a scan with two selectors',
      ['subnets', 'scan', '--vpc-id', 'vpc-1', '--cluster', 'c', '--region', 'us-east-1'],
      /give at most one of --cluster, --vpc-id and --subnet-id/,
    ],
    [
      'an unknown action',
      ['subnets', 'fix'],
      /unknown subnets command 'fix'; try subnets analyze or subnets scan/,
    ],
  ])('%s', async (_why, args, message) => {
    const outcome = await cli(args.map((arg) => (arg.startsWith('@') ? file(arg.slice(1)) : arg)))
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(message)
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1)
  })
})
