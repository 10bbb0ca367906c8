import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseHcl } from '@cdktf/hcl2json'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { type Ipv4Cidr, parseCidr, within } from '../../lib/domain/ipv4.ts'
import type { SizingResult } from '../../lib/schemas/sizing.ts'
import { CFN_LINT_MISSING, lintTemplates } from '../support/cfn-lint-templates.ts'
import { REPO_ROOT } from '../support/reference.ts'
import { runCli } from '../support/run-cli.ts'

// `size` as a user runs it (the development runner): the text answer, the JSON answer checked against the
// address space by arithmetic of its own, and every --emit format read back by its own parser, whose CIDRs
// must be the JSON answer's.

const ZONES = ['us-east-1a', 'us-east-1b']
const GROUP = [
  '--instance-type',
  'm5.large',
  '--nodes',
  '10',
  '--max-nodes',
  '30',
  '--zones',
  ZONES.join(','),
]
const PREFIX_NEW_VPC = [
  ...GROUP,
  '--pods',
  'max',
  '--vpc-cidr',
  '10.0.0.0/16',
  '--cni-prefix-delegation-enabled',
]
const CUSTOM_NEW_VPC = [
  ...GROUP,
  '--pods',
  '15',
  '--vpc-cidr',
  '10.0.0.0/16',
  '--secondary-cidr',
  '100.64.0.0/16',
  '--cni-custom-networking-enabled',
]
const DEMO = [...GROUP, '--pods', '20', '--demo']
/** 30 nodes of 15 pods without prefix delegation need hundreds of addresses per zone: more than a /24. */
const SHORT = [...GROUP, '--pods', '15', '--vpc-cidr', '10.0.0.0/24']

const DEMO_SUBNETS = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'demo-vpc', 'subnets.json'), 'utf8')) as {
    Subnets: { CidrBlock?: string }[]
  }
).Subnets.flatMap((subnet) => subnet.CidrBlock ?? [])

async function sized(args: string[]): Promise<SizingResult> {
  const outcome = await runCli(['size', ...args, '-o', 'json'])
  expect(outcome.code, outcome.stderr).toBe(0)
  return JSON.parse(outcome.stdout) as SizingResult
}

const cidrOf = (text: string): Ipv4Cidr => {
  const cidr = parseCidr(text)
  if (!cidr) throw new Error(`${text} is no aligned CIDR`)
  return cidr
}
const overlap = (a: Ipv4Cidr, b: Ipv4Cidr) => a.network < b.network + b.size && b.network < a.network + a.size

/** Every proposed CIDR as placed, and every reservation beside its subnet. */
function placed(result: SizingResult) {
  const subnets = result.subnets.filter((subnet) => subnet.cidr !== null)
  return {
    subnetCidrs: subnets.map((subnet) => subnet.cidr as string).sort(),
    nodeSubnetCidrs: subnets
      .filter((subnet) => subnet.role === 'nodes')
      .map((subnet) => subnet.cidr as string)
      .sort(),
    podSubnets: subnets
      .filter((subnet) => subnet.role === 'pods')
      .map((subnet) => `${subnet.name} (${subnet.cidr} in ${subnet.availabilityZone})`),
    reservations: subnets
      .flatMap((subnet) => subnet.prefixReservations.map((cidr) => `${subnet.cidr} ${cidr}`))
      .sort(),
  }
}

describe('size: the layout in the JSON answer', () => {
  it.each([
    ['a new VPC with prefix delegation', PREFIX_NEW_VPC, ['10.0.0.0/16'], [] as string[]],
    ['a new VPC with a secondary CIDR for pod subnets', CUSTOM_NEW_VPC, ['10.0.0.0/16', '100.64.0.0/16'], []],
    ['the demo VPC around its subnets', DEMO, ['10.20.0.0/16'], DEMO_SUBNETS],
  ])(
    '%s: aligned, inside the space, disjoint from each other and from what exists',
    async (_why, args, space, existing) => {
      // Act
      const result = await sized(args)

      // Assess
      expect(result.verdict).toBe('fits')
      expect(result.proof?.verdict).toBe('fits')
      expect(result.addressSpace.cidrs).toEqual(space)
      expect([...result.addressSpace.existingSubnets].sort()).toEqual([...existing].sort())
      const cidrs = result.subnets.map((subnet) => cidrOf(subnet.cidr ?? ''))
      for (const cidr of cidrs) expect(space.some((outer) => within(cidrOf(outer), cidr))).toBe(true)
      for (const [index, cidr] of cidrs.entries()) {
        for (const other of cidrs.slice(index + 1)) expect(overlap(cidr, other)).toBe(false)
        for (const taken of existing) expect(overlap(cidr, cidrOf(taken))).toBe(false)
      }
      for (const subnet of result.subnets) {
        expect(ZONES).toContain(subnet.availabilityZone)
        expect(cidrOf(subnet.cidr ?? '').size).toBe(subnet.addresses)
        for (const reservation of subnet.prefixReservations)
          expect(within(cidrOf(subnet.cidr ?? ''), cidrOf(reservation))).toBe(true)
      }
    },
  )

  it('prefix delegation reserves /28s in every node subnet; custom networking adds a pod subnet per zone', async () => {
    // Act
    const [prefix, custom] = await Promise.all([sized(PREFIX_NEW_VPC), sized(CUSTOM_NEW_VPC)])

    // Assess
    for (const subnet of prefix.subnets) expect(subnet.prefixReservations.length).toBeGreaterThan(0)
    expect(custom.subnets.map((subnet) => [subnet.role, subnet.availabilityZone]).sort()).toEqual(
      ZONES.flatMap((zone) => [
        ['nodes', zone],
        ['pods', zone],
      ]).sort(),
    )
    for (const subnet of custom.subnets.filter((item) => item.role === 'pods'))
      expect(within(cidrOf('100.64.0.0/16'), cidrOf(subnet.cidr ?? ''))).toBe(true)
  })
})

describe('size: the text answer', () => {
  it.each([
    ['a new VPC', PREFIX_NEW_VPC, 'a new VPC: 10.0.0.0/16'],
    ['the demo VPC', DEMO, 'vpc-demo: 10.20.0.0/16'],
  ])('%s: a row per subnet with its CIDR and reservations, and the proof', async (_why, args, where) => {
    // Prepare
    const expected = await sized(args)

    // Act
    const outcome = await runCli(['size', ...args])

    // Assess
    expect(outcome.code).toBe(0)
    const lines = outcome.stdout.split('\n')
    expect(lines[0]).toBe(`size: fits (${where}; ${expected.headroomPercent} % headroom)`)
    for (const subnet of expected.subnets) {
      const row = lines.find((line) => line.startsWith(`${subnet.name} `)) ?? ''
      const cells = row.split(/\s{2,}/)
      expect(cells.slice(0, 3)).toEqual([subnet.name, subnet.availabilityZone, subnet.cidr])
      expect(cells[3]).toBe(subnet.prefixReservations.join(' ') || '-')
      expect(cells[4]).toBe(`${subnet.demand.max.addresses}, ${subnet.demand.max.blocks}`)
    }
    const proof = lines.find((line) => line.startsWith('proof: ')) ?? ''
    expect(proof).toMatch(/^proof: the plan of this layout at max nodes: fits \(/)
    for (const subnet of expected.subnets) expect(proof).toContain(`${subnet.name} fits`)
  })

  it('a shortfall: no CIDR where there is no room, what is missing and what would fit', async () => {
    // Prepare
    const expected = await sized(SHORT)

    // Act
    const outcome = await runCli(['size', ...SHORT])

    // Assess: the answer is still an answer (exit 0), with its verdict.
    expect(outcome.code).toBe(0)
    expect(expected.verdict).toBe('does-not-fit')
    expect(expected.proof).toBeNull()
    const shortfall = expected.shortfall as NonNullable<SizingResult['shortfall']>
    expect(shortfall.missing.length).toBeGreaterThan(0)
    expect(shortfall.alternatives.length).toBeGreaterThan(0)
    const text = outcome.stdout
    expect(text.split('\n')[0]).toMatch(/^size: does-not-fit \(a new VPC: 10\.0\.0\.0\/24;/)
    for (const subnet of expected.subnets.filter((item) => item.cidr === null))
      expect(text).toContain(`(a /${subnet.prefixLength}: no room)`)
    const missing = text.slice(text.indexOf('missing:\n'), text.indexOf('what would fit:\n'))
    expect(missing).toBe(['missing:', ...shortfall.missing.map((line) => `- ${line}`), ''].join('\n'))
    const fit = text.slice(text.indexOf('what would fit:\n')).split('\n\n')[0]?.trimEnd().split('\n')
    expect(fit).toEqual(['what would fit:', ...shortfall.alternatives.map((item) => `- ${item.summary}`)])
    // The fewer-nodes answer is a count below the planned max, not a restatement of it.
    const fewer = /at most (\d+) m5\.large nodes fit/.exec(text)
    expect(Number(fewer?.[1])).toBeLessThan(30)
  })

  // The custom-networking alternative plans the same pods with one ENI fewer: when they exceed that max pods,
  // it says so rather than failing the whole answer on --pods.
  it('a shortfall whose pods exceed custom networking’s max pods still answers what would fit', async () => {
    // Act: 20 pods fit an m5.large (29) but not with custom networking (20 − 2 host-network pods).
    const outcome = await runCli(['size', ...GROUP, '--pods', '20', '--vpc-cidr', '10.0.0.0/24'])

    // Assess
    expect(outcome.stderr).toBe('')
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toContain('what would fit:')
    expect(outcome.stdout).toMatch(/^- with a secondary CIDR .* no longer fit their nodes/m)
  })

  it('-o yaml is the JSON answer', async () => {
    const [json, yaml] = await Promise.all([sized(DEMO), runCli(['size', ...DEMO, '-o', 'yaml'])])
    expect(parseYaml(yaml.stdout)).toEqual(json)
  })
})

// ---- --emit, read back ------------------------------------------------------------------------------------

interface TerraformJson {
  resource: {
    aws_subnet: Record<string, { cidr_block: string; availability_zone: string }[]>
    aws_ec2_subnet_cidr_reservation?: Record<
      string,
      { subnet_id: string; cidr_block: string; reservation_type: string }[]
    >
  }
}
interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>
}
interface EksctlConfig {
  vpc: { cidr?: string; subnets: { private: Record<string, { az: string; cidr: string }> } }
}

/** The subnets and reservations each format writes, in the JSON answer's terms. */
const READ_BACK = {
  async terraform(content: string) {
    const terraform = (await parseHcl('subnets.tf', content)) as TerraformJson
    const cidrOfSubnet = Object.fromEntries(
      Object.entries(terraform.resource.aws_subnet).map(([name, [subnet]]) => [name, subnet?.cidr_block]),
    )
    const reservations = Object.values(terraform.resource.aws_ec2_subnet_cidr_reservation ?? {}).map(
      ([reservation]) => {
        expect(reservation?.reservation_type).toBe('prefix')
        const subnetName = /^\$\{aws_subnet\.([^.]+)\.id\}$/.exec(reservation?.subnet_id ?? '')?.[1] ?? ''
        return `${cidrOfSubnet[subnetName]} ${reservation?.cidr_block}`
      },
    )
    return { subnetCidrs: Object.values(cidrOfSubnet) as string[], reservations }
  },
  async cloudformation(content: string) {
    const template = parseYaml(content) as CfnTemplate
    const resources = Object.entries(template.Resources)
    const cidrOfSubnet = Object.fromEntries(
      resources
        .filter(([, resource]) => resource.Type === 'AWS::EC2::Subnet')
        .map(([id, resource]) => [id, resource.Properties.CidrBlock as string]),
    )
    const reservations = resources
      .filter(([, resource]) => resource.Type === 'AWS::EC2::SubnetCidrReservation')
      .map(([, { Properties }]) => {
        expect(Properties.ReservationType).toBe('prefix')
        return `${cidrOfSubnet[(Properties.SubnetId as { Ref: string }).Ref]} ${Properties.Cidr}`
      })
    return { subnetCidrs: Object.values(cidrOfSubnet), reservations }
  },
  async eksctl(content: string) {
    const config = parseYaml(content) as EksctlConfig
    // eksctl writes neither reservations nor pod subnets: both are named on stderr (checked below).
    return {
      subnetCidrs: Object.values(config.vpc.subnets.private).map((subnet) => subnet.cidr),
      reservations: [],
    }
  },
} as const

describe.each(Object.keys(READ_BACK) as (keyof typeof READ_BACK)[])('size --emit %s', (format) => {
  it.each([
    ['a new VPC with prefix reservations', PREFIX_NEW_VPC],
    ['a new VPC with pod subnets in a secondary CIDR', CUSTOM_NEW_VPC],
    ['the demo VPC', DEMO],
  ])('%s: parsed back, the same CIDRs as the JSON answer', async (_why, args) => {
    // Prepare
    const expected = placed(await sized(args))

    // Act
    const outcome = await runCli(['size', ...args, '--emit', format])

    // Assess
    expect(outcome.code, outcome.stderr).toBe(0)
    const read = await READ_BACK[format](outcome.stdout)
    if (format === 'eksctl') {
      expect([...read.subnetCidrs].sort()).toEqual(expected.nodeSubnetCidrs)
      for (const pod of expected.podSubnets) expect(outcome.stderr).toContain(pod)
      const commands = outcome.stderr.match(/create-subnet-cidr-reservation .*--cidr (\S+)/g) ?? []
      expect(commands.map((line) => line.replace(/.*--cidr (\S+).*/, '$1')).sort()).toEqual(
        expected.reservations.map((pair) => pair.split(' ')[1]).sort(),
      )
    } else {
      expect([...read.subnetCidrs].sort()).toEqual(expected.subnetCidrs)
      expect([...read.reservations].sort()).toEqual(expected.reservations)
    }
  })
})

describe('size --emit in -o json: the configuration rides along with the answer', () => {
  it('cloudformation: one file, read back to the answer’s own subnets', async () => {
    // Act
    const result = await sized([...PREFIX_NEW_VPC, '--emit', 'cloudformation'])

    // Assess
    const configuration = result.configuration as NonNullable<SizingResult['configuration']>
    expect(configuration.format).toBe('cloudformation')
    const read = await READ_BACK.cloudformation(configuration.files[0]?.content ?? '')
    expect({
      subnetCidrs: [...read.subnetCidrs].sort(),
      reservations: [...read.reservations].sort(),
    }).toEqual({ subnetCidrs: placed(result).subnetCidrs, reservations: placed(result).reservations })
  })
})

if (CFN_LINT_MISSING) console.warn('cfn-lint is not installed here: the emitted template is not linted')

describe('size --emit cloudformation, linted against the resource specification', () => {
  it.skipIf(CFN_LINT_MISSING)(
    'cfn-lint finds no error (its E3006 for the reservation type set aside only if it predates the type)',
    async () => {
      // Prepare
      const outcomes = await Promise.all(
        // New VPCs only: the demo VPC's id (vpc-demo) is no real VPC id, which cfn-lint rightly refuses.
        [PREFIX_NEW_VPC, CUSTOM_NEW_VPC].map((args) => runCli(['size', ...args, '--emit', 'cloudformation'])),
      )

      // Act
      const findings = await lintTemplates(outcomes.map((outcome) => outcome.stdout))

      // Assess
      for (const { ruleIds, errors } of findings) {
        // Every layout names its zones, which cfn-lint warns about (W3010): no match at all means it read nothing.
        expect(ruleIds).toContain('W3010')
        expect(errors).toEqual([])
      }
    },
    60_000,
  )
})

describe('size: mistakes name the flag and exit 2', () => {
  it.each([
    [
      '--pods above the type’s max pods (29 for m5.large without prefix delegation)',
      [...GROUP, '--pods', '40', '--vpc-cidr', '10.0.0.0/16'],
      '--pods',
    ],
    [
      '--max-nodes below --nodes',
      [
        '--instance-type',
        'm5.large',
        '--nodes',
        '10',
        '--max-nodes',
        '5',
        '--pods',
        '20',
        '--zones',
        'us-east-1a',
        '--vpc-cidr',
        '10.0.0.0/16',
      ],
      '--max-nodes',
    ],
    [
      '--secondary-cidr overlapping the VPC CIDR',
      [...GROUP, '--pods', '20', '--vpc-cidr', '10.0.0.0/16', '--secondary-cidr', '10.0.128.0/17'],
      '--secondary-cidr',
    ],
    ['--vpc-cidr that is not aligned', [...GROUP, '--pods', '20', '--vpc-cidr', '10.0.0.1/16'], '--vpc-cidr'],
    [
      '--zones that is no zone',
      [
        '--instance-type',
        'm5.large',
        '--nodes',
        '1',
        '--pods',
        '1',
        '--zones',
        'us-east-1',
        '--vpc-cidr',
        '10.0.0.0/16',
      ],
      '--zones',
    ],
    ['--headroom above 400 %', [...GROUP, '--pods', '20', '--demo', '--headroom', '500'], '--headroom'],
    [
      '--cni-version that is no version',
      [...GROUP, '--pods', '20', '--demo', '--cni-version', 'latest'],
      '--cni-version',
    ],
    [
      'an unknown instance type',
      ['--instance-type', 'm5.bogus', '--nodes', '1', '--pods', '1', '--zones', 'us-east-1a', '--demo'],
      '--instance-type',
    ],
  ])('%s', async (_why, args, flag) => {
    // Act
    const outcome = await runCli(['size', ...args])

    // Assess
    expect(outcome.code).toBe(2)
    expect(outcome.stdout).toBe('')
    expect(outcome.stderr).toMatch(new RegExp(`^eks-ip-capacity: ${flag}: `, 'm'))
  })
})
