import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../../lib/commands/grammar.ts'
import { InvalidInputError } from '../../../lib/errors.ts'
import { LAYOUT_FORMATS } from '../../../lib/schemas/emit-formats.ts'

// `size` takes one node group from flags, or node groups from a file, and exactly one address space: a new
// VPC's CIDRs, an existing VPC, the demo VPC, or exports of one. A flag that would be ignored is refused,
// naming it.

const GROUP = [
  '--instance-type',
  'm5.large',
  '--nodes',
  '10',
  '--max-nodes',
  '30',
  '--pods',
  '20',
  '--zones',
  'us-east-1a,us-east-1b',
]
const NEW_VPC = ['--vpc-cidr', '10.0.0.0/16']

/** GROUP with these flags' values instead (repeated --instance-type flags replace its one type). */
function withFlags(flags: string[]): string[] {
  const names = new Set(flags.filter((token) => token.startsWith('--')))
  const kept: string[] = []
  for (let index = 0; index < GROUP.length; index += 2)
    if (!names.has(GROUP[index] as string)) kept.push(GROUP[index] as string, GROUP[index + 1] as string)
  return [...kept, ...flags]
}

const size = (...tokens: string[]) => parseCommand(['size', ...tokens])

/** The fields a command line is refused for, in the order named. */
function refusedFields(tokens: string[]): string[] {
  try {
    parseCommand(['size', ...tokens])
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError)
    return (error as InvalidInputError).issues.map((issue) => issue.field)
  }
  throw new Error(`size ${tokens.join(' ')} was accepted`)
}

/** The one-line message a command line is refused with. */
function refusal(tokens: string[]): string {
  try {
    parseCommand(['size', ...tokens])
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`size ${tokens.join(' ')} was accepted`)
}

describe('size: one node group from flags', () => {
  it('the group and a new VPC, with the defaults left to the request schema', () => {
    // Act
    const command = size(...GROUP, ...NEW_VPC)

    // Assess
    expect(command).toEqual({
      name: 'size',
      file: undefined,
      nodeGroups: [
        {
          name: 'm5.large',
          instanceTypes: ['m5.large'],
          desiredNodes: 10,
          maxNodes: 30,
          pods: 20,
          settings: {},
          availabilityZones: ['us-east-1a', 'us-east-1b'],
        },
      ],
      space: { kind: 'cidrs', vpcCidr: '10.0.0.0/16', secondaryCidrs: [] },
      headroomPercent: undefined,
      clusterName: undefined,
      aws: expect.any(Object),
      output: 'text',
      emit: undefined,
    })
  })

  it.each([
    [
      'several types, repeated or comma-separated, name the group',
      ['--instance-type', 'm5.large', '--instance-type', 'm5.xlarge,c5.large'],
      { name: 'm5.large,m5.xlarge,c5.large', instanceTypes: ['m5.large', 'm5.xlarge', 'c5.large'] },
    ],
    ['--pods max: full nodes', ['--pods', 'max'], { pods: 'max' }],
    [
      '--zones is a comma-separated list',
      ['--zones', 'eu-west-1a,eu-west-1b,eu-west-1c'],
      {
        availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      },
    ],
    ['one zone is a list of one', ['--zones', 'us-east-1a'], { availabilityZones: ['us-east-1a'] }],
  ])('%s', (_why, flags, shape) => {
    // Act
    const command = size(...withFlags(flags), ...NEW_VPC)

    // Assess
    expect(command.name === 'size' && command.nodeGroups?.[0]).toMatchObject(shape)
  })

  it('without --max-nodes, the request schema defaults it to --nodes: the flag is left out', () => {
    const command = size(
      '--instance-type',
      'm5.large',
      '--nodes',
      '4',
      '--pods',
      '9',
      '--zones',
      'us-east-1a',
      ...NEW_VPC,
    )
    expect(command.name === 'size' && command.nodeGroups?.[0]).not.toHaveProperty('maxNodes')
  })

  it('CNI settings and warm-pool flags become the group’s settings', () => {
    // Act
    const command = size(
      ...GROUP,
      ...NEW_VPC,
      '--cni-prefix-delegation-enabled',
      '--cni-version',
      '1.19.0',
      '--warm-prefix-target',
      '2',
      '--warm-ip-target',
      '5',
      '--minimum-ip-target',
      '10',
      '--warm-eni-target',
      '0',
    )

    // Assess
    expect(command.name === 'size' && command.nodeGroups?.[0]?.settings).toMatchObject({
      prefixDelegation: true,
      cniVersion: '1.19.0',
      warmPrefixTarget: 2,
      warmIpTarget: 5,
      minimumIpTarget: 10,
      warmEniTarget: 0,
    })
  })

  it('--profile is the AWS profile here, never the old spelling of --bootstrap', () => {
    // Act
    const command = size(...GROUP, '--vpc-id', 'vpc-0abc', '--profile', 'prod', '--region', 'eu-west-1')

    // Assess
    expect(command).toMatchObject({ aws: { profile: 'prod', region: 'eu-west-1' } })
    if (command.name !== 'size') throw new Error('not size')
    expect(command.nodeGroups?.[0]?.settings).toEqual({})
  })

  it.each([
    ['--instance-type', ['--nodes', '1', '--pods', '1', '--zones', 'us-east-1a']],
    ['--nodes', ['--instance-type', 'm5.large', '--pods', '1', '--zones', 'us-east-1a']],
    ['--pods', ['--instance-type', 'm5.large', '--nodes', '1', '--zones', 'us-east-1a']],
    ['--zones', ['--instance-type', 'm5.large', '--nodes', '1', '--pods', '1']],
  ])('without a file, %s is needed', (flag, flags) => {
    expect(refusal([...flags, ...NEW_VPC])).toBe(`${flag}: needed without a file`)
  })

  it('no flags at all: every group flag and the address space are named together', () => {
    expect(refusedFields([])).toEqual(['--instance-type', '--nodes', '--pods', '--zones', '--vpc-cidr'])
  })

  it.each([
    ['--nodes', ['--nodes', 'ten']],
    ['--max-nodes', ['--max-nodes', '-3']],
    ['--pods', ['--pods', 'most']],
    ['--warm-ip-target', ['--warm-ip-target', '1.5']],
  ])('%s that is no count is refused, naming it', (flag, flags) => {
    expect(refusedFields([...GROUP, ...flags, ...NEW_VPC])).toEqual([flag])
  })
})

describe('size FILE: the node groups are in the file', () => {
  it('the file and an address space', () => {
    expect(size('cluster.yaml', '--demo')).toMatchObject({
      file: 'cluster.yaml',
      nodeGroups: undefined,
      space: { kind: 'demo' },
    })
  })

  it('a file alone may carry its own address space', () => {
    expect(size('cluster.yaml')).toMatchObject({ file: 'cluster.yaml', space: undefined })
  })

  it.each([
    ['--instance-type', 'm5.large'],
    ['--nodes', '3'],
    ['--max-nodes', '9'],
    ['--pods', 'max'],
    ['--zones', 'us-east-1a'],
  ])('%s beside a file is refused: the file has the groups', (flag, value) => {
    expect(refusal(['cluster.yaml', flag, value, '--demo'])).toBe(
      `${flag}: the node groups are in cluster.yaml; leave this out`,
    )
  })

  it('two files are refused', () => {
    expect(refusedFields(['a.yaml', 'b.yaml', '--demo'])).toEqual(['size'])
  })
})

describe('size: exactly one address space', () => {
  it.each([
    [
      'a new VPC',
      ['--vpc-cidr', '10.0.0.0/16'],
      { kind: 'cidrs', vpcCidr: '10.0.0.0/16', secondaryCidrs: [] },
    ],
    [
      'a new VPC with secondary CIDRs, repeated or comma-separated',
      [
        '--vpc-cidr',
        '10.0.0.0/16',
        '--secondary-cidr',
        '100.64.0.0/16,100.65.0.0/16',
        '--secondary-cidr',
        '100.66.0.0/16',
      ],
      {
        kind: 'cidrs',
        vpcCidr: '10.0.0.0/16',
        secondaryCidrs: ['100.64.0.0/16', '100.65.0.0/16', '100.66.0.0/16'],
      },
    ],
    ['an existing VPC', ['--vpc-id', 'vpc-0abc'], { kind: 'vpc', vpcId: 'vpc-0abc' }],
    ['the demo VPC', ['--demo'], { kind: 'demo' }],
    [
      'exports of a VPC',
      ['--vpcs', 'v.json', '--subnets', 's.json'],
      { kind: 'exports', vpcs: 'v.json', subnets: 's.json' },
    ],
  ])('%s', (_why, flags, space) => {
    expect(size(...GROUP, ...flags)).toMatchObject({ space })
  })

  it.each([
    ['--vpc-cidr and --vpc-id', ['--vpc-cidr', '10.0.0.0/16', '--vpc-id', 'vpc-0abc']],
    ['--vpc-cidr and --demo', ['--vpc-cidr', '10.0.0.0/16', '--demo']],
    ['--vpc-id and --demo', ['--vpc-id', 'vpc-0abc', '--demo']],
    ['--demo and exports', ['--demo', '--vpcs', 'v.json', '--subnets', 's.json']],
  ])('two spaces are refused (%s)', (_why, flags) => {
    expect(refusal([...GROUP, ...flags])).toBe(
      '--vpc-cidr: give one address space: --vpc-cidr, --vpc-id, --demo, or --vpcs with --subnets',
    )
  })

  it('two spaces beside a file are refused too', () => {
    expect(refusedFields(['c.yaml', '--vpc-id', 'vpc-0abc', '--demo'])).toEqual(['--vpc-cidr'])
  })

  it('--secondary-cidr without --vpc-cidr is refused: it belongs to a new VPC', () => {
    expect(refusedFields([...GROUP, '--vpc-id', 'vpc-0abc', '--secondary-cidr', '100.64.0.0/16'])).toEqual([
      '--secondary-cidr',
    ])
    expect(refusal([...GROUP, '--demo', '--secondary-cidr', '100.64.0.0/16'])).toContain(
      '--secondary-cidr: goes with --vpc-cidr',
    )
  })

  it.each([
    ['--vpcs without --subnets', ['--vpcs', 'v.json'], '--subnets'],
    ['--subnets without --vpcs', ['--subnets', 's.json'], '--vpcs'],
  ])('%s is refused, naming the missing one', (_why, flags, field) => {
    expect(refusedFields([...GROUP, ...flags])).toEqual([field])
  })
})

describe('size: headroom, emit, AWS access, standard input', () => {
  it.each([
    ['the default is the request schema’s', [], undefined],
    ['a whole percent', ['--headroom', '50'], 50],
    ['none', ['--headroom', '0'], 0],
  ])('--headroom: %s', (_why, flags, headroomPercent) => {
    expect(size(...GROUP, ...NEW_VPC, ...flags)).toMatchObject({ headroomPercent })
  })

  it.each(['-5', 'half', '12.5'])('--headroom %s is refused', (value) => {
    expect(refusedFields([...GROUP, ...NEW_VPC, '--headroom', value])).toEqual(['--headroom'])
  })

  it.each(LAYOUT_FORMATS)('--emit %s is a layout format', (format) => {
    expect(size(...GROUP, ...NEW_VPC, '--emit', format)).toMatchObject({ emit: format })
  })

  it('--emit nodeadm is a node format, not a layout: refused with the layout formats', () => {
    expect(refusal([...GROUP, ...NEW_VPC, '--emit', 'nodeadm'])).toBe(
      `--emit: expected one of ${LAYOUT_FORMATS.join(', ')}, not 'nodeadm'`,
    )
  })

  it('--emit misspelt: did you mean the nearest format', () => {
    expect(refusal([...GROUP, ...NEW_VPC, '--emit', 'terrafrom'])).toMatch(/; did you mean terraform\?$/)
  })

  it.each([
    ['--profile with a new VPC', ['--vpc-cidr', '10.0.0.0/16', '--profile', 'prod'], ['--profile']],
    ['--region with a new VPC', ['--vpc-cidr', '10.0.0.0/16', '--region', 'eu-west-1'], ['--region']],
    ['--profile with the demo VPC', ['--demo', '--profile', 'prod'], ['--profile']],
    [
      'both with exports',
      ['--vpcs', 'v.json', '--subnets', 's.json', '--profile', 'prod', '--region', 'eu-west-1'],
      ['--profile', '--region'],
    ],
  ])('AWS access is only for --vpc-id: %s is refused', (_why, flags, fields) => {
    expect(refusedFields([...GROUP, ...flags])).toEqual(fields)
  })

  it('--region with --vpc-id is where the VPC is', () => {
    expect(size(...GROUP, '--vpc-id', 'vpc-0abc', '--region', 'eu-west-1')).toMatchObject({
      aws: { region: 'eu-west-1' },
    })
  })

  it.each([
    ['the file and --vpcs', ['-', '--vpcs', '-', '--subnets', 's.json']],
    ['--vpcs and --subnets', [...GROUP, '--vpcs', '-', '--subnets', '-']],
  ])('standard input is read once: %s cannot both be -', (_why, flags) => {
    // Act
    const message = refusal(flags)

    // Assess
    expect(message).toContain('-')
    expect(message).toMatch(/^--(subnets|vpcs): /)
  })

  it('one - is fine', () => {
    expect(size('-', '--vpcs', 'v.json', '--subnets', 's.json')).toMatchObject({ file: '-' })
  })
})
