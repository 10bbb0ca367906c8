import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { bundledCatalog } from '../builders/catalog.ts'
import {
  HAS_REFERENCE,
  NO_REFERENCE_REASON,
  REPO_ROOT,
  readEniMaxPods,
  readReferenceJson,
} from '../support/reference.ts'
import { runCli } from '../support/run-cli.ts'

const cli = (...args: string[]) => runCli(args)

describe('eks-ip-capacity max-pods with only the calculator’s flags', () => {
  it.each([
    [['--instance-type', 'm5.large', '--cni-version', '1.9.0'], '29'],
    [['--instance-type', 'm5.large', '--cni-version', '1.9.0', '--cni-prefix-delegation-enabled'], '110'],
    [
      [
        '--instance-type',
        'm5.large',
        '--cni-version',
        '1.9.0',
        '--cni-prefix-delegation-enabled',
        '--show-max-allowed',
      ],
      '434',
    ],
    [['--instance-type', 'm5.large', '--cni-version', '1.9.0', '--cni-custom-networking-enabled'], '20'],
    [['--instance-type', 'm5.large', '--cni-version', '1.9.0', '--cni-max-eni', '2'], '20'],
    [['--instance-type', 'p5.48xlarge', '--cni-version', '1.9.0'], '100'],
  ])('%j prints the bare number %s', async (args, expected) => {
    const outcome = await cli('max-pods', ...args)
    expect(outcome).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' })
  })
})

describe('eks-ip-capacity max-pods, beyond the calculator', () => {
  it('--output json gives one array with instanceType and maxPods per type asked', async () => {
    const outcome = await cli(
      'max-pods',
      '--instance-type',
      'm5.large',
      '--instance-type',
      'c5.4xlarge',
      '--output',
      'json',
    )
    const results = JSON.parse(outcome.stdout)
    expect(
      results.map((result: { instanceType: string; maxPods: number }) => [
        result.instanceType,
        result.maxPods,
      ]),
    ).toEqual([
      ['m5.large', 29],
      ['c5.4xlarge', 110],
    ])
  })

  it('--all --output json covers every type in the catalog', async () => {
    const outcome = await cli('max-pods', '--all', '--output', 'json')
    const results = JSON.parse(outcome.stdout) as { instanceType: string }[]
    const catalog = (await bundledCatalog.list()).map((record) => record.instanceType)
    expect(results.map((result) => result.instanceType)).toEqual(catalog)
  })

  it('several types in text: one "type maxPods" line each, like eni-max-pods.txt', async () => {
    const outcome = await cli('max-pods', '--instance-type', 'm5.large', '--instance-type', 't2.medium')
    expect(outcome.stdout).toBe('m5.large 29\nt2.medium 17\n')
  })

  it('--node-group gives the smallest max pods and names the bounding type', async () => {
    const outcome = await cli('max-pods', '--node-group', 'm5.24xlarge,m5.large,c5.4xlarge')
    expect(outcome.stdout).toBe('29\n')
    expect(outcome.stderr).toBe(
      'eks-ip-capacity: note: node group of m5.24xlarge, m5.large, c5.4xlarge: bounded by m5.large\n',
    )
    const json = JSON.parse(
      (await cli('max-pods', '--node-group', 'm5.24xlarge,c5.4xlarge', '--output', 'json')).stdout,
    )
    expect(json).toMatchObject({ maxPods: 110, boundingInstanceType: 'c5.4xlarge' })
  })

  it('--bootstrap karpenter --reserved-enis 1', async () => {
    expect(
      await cli(
        'max-pods',
        '--instance-type',
        'm5.large',
        '--bootstrap',
        'karpenter',
        '--reserved-enis',
        '1',
      ),
    ).toEqual({ code: 0, stdout: '20\n', stderr: '' })
  })

  it('the old spelling, --profile karpenter, gives the same answer and one deprecation line on stderr', async () => {
    const outcome = await cli(
      'max-pods',
      '--instance-type',
      'm5.large',
      '--profile',
      'karpenter',
      '--reserved-enis',
      '1',
    )
    expect(outcome).toEqual({
      code: 0,
      stdout: '20\n',
      stderr: 'eks-ip-capacity: note: --profile karpenter is deprecated: use --bootstrap karpenter\n',
    })
  })

  it.each([
    ['--pods-per-core 0 is no per-core cap', ['--pods-per-core', '0'], '29'],
    [
      '--ami-family Bottlerocket ignores --pods-per-core',
      ['--ami-family', 'Bottlerocket', '--pods-per-core', '4'],
      '29',
    ],
    [
      '--ami-family AL2023 applies --pods-per-core (4 × 2 vCPUs)',
      ['--ami-family', 'AL2023', '--pods-per-core', '4'],
      '8',
    ],
    [
      '--ami-family Windows2022 gives 110, and says on stderr that only 9 pods get an address',
      ['--ami-family', 'Windows2022'],
      '110',
      /^eks-ip-capacity: warning: m5\.large: .*at most 9 Windows pods get an address/,
    ],
  ] as [string, string[], string, RegExp?][])(
    '--bootstrap karpenter: %s',
    async (_why, flags, expected, warning) => {
      const outcome = await cli(
        'max-pods',
        '--instance-type',
        'm5.large',
        '--bootstrap',
        'karpenter',
        ...flags,
      )
      expect({ code: outcome.code, stdout: outcome.stdout }).toEqual({ code: 0, stdout: `${expected}\n` })
      if (warning) expect(outcome.stderr).toMatch(warning)
      else expect(outcome.stderr).toBe('')
    },
  )

  it('ip-usage reads the karpenter flags too: --pods-per-core 4 makes kubelet max pods 8', async () => {
    const outcome = await cli(
      'ip-usage',
      '--instance-type',
      'm5.large',
      '--pods',
      '0',
      '--bootstrap',
      'karpenter',
      '--ami-family',
      'AL2',
      '--pods-per-core',
      '4',
      '--output',
      'json',
    )
    expect(JSON.parse(outcome.stdout)).toMatchObject({ kubeletMaxPods: 8 })
  })

  it.skipIf(!HAS_REFERENCE)(
    `answers every type eni-max-pods.txt lists that DescribeInstanceTypes did not describe ${HAS_REFERENCE ? '' : NO_REFERENCE_REASON}`,
    async () => {
      // Prepare: the table's types missing from the export (p3.*, f1.*, c5a.metal, …).
      const table = readEniMaxPods()
      const described = new Set(
        readReferenceJson<{ InstanceTypes: { InstanceType: string }[] }>(
          'describe-instance-types.json',
        ).InstanceTypes.map((type) => type.InstanceType),
      )
      const missing = [...table.keys()].filter((type) => !described.has(type))
      expect(missing).toContain('p3.2xlarge')
      // Act
      const outcome = await cli(
        'max-pods',
        ...missing.flatMap((type) => ['--instance-type', type]),
        '--bootstrap',
        'eni-max-pods',
      )
      // Assess
      expect(outcome.code).toBe(0)
      expect(outcome.stdout).toBe(missing.map((type) => `${type} ${table.get(type)}\n`).join(''))
    },
  )

  it('--ip-family ipv6 and --security-groups-for-pods in a table', async () => {
    const outcome = await cli(
      'max-pods',
      '--instance-type',
      'm5.large',
      '--ip-family',
      'ipv6',
      '--security-groups-for-pods',
      '--output',
      'table',
    )
    expect(outcome.stdout.split('\n')[0]).toMatch(
      /^TYPE\s+MAX PODS\s+UNCAPPED.*REGULAR POD IPS\s+BRANCH ENIS/,
    )
    expect(outcome.stdout.split('\n')[1]).toMatch(/^m5\.large\s+110\s+-\s+110 \(applied\)/)
  })

  it('--explain prints the steps after the number', async () => {
    const outcome = await cli(
      'max-pods',
      '--instance-type',
      'm5.large',
      '--cni-prefix-delegation-enabled',
      '--explain',
    )
    const lines = outcome.stdout.trim().split('\n')
    expect(lines[0]).toBe('110')
    expect(lines).toContain('  4. 3 ENIs × 144 + 2 host-network pods = 434')
  })
})

describe('eks-ip-capacity ip-usage', () => {
  it('-o table keeps the warnings, under the table and in flag terms', async () => {
    // Prepare: WARM_PREFIX_TARGET without prefix delegation, which the answer warns about.
    const ask = ['ip-usage', '--instance-type', 'm5.large', '--pods', '10', '--warm-prefix-target', '2']
    // Act
    const outcome = await cli(...ask, '-o', 'table')
    const json = JSON.parse((await cli(...ask, '-o', 'json')).stdout) as { warnings: string[] }
    // Assess: every warning the API body carries is said, none with the API's field name.
    expect(outcome.code).toBe(0)
    expect(json.warnings.length).toBeGreaterThan(0)
    const said = outcome.stdout.split('\n').filter((line) => line.startsWith('warning: '))
    expect(said).toHaveLength(json.warnings.length)
    expect(outcome.stdout).toContain('warning: --warm-prefix-target 2 is ignored')
    expect(outcome.stdout).not.toContain('warmPrefixTarget')
  })

  it('--output json prints the API body with mode, enis, prefixes and ipv4Held at the top', async () => {
    const outcome = await cli(
      'ip-usage',
      '--instance-type',
      'm5.large',
      '--pods',
      '20',
      '--cni-prefix-delegation-enabled',
      '--kubelet-max-pods',
      '110',
      '--output',
      'json',
    )
    expect(JSON.parse(outcome.stdout)).toMatchObject({
      mode: 'warm-prefix',
      enis: 1,
      prefixes: 3,
      ipv4Held: 49,
      catalog: { source: 'snapshot' },
    })
  })

  it('text explains the steps and flags the traps', async () => {
    const outcome = await cli(
      'ip-usage',
      '--instance-type',
      'm5.large',
      '--pods',
      '3',
      '--warm-ip-target',
      '5',
      '--minimum-ip-target',
      '10',
    )
    expect(outcome.stdout.split('\n')[0]).toBe(
      'm5.large: 12 IPv4 addresses held with 3 pods (30 at kubelet max pods 29); mode warm-ip',
    )
  })

  it('says how many pods get no address, and why, when MINIMUM_IP_TARGET stands alone', async () => {
    const args = ['ip-usage', '--instance-type', 'm5.large', '--pods', '20', '--minimum-ip-target', '10']
    const json = JSON.parse((await cli(...args, '--output', 'json')).stdout)
    // ipamd stops at 10 pod addresses (9 on the primary ENI, 1 on a second): 10 of 20 pods wait forever.
    expect(json).toMatchObject({ enis: 2, secondaryIps: 10, ipv4Held: 12, podsWithoutAddress: 10 })
    expect(json.peak).toMatchObject({ pods: 27, podsWithoutAddress: 17 })
    const text = await cli(...args)
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(
      /^ {2}error: steady state: 10 of 20 pods get no address\..*Set WARM_IP_TARGET/m,
    )
  })

  it('--show-max-allowed lifts the calculator cap from kubelet max pods, as in max-pods', async () => {
    const outcome = await cli(
      'ip-usage',
      '--instance-type',
      'm5.large',
      '--pods',
      'max',
      '--cni-prefix-delegation-enabled',
      '--show-max-allowed',
      '--output',
      'json',
    )
    // 3 ENIs × 9 prefixes × 16 + 2 = 434; the pool fills all 27 prefixes for 432 pods.
    expect(JSON.parse(outcome.stdout)).toMatchObject({ kubeletMaxPods: 434, pods: 432, prefixes: 27 })
  })

  it('refuses more pods than kubelet allows, exit 2', async () => {
    const outcome = await cli('ip-usage', '--instance-type', 'm5.large', '--pods', '40')
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/40 pods \+ 2 host-network pods exceed kubelet max pods 29/)
  })
})

describe('eks-ip-capacity instance-types', () => {
  it("--output table says where each type's limits came from", async () => {
    const lines = (await cli('instance-types', '--family', 'p3', '--output', 'table')).stdout.split('\n')
    expect(lines[0]).toMatch(/FACTS FROM$/)
    expect(lines.find((line) => line.startsWith('p3.2xlarge '))).toMatch(/\bunknown\b.*VPC CNI table$/)
  })

  it('--family m5 lists the family', async () => {
    const outcome = await cli('instance-types', '--family', 'm5')
    const names = outcome.stdout.trim().split('\n')
    expect(names).toContain('m5.large')
    expect(names.every((name) => name.startsWith('m5.'))).toBe(true)
  })

  it('--output table shows the default card beside all cards', async () => {
    const outcome = await cli('instance-types', '--family', 'p5', '--output', 'table')
    expect(outcome.stdout).toMatch(/p5\.48xlarge\s+192\s+2048\s+nitro\s+32\s+2\s+64\s+50\s+50/)
  })
})

describe('text output keeps the bare number on stdout and warnings on stderr', () => {
  it('a type whose vCPUs no source gives: 110, and on stderr what more than 30 vCPUs would give', async () => {
    const outcome = await cli('max-pods', '--instance-type', 'p3.16xlarge')
    expect(outcome.stdout).toBe('110\n')
    expect(outcome.stderr).toMatch(/^eks-ip-capacity: warning: p3\.16xlarge: .*would recommend 234\n$/)
  })
})

describe('mistakes exit 2 with one clear line on stderr', () => {
  it.each([
    [
      'an unknown type, with the closest names',
      ['max-pods', '--instance-type', 'm5.lrage'],
      /unknown instance type 'm5\.lrage'; did you mean m5\.large/,
    ],
    [
      'a bare major CNI version',
      ['max-pods', '--instance-type', 'm5.large', '--cni-version', '1'],
      /--cni-version: expected a VPC CNI version MAJOR\.MINOR\.PATCH/,
    ],
    [
      'a CNI version in letters',
      ['max-pods', '--instance-type', 'm5.large', '--cni-version', 'abc'],
      /--cni-version: expected/,
    ],
    [
      'a CNI version with a leading v',
      ['max-pods', '--instance-type', 'm5.large', '--cni-version', 'v1.10.0'],
      /without a leading v/,
    ],
    [
      'a max ENI of 0',
      ['max-pods', '--instance-type', 'm5.large', '--cni-max-eni', '0'],
      /--cni-max-eni: must be a whole number from 1 to 1000000, not '0'/,
    ],
    [
      'a max ENI in letters',
      ['max-pods', '--instance-type', 'm5.large', '--cni-max-eni', 'two'],
      /--cni-max-eni: must be a whole number from 1 to 1000000, not 'two'/,
    ],
    [
      'IPv6 with custom networking',
      ['max-pods', '--instance-type', 'm5.large', '--ip-family', 'ipv6', '--cni-custom-networking-enabled'],
      /--cni-custom-networking-enabled: custom networking is not supported with the ipv6 IP family/,
    ],
    [
      'an unknown Karpenter AMI family',
      ['max-pods', '--instance-type', 'm5.large', '--bootstrap', 'karpenter', '--ami-family', 'Ubuntu'],
      /--ami-family: .*AL2023/,
    ],
    ['no type at all', ['max-pods'], /--instance-type: name an instance type/],
    ['--all with a type', ['max-pods', '--all', '--instance-type', 'm5.large'], /use only one of/],
    [
      'an unknown flag',
      ['max-pods', '--instance-type', 'm5.large', '--turbo'],
      /^eks-ip-capacity: unknown option '--turbo' for max-pods; see max-pods --help$/m,
    ],
    [
      'a misspelt flag, with the closest flag of that command',
      ['max-pods', '--instance-type', 'm5.large', '--bootstrp', 'nodeadm'],
      /unknown option '--bootstrp' for max-pods; did you mean --bootstrap\?/,
    ],
    [
      'a misspelt bootstrap',
      ['max-pods', '--instance-type', 'm5.large', '--bootstrap', 'nodeadn'],
      /--bootstrap: expected one of calculator, eni-max-pods, nodeadm, karpenter, not 'nodeadn'; did you mean nodeadm\?/,
    ],
    [
      'an AWS profile on a command that calls no AWS API',
      ['max-pods', '--instance-type', 'm5.large', '--profile', 'prod'],
      /--profile: 'prod' would be an AWS profile, but max-pods calls no AWS API; .*--bootstrap/,
    ],
    [
      'a misspelt output',
      ['max-pods', '--instance-type', 'm5.large', '-o', 'yml'],
      /--output: .*not 'yml'; did you mean yaml\?/,
    ],
    [
      'a command one dash away, with every command listed',
      ['maxpods'],
      /unknown command 'maxpods'; did you mean max-pods\? \(commands: max-pods, instance-types, ip-usage, plan, size, subnets, report, completion, help, version\)/,
    ],
    ['a misspelt subcommand', ['subnets', 'analyse'], /did you mean subnets analyze\?/],
    [
      'an instance family the catalog does not hold, with the closest families',
      ['instance-types', '--family', 'p55'],
      /--family: no instance family 'p55'; did you mean p5\b/,
    ],
    [
      'an unknown output',
      ['instance-types', '--output', 'xml'],
      /--output: expected one of text, table, json/,
    ],
    ['an unknown command', ['pods'], /unknown command 'pods'/],
    [
      'a negative pod count (node:util would say it over three lines)',
      ['ip-usage', '--instance-type', 'm5.large', '--pods', '-1'],
      /--pods: must be a whole number from 0 to 1000000, not '-1'/,
    ],
    [
      'a negative pod count written with =',
      ['ip-usage', '--instance-type', 'm5.large', '--pods=-1'],
      /--pods: must be a whole number from 0 to 1000000, not '-1'/,
    ],
  ])('%s', async (_why, args, message) => {
    const outcome = await cli(...args)
    expect(outcome.code).toBe(2)
    expect(outcome.stdout).toBe('')
    expect(outcome.stderr).toMatch(message)
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('help goes to stdout, exit 0', () => {
  it.each([
    ['max-pods --help', ['max-pods', '--help'], 'eks-ip-capacity max-pods: '],
    ['help max-pods', ['help', 'max-pods'], 'eks-ip-capacity max-pods: '],
    ['subnets scan -h', ['subnets', 'scan', '-h'], 'eks-ip-capacity subnets scan: '],
    [
      'ip-usage --help, even after other flags',
      ['ip-usage', '--instance-type', 'm5.large', '--help'],
      'eks-ip-capacity ip-usage: ',
    ],
  ])('%s prints that command’s help', async (_why, args, start) => {
    const outcome = await cli(...args)
    expect(outcome.code).toBe(0)
    expect(outcome.stderr).toBe('')
    expect(outcome.stdout.startsWith(start)).toBe(true)
    expect(outcome.stdout).toMatch(/^Examples:$/m)
  })

  it('ip-usage --help names each warm-pool variable beside its flag', async () => {
    const { stdout } = await cli('ip-usage', '--help')
    for (const [flag, variable] of [
      ['--warm-eni-target', 'WARM_ENI_TARGET'],
      ['--warm-ip-target', 'WARM_IP_TARGET'],
      ['--minimum-ip-target', 'MINIMUM_IP_TARGET'],
      ['--warm-prefix-target', 'WARM_PREFIX_TARGET'],
    ])
      expect(stdout).toMatch(new RegExp(`^  ${flag} N\\s+${variable}: `, 'm'))
  })

  it('with no command, the overview', async () => {
    const outcome = await cli()
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toMatch(/^Commands:\n {2}max-pods /m)
  })
})

describe('-o yaml is the json value, in YAML', () => {
  it.each([
    ['max-pods', ['max-pods', '--instance-type', 'm5.large', '--instance-type', 'c5.4xlarge']],
    ['max-pods --all', ['max-pods', '--all']],
    ['a node group', ['max-pods', '--node-group', 'm5.large,c5.4xlarge']],
    ['ip-usage', ['ip-usage', '--instance-type', 'm5.large', '--pods', '20']],
    ['instance-types', ['instance-types', '--family', 'p5']],
    ['a plan', ['plan', 'examples/plans/bound-by-blocks.yaml', '--demo']],
    ['a report', ['report', 'run', '--demo']],
    [
      'subnets analyze',
      [
        'subnets',
        'analyze',
        '--subnets',
        'examples/demo-vpc/subnets.json',
        '--enis',
        'examples/demo-vpc/network-interfaces.json',
      ],
    ],
  ])('%s', async (_why, args) => {
    // Act
    const [json, yaml] = await Promise.all([cli(...args, '-o', 'json'), cli(...args, '-o', 'yaml')])
    // Assess: the same value, whatever the notation (the report differs in its id and times only).
    expect(yaml.code).toBe(0)
    // As a YAML 1.1 reader (PyYAML, many tools) reads it: a date-like string must stay a string.
    const fromYaml = parseYaml(yaml.stdout, { version: '1.1' })
    expect(parseYaml(yaml.stdout)).toEqual(fromYaml)
    const fromJson = JSON.parse(json.stdout)
    if (args[0] === 'report') {
      expect(Object.keys(fromYaml)).toEqual(Object.keys(fromJson))
      expect(fromYaml.subnets).toEqual(fromJson.subnets)
    } else expect(fromYaml).toEqual(fromJson)
  })
})

describe('an empty result is said on stderr, not printed as an empty line', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cli-empty-'))
  const subnets = join(scratch, 'subnets.json')
  const enis = join(scratch, 'enis.json')
  writeFileSync(subnets, JSON.stringify({ Subnets: [] }))
  writeFileSync(enis, JSON.stringify({ NetworkInterfaces: [] }))
  const analyze = (...more: string[]) =>
    cli('subnets', 'analyze', '--subnets', subnets, '--enis', enis, ...more)

  it('a table of no subnets: nothing on stdout, "no subnets found" on stderr, exit 0', async () => {
    expect(await analyze()).toEqual({ code: 0, stdout: '', stderr: 'eks-ip-capacity: no subnets found\n' })
  })

  it.each([
    ['json', (text: string) => JSON.parse(text)],
    ['yaml', (text: string) => parseYaml(text)],
  ])('-o %s: an empty document a tool can read', async (output, parse) => {
    const outcome = await analyze('-o', output)
    expect(outcome.code).toBe(0)
    expect(parse(outcome.stdout)).toEqual({ subnets: [], skipped: [] })
  })
})

describe('completion', () => {
  it('prints a bash script that bash reads', async () => {
    const outcome = await cli('completion', 'bash')
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toMatch(
      /^complete -o filenames -F _eks_ip_capacity eks-ip-capacity kubectl-ip_capacity$/m,
    )
  })
})

describe('run as the kubectl plugin', () => {
  it('help names the program as kubectl runs it', async () => {
    // Prepare: the name kubectl's plugin discovery looks for, pointing at the CLI.
    const link = join(mkdtempSync(join(tmpdir(), 'kubectl-plugin-')), 'kubectl-ip_capacity')
    symlinkSync(join(REPO_ROOT, 'cli', 'eks-ip-capacity.mjs'), link)
    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [link, 'max-pods', '--help'])
    // Assess
    expect(stdout).toMatch(/^kubectl ip-capacity max-pods: /)
    expect(stdout).toContain('\n  kubectl ip-capacity max-pods --instance-type m5.large')
  })

  it('mistakes start with the program name kubectl runs', async () => {
    // Prepare
    const link = join(mkdtempSync(join(tmpdir(), 'kubectl-plugin-')), 'kubectl-ip_capacity')
    symlinkSync(join(REPO_ROOT, 'cli', 'eks-ip-capacity.mjs'), link)
    // Act
    const failure = await promisify(execFile)(process.execPath, [link, 'max-pods']).catch((error) => error)
    // Assess
    expect(failure.code).toBe(2)
    expect(failure.stderr).toMatch(/^kubectl ip-capacity: --instance-type: /)
  })
})

describe('the edges of a run', () => {
  it('a full disk is one line and exit 1, not a stack trace', async () => {
    // Prepare: /dev/full refuses every write (Linux).
    if (!existsSync('/dev/full')) return
    // Act
    const outcome = await promisify(execFile)(
      '/bin/sh',
      ['-c', `"${process.execPath}" cli/eks-ip-capacity.mjs instance-types > /dev/full`],
      { cwd: REPO_ROOT },
    ).catch((error) => error)
    // Assess
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toMatch(/^eks-ip-capacity: cannot write the answer: .*\n$/)
  })

  it('many warned types are one summary line on stderr', async () => {
    // Act
    const outcome = await cli('max-pods', '--all')
    // Assess
    expect(outcome.code).toBe(0)
    expect(outcome.stderr).toMatch(
      /^eks-ip-capacity: warning: \d+ types have warnings \(.*\); -o json or --explain for details\n$/,
    )
  })

  it('a service message names the flag, not the API field', async () => {
    // Act
    const outcome = await cli('ip-usage', '--instance-type', 'm5.large', '--pods', '20', '--branch-pods', '3')
    // Assess
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toBe(
      'eks-ip-capacity: --branch-pods: branch pods need --security-groups-for-pods\n',
    )
  })

  it('a plan file that is no mapping is named, with the shape expected', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'plan-')), 'word.yaml')
    writeFileSync(file, 'hostname\n')
    // Act
    const outcome = await cli('plan', file, '--demo')
    // Assess
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain(`${file} is not a plan: expected a YAML or JSON mapping with nodeGroups`)
  })

  it('the plan example in the help runs as printed, reading the plan from standard input', async () => {
    // Prepare: the here-document example, as a shell would run it.
    const help = (await cli('plan', '--help')).stdout
    const start = help.indexOf('eks-ip-capacity plan - ')
    const script = help
      .slice(start, help.indexOf('\n  EOF', start) + '\n  EOF'.length)
      .replace(/\n {2}/g, '\n')
      .replace(/^eks-ip-capacity/, `"${process.execPath}" cli/eks-ip-capacity.mjs`)
    // Act
    const outcome = await promisify(execFile)('/bin/sh', ['-c', script], { cwd: REPO_ROOT })
    // Assess
    expect(outcome.stdout).toMatch(/^plan: /)
  })
})
