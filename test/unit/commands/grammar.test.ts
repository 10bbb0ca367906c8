import { describe, expect, it } from 'vitest'
import { COMMAND_SPECS, COMMAND_WORDS } from '../../../lib/commands/command-specs.ts'
import { parseCommand, parseCommandLine } from '../../../lib/commands/grammar.ts'
import { InvalidInputError } from '../../../lib/errors.ts'
import { MAX_POD_PROFILES } from '../../../lib/schemas/max-pods.ts'

const M5 = ['--instance-type', 'm5.large']

/** The one-line message a command line is refused with. */
function refusal(tokens: string[]): string {
  try {
    parseCommandLine(tokens)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError)
    return (error as Error).message
  }
  throw new Error(`${tokens.join(' ')} was accepted`)
}

describe('the bootstrap is --bootstrap; --profile is AWS credentials', () => {
  it.each(MAX_POD_PROFILES)('max-pods --bootstrap %s sets the settings’ profile', (bootstrap) => {
    // Act
    const { command, notes } = parseCommandLine(['max-pods', ...M5, '--bootstrap', bootstrap])
    // Assess
    expect(command).toMatchObject({ name: 'max-pods', settings: { profile: bootstrap } })
    expect(notes).toEqual([])
  })

  it.each(MAX_POD_PROFILES)('the old spelling --profile %s still works, with one note', (bootstrap) => {
    const { command, notes } = parseCommandLine(['ip-usage', ...M5, '--pods', '3', '--profile', bootstrap])
    expect(command).toMatchObject({ name: 'ip-usage', request: { profile: bootstrap } })
    expect(notes).toEqual([`--profile ${bootstrap} is deprecated: use --bootstrap ${bootstrap}`])
  })

  it.each([
    [
      'an AWS profile on a command that calls no AWS API',
      ['max-pods', ...M5, '--profile', 'prod'],
      "--profile: 'prod' would be an AWS profile, but max-pods calls no AWS API; to choose the max-pods rule use --bootstrap calculator|eni-max-pods|nodeadm|karpenter",
    ],
    [
      'a misspelt bootstrap under the old spelling',
      ['ip-usage', ...M5, '--pods', '3', '--profile', 'nodeadn'],
      "--profile: 'nodeadn' would be an AWS profile, but ip-usage calls no AWS API; did you mean --bootstrap nodeadm?",
    ],
    [
      'both spellings at once',
      ['max-pods', ...M5, '--profile', 'nodeadm', '--bootstrap', 'karpenter'],
      '--profile: give --bootstrap alone (--profile is its old spelling)',
    ],
  ])('refuses %s', (_why, tokens, message) => {
    expect(refusal(tokens)).toBe(message)
  })

  it.each([
    [
      'subnets scan',
      ['subnets', 'scan', '--cluster', 'c', '--profile', 'prod', '--region', 'eu-west-1'],
      { aws: { profile: 'prod', region: 'eu-west-1' } },
    ],
    ['plan', ['plan', 'p.yaml', '--profile', 'prod'], { aws: { profile: 'prod', region: undefined } }],
    [
      'report run',
      ['report', 'run', '--region', 'us-west-2'],
      { aws: { profile: undefined, region: 'us-west-2' } },
    ],
  ])('%s takes --profile and --region as its AWS access', (_name, tokens, shape) => {
    expect(parseCommand(tokens)).toMatchObject(shape)
  })
})

describe('subnets scan', () => {
  it.each([
    ['no selector: the current kube context’s cluster', [], { selector: undefined, quiet: false }],
    ['--vpc-id', ['--vpc-id', 'vpc-1'], { selector: { vpcId: 'vpc-1' } }],
    ['--subnet-id twice', ['--subnet-id', 'a', '--subnet-id', 'b'], { selector: { subnetIds: ['a', 'b'] } }],
    ['--quiet', ['--cluster', 'c', '--quiet'], { selector: { cluster: 'c' }, quiet: true }],
    ['-q', ['-q'], { quiet: true }],
    ['-o yaml', ['-o', 'yaml'], { output: 'yaml' }],
  ])('%s', (_why, flags, shape) => {
    expect(parseCommand(['subnets', 'scan', ...flags])).toMatchObject({ name: 'subnets-scan', ...shape })
  })

  it('refuses two selectors', () => {
    expect(refusal(['subnets', 'scan', '--vpc-id', 'v', '--cluster', 'c'])).toBe(
      '--vpc-id: give at most one of --cluster, --vpc-id and --subnet-id',
    )
  })
})

describe('help, completion and formats', () => {
  it.each([
    [[], { name: 'help' }],
    [['--help'], { name: 'help' }],
    [['help', 'max-pods'], { name: 'help', topic: 'max-pods' }],
    [['help', 'subnets', 'scan'], { name: 'help', topic: 'subnets scan' }],
    [['max-pods', '--help'], { name: 'help', topic: 'max-pods' }],
    [['ip-usage', '--instance-type', 'x', '-h'], { name: 'help', topic: 'ip-usage' }],
    [['subnets', 'scan', '--help'], { name: 'help', topic: 'subnets scan' }],
    [['subnets', '--help'], { name: 'help', topic: 'subnets' }],
    [['completion', 'zsh'], { name: 'completion', shell: 'zsh' }],
    [['--version'], { name: 'version' }],
  ])('%j → %j', (tokens, command) => {
    expect(parseCommand(tokens)).toEqual(command)
  })

  it.each([
    [['max-pods', ...M5]],
    [['instance-types']],
    [['ip-usage', ...M5, '--pods', '3']],
    [['plan', 'p.yaml']],
    [['report', 'run']],
  ])('%j takes -o yaml', (tokens) => {
    expect(parseCommand([...tokens, '-o', 'yaml'])).toMatchObject({ output: 'yaml' })
  })
})

describe('every mistake is one line, with the closest name where there is one', () => {
  it.each([
    [
      'a command one dash away, listing every command',
      ['maxpods'],
      `unknown command 'maxpods'; did you mean max-pods? (commands: ${COMMAND_WORDS.join(', ')})`,
    ],
    ['a command like none', ['pods'], `unknown command 'pods' (commands: ${COMMAND_WORDS.join(', ')})`],
    [
      'help on an unknown command',
      ['help', 'ipusage'],
      /^unknown command 'ipusage'; did you mean ip-usage\?/,
    ],
    [
      'a misspelt subcommand',
      ['subnets', 'scna'],
      "unknown subnets command 'scna'; did you mean subnets scan?",
    ],
    ['a missing subcommand', ['report'], 'report: try report run'],
    [
      'an unknown flag, with the closest of that command',
      ['ip-usage', ...M5, '--warm-ip-targt', '5'],
      "unknown option '--warm-ip-targt' for ip-usage; did you mean --warm-ip-target?",
    ],
    [
      'a flag cut short',
      ['max-pods', ...M5, '--cni-custom'],
      "unknown option '--cni-custom' for max-pods; did you mean --cni-custom-networking-enabled?",
    ],
    [
      'a flag of another command',
      ['max-pods', ...M5, '--pods', '3'],
      "unknown option '--pods' for max-pods; did you mean --pods-per-core?",
    ],
    [
      'an unknown output',
      ['instance-types', '-o', 'yml'],
      "--output: expected one of text, table, json, yaml, not 'yml'; did you mean yaml?",
    ],
    [
      'a map where only subnets draw one',
      ['max-pods', ...M5, '-o', 'map'],
      "--output: expected one of text, table, json, yaml, not 'map'",
    ],
    [
      'an unknown bootstrap',
      ['max-pods', ...M5, '--bootstrap', 'karpentr'],
      "--bootstrap: expected one of calculator, eni-max-pods, nodeadm, karpenter, not 'karpentr'; did you mean karpenter?",
    ],
    [
      'an IP family',
      ['max-pods', ...M5, '--ip-family', 'ipv5'],
      "--ip-family: expected one of ipv4, ipv6, not 'ipv5'; did you mean ipv4 or ipv6?",
    ],
    [
      'an AMI family in the wrong case',
      ['max-pods', ...M5, '--bootstrap', 'karpenter', '--ami-family', 'bottlerocket'],
      /^--ami-family: expected one of AL2, .*, not 'bottlerocket'; did you mean Bottlerocket\?$/,
    ],
    [
      'a negative pod count, read as the value it is',
      ['ip-usage', ...M5, '--pods', '-1'],
      "--pods: must be a whole number from 0 to 1000000, not '-1'",
    ],
    [
      'a count past any node',
      ['ip-usage', ...M5, '--pods', '99999999999999999999'],
      "--pods: must be a whole number from 0 to 1000000, not '99999999999999999999'",
    ],
    [
      'a max ENI of 0, in the same words as any count',
      ['max-pods', ...M5, '--cni-max-eni', '0'],
      "--cni-max-eni: must be a whole number from 1 to 1000000, not '0'",
    ],
    ['a flag with no value', ['ip-usage', ...M5, '--pods'], '--pods: needs a value (N|max)'],
    ['a short flag with no value', ['max-pods', ...M5, '-o'], '--output: needs a value (FORMAT)'],
    [
      'a flag before the command',
      ['-o', 'json', 'max-pods'],
      /^'-o' before a command: flags come after the command/,
    ],
    [
      'a single-value flag given twice',
      ['subnets', 'scan', '--vpc-id', 'vpc-a', '--vpc-id', 'vpc-b'],
      '--vpc-id: given twice; give it once',
    ],
    [
      'a bootstrap given twice',
      ['max-pods', ...M5, '--bootstrap', 'nodeadm', '--bootstrap', 'karpenter'],
      '--bootstrap: given twice; give it once',
    ],
    [
      'an AWS profile where the demo VPC is read',
      ['plan', 'plan.yaml', '--demo', '--profile', 'prod'],
      '--profile: this command reads no AWS with --demo; leave it out',
    ],
    [
      'an AWS region where exports are read',
      ['plan', 'plan.yaml', '--subnets', 's.json', '--enis', 'e.json', '--region', 'eu-west-1'],
      '--region: this command reads no AWS from exports; leave it out',
    ],
    [
      'an AWS profile for the demo report',
      ['report', 'run', '--demo', '--profile', 'prod'],
      '--profile: this command reads no AWS with --demo; leave it out',
    ],
    [
      'a table for a plan, which prints its tables in text',
      ['plan', 'plan.yaml', '-o', 'table'],
      /^--output: expected one of text, json, yaml, not 'table'/,
    ],
    [
      'a flag whose value looks like a flag',
      ['ip-usage', ...M5, '--pods', '--all'],
      '--pods: needs a value (N|max)',
    ],
    [
      'a word where a flag belongs',
      ['max-pods', 'm5.large'],
      "unexpected argument 'm5.large' for max-pods; see max-pods --help",
    ],
    [
      'an unknown shell',
      ['completion', 'powershell'],
      "completion: expected one of bash, zsh, fish, not 'powershell'",
    ],
    [
      'an empty --subnet-id (an unset shell variable) would scan the whole region',
      ['subnets', 'scan', '--subnet-id', ''],
      '--subnet-id: empty value; expected ID',
    ],
    [
      'a --subnet-id of commas only is as empty',
      ['subnets', 'scan', '--subnet-id', ' , '],
      '--subnet-id: empty value; expected ID',
    ],
    [
      'an empty --cluster would fall back to the kube context',
      ['subnets', 'scan', '--cluster', ''],
      '--cluster: empty value; expected NAME',
    ],
    [
      'a comma list of types names the two ways to ask for several',
      ['max-pods', '--instance-type', 'm5.large,c5.large'],
      "--instance-type: one type per flag ('m5.large,c5.large'): repeat --instance-type, or --node-group m5.large,c5.large for a node group",
    ],
    [
      'a node group with an empty member',
      ['max-pods', '--node-group', 'm5.large,,c5.large'],
      "--node-group: list the instance types, comma-separated, none empty ('m5.large,,c5.large')",
    ],
    [
      'standard input twice: the second reader would find it empty',
      ['subnets', 'analyze', '--subnets', '-', '--enis', '-'],
      '--enis: standard input (-) is already read by --subnets; use a file',
    ],
    [
      'a plan and its exports both from standard input',
      ['plan', '-', '--subnets', '-', '--enis', 'enis.json'],
      '--subnets: standard input (-) is already read by plan; use a file',
    ],
    [
      'a --region beside a scope file, which names its own regions',
      ['report', 'run', '--scope', 'scope.json', '--region', 'eu-west-1'],
      '--region: the scope file scope.json names the regions; leave it out',
    ],
    ['anything after version', ['version', '--foo'], "version takes nothing after it, not '--foo'"],
  ])('%s', (_why, tokens, message) => {
    const said = refusal(tokens)
    if (typeof message === 'string') expect(said).toBe(message)
    else expect(said).toMatch(message)
    expect(said).not.toContain('\n')
  })
})

describe('help and version, however asked', () => {
  it.each([
    [['help', '--help'], { name: 'help', topic: undefined }],
    [['--help', 'max-pods'], { name: 'help', topic: 'max-pods' }],
    [['help', 'max-pods', '--help'], { name: 'help', topic: 'max-pods' }],
    [['-v'], { name: 'version' }],
    [['version', '--help'], { name: 'help' }],
  ])('%j', (tokens, expected) => {
    expect(parseCommand(tokens)).toEqual(expected)
  })
})

describe('subnets scan reads what kubectl users type', () => {
  it('splits comma-separated subnet IDs, as the AWS CLI takes lists', () => {
    // Act
    const command = parseCommand([
      'subnets',
      'scan',
      '--subnet-id',
      'subnet-a,subnet-b',
      '--subnet-id',
      'subnet-c',
    ])
    // Assess
    expect(command).toMatchObject({ selector: { subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'] } })
  })

  it('asks for each subnet and type once, however often it is named', () => {
    // Act
    const scan = parseCommand([
      'subnets',
      'scan',
      '--subnet-id',
      'subnet-a,subnet-a',
      '--subnet-id',
      'subnet-a',
    ])
    const types = parseCommand(['max-pods', '--instance-type', 'm5.large', '--instance-type', 'm5.large'])
    // Assess
    expect(scan).toMatchObject({ selector: { subnetIds: ['subnet-a'] } })
    expect(types).toMatchObject({ selection: { kind: 'types', instanceTypes: ['m5.large'] } })
  })

  it('takes kubectl’s --context and --kubeconfig', () => {
    // Act
    const command = parseCommand(['subnets', 'scan', '--context', 'prod', '--kubeconfig', '/tmp/kc'])
    // Assess
    expect(command).toMatchObject({ kube: { context: 'prod', kubeconfig: '/tmp/kc' } })
  })
})

describe('every help example is a command the grammar takes', () => {
  it.each(COMMAND_SPECS.map((spec) => [spec.name, spec] as const))('%s', (_name, spec) => {
    for (const example of spec.examples) {
      const line = typeof example === 'string' ? example : example.command
      // The shell's part (a redirection, a here-document) is not the program's.
      const words = line.split(' ')
      const end = words.findIndex((word) => /^(<|>|\|)/.test(word))
      expect(() => parseCommandLine(end < 0 ? words : words.slice(0, end)), line).not.toThrow()
    }
  })
})
