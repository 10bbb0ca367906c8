import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../../lib/commands/grammar.ts'
import { parseSlackText, tokenize } from '../../../lib/commands/slack-grammar.ts'
import { InvalidInputError } from '../../../lib/errors.ts'

describe('/capacity speaks the CLI’s grammar', () => {
  it.each([
    ['max-pods m5.large', ['max-pods', '--instance-type', 'm5.large']],
    [
      'max-pods m5.large c5.xlarge --cni-prefix-delegation-enabled --cni-max-eni 2',
      [
        'max-pods',
        '--instance-type',
        'm5.large',
        '--instance-type',
        'c5.xlarge',
        '--cni-prefix-delegation-enabled',
        '--cni-max-eni',
        '2',
      ],
    ],
    ['max-pods --node-group m5.large,c5.xlarge', ['max-pods', '--node-group', 'm5.large,c5.xlarge']],
    [
      'ip-usage m5.large --pods 20 --warm-ip-target 5',
      ['ip-usage', '--instance-type', 'm5.large', '--pods', '20', '--warm-ip-target', '5'],
    ],
    [
      'subnet subnet-0abc --region eu-west-1',
      ['subnets', 'scan', '--subnet-id', 'subnet-0abc', '--region', 'eu-west-1'],
    ],
    ['vpc vpc-0abc', ['subnets', 'scan', '--vpc-id', 'vpc-0abc']],
    ['instance-types m5', ['instance-types', '--family', 'm5']],
    [
      'max-pods m5.large --bootstrap karpenter',
      ['max-pods', '--instance-type', 'm5.large', '--bootstrap', 'karpenter'],
    ],
  ])('%s parses as the CLI’s %j', (text, argv) => {
    expect(parseSlackText(text).command).toEqual(parseCommand(argv))
  })

  it('reads a comma-separated list of subnets, as the CLI does', () => {
    expect(parseSlackText('subnet subnet-a,subnet-b').command).toMatchObject({
      selector: { subnetIds: ['subnet-a', 'subnet-b'] },
    })
  })

  it('refuses a kube context: Slack has none to read', () => {
    expect(() => parseSlackText('vpc vpc-0abc --context prod')).toThrow(
      /--context: Slack reads no kube context/,
    )
  })

  it('puts back the dashes chat clients turn into em and en dashes', () => {
    expect(parseSlackText('max-pods m5.large —cni-prefix-delegation-enabled').command).toEqual(
      parseCommand(['max-pods', '--instance-type', 'm5.large', '--cni-prefix-delegation-enabled']),
    )
    expect(tokenize('a “b c” &amp;')).toEqual(['a', 'b c', '&'])
  })

  it('--public answers in the channel', () => {
    expect(parseSlackText('max-pods m5.large --public').inChannel).toBe(true)
    expect(parseSlackText('max-pods m5.large').inChannel).toBe(false)
  })

  it('still reads the bootstrap’s old spelling, --profile nodeadm, as --bootstrap nodeadm', () => {
    expect(parseSlackText('max-pods m5.large --profile nodeadm').command).toEqual(
      parseCommand(['max-pods', '--instance-type', 'm5.large', '--bootstrap', 'nodeadm']),
    )
  })

  it('report asks for the newest fragmentation report, and takes nothing more', () => {
    expect(parseSlackText('report --public')).toEqual({ command: { name: 'slack-report' }, inChannel: true })
    expect(() => parseSlackText('report default@2026-12-01T06:00:00.000Z')).toThrow(InvalidInputError)
    expect(() => parseSlackText('reprot')).toThrow(/did you mean report/)
  })

  it('empty text and help give the help', () => {
    expect(parseSlackText('').command).toEqual({ name: 'help' })
    expect(parseSlackText('help').command).toEqual({ name: 'help' })
  })

  it('the plan short form becomes one node group against a VPC', () => {
    expect(
      parseSlackText(
        'plan vpc-demo --instance-type m5.large --nodes 10 --pods 20 --cni-prefix-delegation-enabled',
      ).command,
    ).toEqual({
      name: 'slack-plan',
      vpcId: 'vpc-demo',
      instanceTypes: ['m5.large'],
      nodes: 10,
      maxNodes: undefined,
      pods: 20,
      settings: { prefixDelegation: true },
      region: undefined,
    })
  })

  it.each([
    [
      'a mistyped command, with a suggestion',
      'max-pdos m5.large',
      /unknown command 'max-pdos'; did you mean max-pods/,
    ],
    [
      'a flag cut short, with the flag it starts',
      'max-pods m5.large --cni-prefix',
      /unknown option '--cni-prefix' for max-pods; did you mean --cni-prefix-delegation-enabled\?/,
    ],
    ['a scan of nothing (Slack has no kube context to take a cluster from)', 'vpc', /name what to scan/],
    [
      'an AWS profile on a scan (the service scans with its own role)',
      'vpc vpc-0abc --profile prod',
      /--profile: Slack scans with the service’s own AWS access/,
    ],
    [
      'a malformed CNI version',
      'max-pods m5.large --cni-version v1.10.0',
      /--cni-version: expected a VPC CNI version/,
    ],
    [
      'a plan without pods',
      'plan vpc-demo --instance-type m5.large --nodes 3',
      /--pods: give the pods per node/,
    ],
    [
      'a plan with a max node count that is not a number',
      'plan vpc-demo --instance-type m5.large --nodes 3 --max-nodes x --pods 10',
      /--max-nodes: must be a whole number from 0 to 1000000, not 'x'/,
    ],
    [
      'a plan with a warm target that is not a number',
      'plan vpc-demo --instance-type m5.large --nodes 3 --pods 10 --warm-ip-target -1',
      /--warm-ip-target: must be a whole number from 0 to 1000000, not '-1'/,
    ],
  ])('refuses %s', (_why, text, message) => {
    expect(() => parseSlackText(text)).toThrow(InvalidInputError)
    expect(() => parseSlackText(text)).toThrow(message)
  })
})
