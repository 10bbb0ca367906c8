import { describe, expect, it } from 'vitest'
import { parseCommand, parseCommandLine } from '../../../lib/commands/grammar.ts'
import { MAX_COUNT } from '../../../lib/commands/parse-flags.ts'
import { InvalidInputError } from '../../../lib/errors.ts'
import { EMIT_FORMATS } from '../../../lib/schemas/emit-formats.ts'

// `plan` without a file plans the cluster as it is; the flags that only mean something for one of the two
// kinds of plan are refused on the other, naming the flag, rather than silently ignored.

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

describe('plan without a file is a cluster plan', () => {
  it.each([
    [
      'no flags: the kube context’s cluster, its name unknown until the context is read',
      ['plan'],
      { file: undefined, demo: false, cluster: { name: undefined, awsNode: undefined, pods: undefined } },
    ],
    ['--demo: the demo cluster', ['plan', '--demo'], { demo: true, cluster: { name: undefined } }],
    [
      '--cluster with its exports and pods',
      ['plan', '--cluster', 'prod', '--aws-node', 'aws-node.json', '--karpenter', 'k.yaml', '--pods', '30'],
      { cluster: { name: 'prod', awsNode: 'aws-node.json', karpenter: 'k.yaml', pods: 30 } },
    ],
    ['--pods max: full nodes', ['plan', '--cluster', 'prod', '--pods', 'max'], { cluster: { pods: 'max' } }],
    ['--pods 0: a node with no pods is a size', ['plan', '--pods', '0'], { cluster: { pods: 0 } }],
    [
      '--context and --kubeconfig: where the cluster’s name comes from',
      ['plan', '--context', 'staging', '--kubeconfig', 'kube.yaml'],
      { kube: { context: 'staging', kubeconfig: 'kube.yaml' }, cluster: { name: undefined } },
    ],
  ])('%s', (_why, tokens, shape) => {
    // Act
    const command = parseCommand(tokens)

    // Assess
    expect(command).toMatchObject({ name: 'plan', ...shape })
  })

  it('a plan file is no cluster plan', () => {
    expect(parseCommand(['plan', 'p.yaml', '--demo'])).toMatchObject({ file: 'p.yaml', cluster: undefined })
  })
})

describe('flags of the other kind of plan are refused, naming the flag', () => {
  it('--cluster beside a plan file', () => {
    expect(refusal(['plan', 'p.yaml', '--cluster', 'prod'])).toBe(
      '--cluster: plan a file or a cluster, not both',
    )
  })

  it.each([
    ['--aws-node', 'aws-node.json'],
    ['--karpenter', 'karpenter.yaml'],
    ['--pods', '30'],
    ['--context', 'staging'],
    ['--kubeconfig', 'kube.yaml'],
  ])('%s beside a plan file reads nothing there', (flag, value) => {
    expect(refusal(['plan', 'p.yaml', flag, value])).toBe(`${flag}: only for a cluster plan (no plan file)`)
  })

  it.each([
    ['--cluster', ['plan', '--cluster', 'prod']],
    ['no file (the kube context’s cluster)', ['plan']],
  ])('exports with %s: a cluster plan reads its own VPC', (_why, tokens) => {
    expect(refusal([...tokens, '--subnets', 's.json', '--enis', 'e.json'])).toBe(
      "--subnets: a cluster plan reads the subnets of the cluster's VPC; exports are for a plan file",
    )
  })

  it.each([
    ['a plan file', ['plan', 'p.yaml']],
    ['a cluster', ['plan', '--cluster', 'prod']],
  ])('--reservations without exports, beside %s, would be read by nothing', (_why, tokens) => {
    expect(refusal([...tokens, '--reservations', 'r.json'])).toBe(
      '--reservations: reservations go with exports: give --subnets and --enis',
    )
  })

  it.each([
    ['a negative count', '-1'],
    ['a word', 'abc'],
    ['a fraction', '2.5'],
    ['more than any node holds', String(MAX_COUNT + 1)],
  ])('--pods %s is refused with the value', (_why, value) => {
    expect(refusal(['plan', '--cluster', 'prod', '--pods', value])).toBe(
      `--pods: must be a whole number from 0 to ${MAX_COUNT}, not '${value}'`,
    )
  })

  it('--profile with --demo: the demo cluster needs no AWS account', () => {
    expect(refusal(['plan', '--demo', '--profile', 'prod'])).toBe(
      '--profile: this command reads no AWS with --demo; leave it out',
    )
  })
})

describe('--emit', () => {
  const commands = [
    ['max-pods', ['max-pods', ...M5]],
    ['ip-usage', ['ip-usage', ...M5, '--pods', '20']],
    ['plan of a cluster', ['plan', '--demo']],
    ['plan of a file', ['plan', 'p.yaml', '--demo']],
  ] as const
  const cases = commands.flatMap(([name, tokens]) =>
    EMIT_FORMATS.map((format) => [name, format, tokens] as const),
  )

  it.each(cases)('%s takes --emit %s', (_name, format, tokens) => {
    expect(parseCommand([...tokens, '--emit', format])).toMatchObject({ emit: format })
  })

  it.each(commands)('%s without --emit emits nothing', (_name, tokens) => {
    expect(parseCommand([...tokens])).toMatchObject({ emit: undefined })
  })

  it.each([
    ['a misspelt format', 'nodeadn', 'nodeadm'],
    ['a near name', 'karpentr', 'karpenter'],
  ])('%s gets the choices and the nearest one', (_why, typed, nearest) => {
    expect(refusal(['max-pods', ...M5, '--emit', typed])).toBe(
      `--emit: expected one of ${EMIT_FORMATS.join(', ')}, not '${typed}'; did you mean ${nearest}?`,
    )
  })

  it('max-pods --all --emit: configuration is for the types a user names', () => {
    expect(refusal(['max-pods', '--all', '--emit', 'nodeadm'])).toBe(
      '--emit: configuration is for chosen types: name them, not --all',
    )
  })

  it('a node group takes --emit: one group, one snippet', () => {
    expect(
      parseCommand(['max-pods', '--node-group', 'm5.large,c5.xlarge', '--emit', 'eksctl']),
    ).toMatchObject({
      selection: { kind: 'node-group' },
      emit: 'eksctl',
    })
  })
})

describe('standard input is read once across a plan’s inputs', () => {
  it.each([
    [
      '--aws-node and --karpenter',
      ['plan', '--aws-node', '-', '--karpenter', '-'],
      '--karpenter',
      '--aws-node',
    ],
    [
      'a cluster’s --aws-node and --karpenter',
      ['plan', '--cluster', 'prod', '--karpenter', '-', '--aws-node', '-'],
      '--karpenter',
      '--aws-node',
    ],
    [
      'a plan file and --reservations',
      ['plan', '-', '--subnets', 's.json', '--enis', 'e.json', '--reservations', '-'],
      '--reservations',
      'plan',
    ],
  ])('%s', (_why, tokens, second, first) => {
    expect(refusal(tokens)).toBe(`${second}: standard input (-) is already read by ${first}; use a file`)
  })

  it('one reader of standard input is fine', () => {
    expect(
      parseCommand(['plan', '--cluster', 'prod', '--aws-node', '-', '--karpenter', 'k.yaml']),
    ).toMatchObject({ cluster: { awsNode: '-', karpenter: 'k.yaml' } })
  })
})
