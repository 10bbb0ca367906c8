import { describe, expect, it } from 'vitest'
import { programName, renderHelp } from '../../../cli/help.ts'
import { COMMAND_SPECS } from '../../../lib/commands/command-specs.ts'
import { optionsOf } from '../../../lib/commands/parse-flags.ts'
import { DEFAULT_WARM_ENI_TARGET, DEFAULT_WARM_PREFIX_TARGET } from '../../../lib/domain/warm-pool.ts'

const PROGRAM = 'eks-ip-capacity'

describe('the overview', () => {
  it('gives every command one line, with its summary', () => {
    // Act
    const lines = renderHelp(undefined, PROGRAM).split('\n')
    // Assess
    for (const spec of COMMAND_SPECS) {
      expect(
        lines.filter((line) => line.startsWith(`  ${spec.name} `) && line.endsWith(spec.summary)),
      ).toHaveLength(1)
    }
  })
})

describe('per-command help', () => {
  it.each(COMMAND_SPECS.map((spec) => [spec.name, spec] as const))(
    '%s explains every option its parser takes, and shows examples',
    (_name, spec) => {
      // Act
      const help = renderHelp(spec.name, PROGRAM)
      // Assess: a line per option, the flag then words about it.
      for (const [name, option] of Object.entries(optionsOf(spec) ?? {})) {
        const flag = option.short ? `-${option.short}, --${name}` : `--${name}`
        expect(help).toMatch(new RegExp(`^  ${flag}( [A-Z|]+)?\\s+\\S`, 'm'))
      }
      expect(help).toMatch(new RegExp(`^Examples:\n(  .*\n)*  ${PROGRAM} ${spec.name}`, 'm'))
    },
  )

  it.each([
    ['warm-eni-target', 'WARM_ENI_TARGET', String(DEFAULT_WARM_ENI_TARGET)],
    ['warm-ip-target', 'WARM_IP_TARGET', 'unset'],
    ['minimum-ip-target', 'MINIMUM_IP_TARGET', 'unset'],
    ['warm-prefix-target', 'WARM_PREFIX_TARGET', String(DEFAULT_WARM_PREFIX_TARGET)],
  ])('ip-usage --%s names the CNI variable %s and its default, %s', (flag, variable, fallback) => {
    // Prepare: a flag's explanation runs on over the indented lines below it.
    const help = renderHelp('ip-usage', PROGRAM)
    const entry = new RegExp(`^  --${flag} N\\s+(.*(?:\\n {6,}.*)*)`, 'm').exec(help)?.[1] ?? ''
    // Assess
    const words = entry.replace(/\s+/g, ' ')
    expect(words).toMatch(new RegExp(`^${variable}:`))
    expect(words).toMatch(new RegExp(`default ${fallback}\\b`))
  })

  it('a command group lists its commands', () => {
    const help = renderHelp('subnets', PROGRAM)
    expect(help).toContain(`${PROGRAM} subnets analyze --subnets FILE`)
    expect(help).toContain(`${PROGRAM} subnets scan [--cluster NAME`)
  })
})

describe('the program name', () => {
  it.each([
    ['/usr/local/bin/kubectl-ip_capacity', 'kubectl ip-capacity'],
    ['/usr/local/lib/node_modules/eks-ip-capacity/cli/eks-ip-capacity.mjs', 'eks-ip-capacity'],
    ['/usr/local/bin/eks-ip-capacity', 'eks-ip-capacity'],
    [undefined, 'eks-ip-capacity'],
  ])('run as %s, help says %s', (script, name) => {
    expect(programName(script)).toBe(name)
  })

  it('through kubectl, usage and examples are written as kubectl runs them', () => {
    const help = renderHelp('max-pods', 'kubectl ip-capacity')
    expect(help).toContain('\n  kubectl ip-capacity max-pods --instance-type TYPE')
    expect(help).not.toContain('eks-ip-capacity max-pods')
  })
})
