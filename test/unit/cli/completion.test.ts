import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completionScript } from '../../../cli/completion.ts'
import {
  COMMAND_SPECS,
  COMMAND_WORDS,
  type CommandSpec,
  flagsOf,
} from '../../../lib/commands/command-specs.ts'
import type { Shell } from '../../../lib/commands/grammar.ts'
import { optionsOf } from '../../../lib/commands/parse-flags.ts'
import { KARPENTER_AMI_FAMILIES, MAX_POD_PROFILES } from '../../../lib/schemas/max-pods.ts'
import { bundledCatalog } from '../../builders/catalog.ts'
import { REPO_ROOT } from '../../support/reference.ts'

const SCRATCH = mkdtempSync(join(tmpdir(), 'completion-'))

function hasShell(shell: string): boolean {
  return spawnSync(shell, ['-c', 'true']).status === 0
}

function scriptFile(shell: Shell): string {
  const file = join(SCRATCH, `eks-ip-capacity.${shell}`)
  writeFileSync(file, completionScript(shell))
  return file
}

/** Every word the parser takes for a command, but an old spelling: its long and short options, and --help. */
function parserWords(spec: CommandSpec): string[] {
  const deprecated = new Set(
    flagsOf(spec)
      .filter((flag) => flag.deprecated)
      .map((flag) => flag.name),
  )
  const options = Object.entries(optionsOf(spec) ?? {}).filter(([name]) => !deprecated.has(name))
  return [
    ...options.flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]),
    '--help',
  ].sort()
}

/** The words typed before the flags: `max-pods`, `subnets scan`. */
const commandWords = (spec: CommandSpec) => spec.name.split(' ')

// The cases every shell must answer: typed words (the last one being completed) → what is offered.
const CASES: [string, string[], string[]][] = [
  ['a command from its first letters', ['max-p'], ['max-pods']],
  ['every command from nothing', [''], [...COMMAND_WORDS].sort()],
  ['a subcommand', ['subnets', 's'], ['scan']],
  ['an enum value', ['max-pods', '--bootstrap', ''], [...MAX_POD_PROFILES].sort()],
  [
    'an enum value from its first letters',
    ['ip-usage', '--ami-family', 'Win'],
    KARPENTER_AMI_FAMILIES.filter((family) => family.startsWith('Win')),
  ],
  ['an output format', ['subnets', 'scan', '-o', 'm'], ['map']],
  ['a shell', ['completion', ''], ['bash', 'fish', 'zsh']],
  ['nothing for a number', ['ip-usage', '--pods', ''], []],
  ['no deprecated spelling', ['max-pods', '--pro'], []],
  ...COMMAND_SPECS.filter((spec) => spec.groups.length > 0).map((spec): [string, string[], string[]] => [
    `every option of ${spec.name}`,
    [...commandWords(spec), '-'],
    parserWords(spec),
  ]),
]

/** What a completion function offered, one per line, in a stable order. */
function sortedLines(output: string): string[] {
  return output.split('\n').filter(Boolean).sort()
}

describe('bash', () => {
  const complete = (file: string, words: string[]) =>
    sortedLines(
      execFileSync(
        'bash',
        [
          '-c',
          `source "$0"; COMP_WORDS=(eks-ip-capacity "$@"); COMP_CWORD=$#; _eks_ip_capacity; printf '%s\\n' "\${COMPREPLY[@]}"`,
          file,
          ...words,
        ],
        { encoding: 'utf8' },
      ),
    )

  it('the script passes bash -n', () => {
    expect(spawnSync('bash', ['-n', scriptFile('bash')]).status).toBe(0)
  })

  it.each(CASES)('completes %s', (_why, words, expected) => {
    expect(complete(scriptFile('bash'), words)).toEqual([...expected].sort())
  })

  it.each([
    ['--output=', ['max-pods', '--output', '='], ['json', 'table', 'text', 'yaml']],
    ['--output=j', ['max-pods', '--output', '=', 'j'], ['json']],
  ])('completes a value written %s (bash splits at the =)', (_why, words, expected) => {
    expect(complete(scriptFile('bash'), words)).toEqual(expected)
  })

  it('completes instance types by asking the CLI itself', async () => {
    // Prepare: the program being completed is the CLI, run from this tree.
    const program = join(SCRATCH, 'eks-ip-capacity')
    writeFileSync(
      program,
      `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'cli', 'eks-ip-capacity.mjs')}" "$@"\n`,
      {
        mode: 0o755,
      },
    )
    const expected = (await bundledCatalog.list())
      .map((record) => record.instanceType)
      .filter((name) => name.startsWith('m5.4'))
    // Act
    const offered = execFileSync(
      'bash',
      [
        '-c',
        `source "$0"; COMP_WORDS=("$@"); COMP_CWORD=3; _eks_ip_capacity; printf '%s\\n' "\${COMPREPLY[@]}"`,
        scriptFile('bash'),
        program,
        'max-pods',
        '--instance-type',
        'm5.4',
      ],
      { encoding: 'utf8' },
    )
    // Assess
    expect(offered.split('\n').filter(Boolean).sort()).toEqual(expected.sort())
  })
})

describe.skipIf(!hasShell('zsh'))(`zsh${hasShell('zsh') ? '' : ' (skipped: zsh is not installed)'}`, () => {
  // Outside a completion widget zsh has no compadd or compdef: stand-ins print what would be offered.
  const complete = (file: string, words: string[]) =>
    sortedLines(
      execFileSync(
        'zsh',
        [
          '-f',
          '-c',
          [
            'compdef() { :; }',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
            '_files() { print -rl -- ${cur}*(N) }',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
            'compadd() { shift; local word; for word in "$@"; do [[ $word == ${cur}* ]] && print -r -- $word; done }',
            'source "$1"; shift',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
            'words=(eks-ip-capacity "$@"); CURRENT=${#words}',
            '_eks_ip_capacity',
            // The stand-in's last test may be false: the status says nothing about what was offered.
            'true',
          ].join('\n'),
          'zsh',
          file,
          ...words,
        ],
        { encoding: 'utf8' },
      ),
    )

  it('the script passes zsh -n', () => {
    expect(spawnSync('zsh', ['-n', scriptFile('zsh')]).status).toBe(0)
  })

  it.each(CASES)('completes %s', (_why, words, expected) => {
    expect(complete(scriptFile('zsh'), words)).toEqual([...expected].sort())
  })
})

describe.skipIf(!hasShell('fish'))(
  `fish${hasShell('fish') ? '' : ' (skipped: fish is not installed)'}`,
  () => {
    const complete = (file: string, words: string[]) =>
      execFileSync(
        'fish',
        ['-c', 'source $argv[1]; complete -C "eks-ip-capacity $argv[2..-1]"', file, ...words],
        {
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[0] as string)
        .sort()

    it('the script passes fish -n', () => {
      expect(spawnSync('fish', ['-n', scriptFile('fish')]).status).toBe(0)
    })

    it.each(CASES.filter(([why]) => why !== 'nothing for a number'))(
      'completes %s',
      (_why, words, expected) => {
        expect(complete(scriptFile('fish'), words)).toEqual([...expected].sort())
      },
    )
  },
)
