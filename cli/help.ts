import { basename } from 'node:path'
import {
  COMMAND_SPECS,
  type CommandSpec,
  type Example,
  flagsOf,
  specOf,
  subcommandsOf,
} from '../lib/commands/command-specs.ts'
import type { FlagSpec } from '../lib/commands/flags.ts'

// Help is printed from the same command specs the parser reads its flags from: a flag cannot be parsed
// and left unexplained, or explained and refused.

/** Help lines wrap here: readable in an 80-column terminal with a little indent to spare. */
const WIDTH = 100

/** How the user called us: through kubectl's plugin discovery, the command they typed is `kubectl ip-capacity`. */
export function programName(script: string | undefined): string {
  return script && basename(script).startsWith('kubectl-') ? 'kubectl ip-capacity' : 'eks-ip-capacity'
}

export function renderHelp(topic: string | undefined, program: string): string {
  if (topic === undefined) return overview(program)
  if (subcommandsOf(topic).length > 0) return groupHelp(topic, program)
  return commandHelp(specOf(topic), program)
}

function overview(program: string): string {
  const width = Math.max(...COMMAND_SPECS.map((spec) => spec.name.length))
  return [
    `${program}: capacity planning for EKS clusters on the Amazon VPC CNI`,
    '',
    'Usage:',
    `  ${program} COMMAND [flags]`,
    '',
    'Commands:',
    ...COMMAND_SPECS.map((spec) => `  ${spec.name.padEnd(width)}  ${spec.summary}`),
    '',
    `${program} COMMAND --help (or ${program} help COMMAND) explains every flag of a command, with examples.`,
    'Output: -o text|table|json|yaml (plan, report run: text|json|yaml; subnets: table|json|yaml|map).',
    'Exit status: 0 done; 2 a usage mistake (one line on stderr); 3 an AWS access problem; 1 a bug.',
  ].join('\n')
}

/** `subnets --help`: the commands under one word. */
function groupHelp(word: string, program: string): string {
  const specs = subcommandsOf(word).map((sub) => specOf(`${word} ${sub}`))
  return [
    `${program} ${word}:`,
    ...specs.flatMap((spec) => [
      '',
      `  ${spec.name}: ${spec.summary}`,
      ...spec.usage.map((line) => `    ${program} ${spec.name} ${line}`.trimEnd()),
    ]),
    '',
    `${program} ${word} COMMAND --help explains every flag.`,
  ].join('\n')
}

function commandHelp(spec: CommandSpec, program: string): string {
  const flags = flagsOf(spec)
  const width = Math.min(34, Math.max(10, ...flags.map((flag) => flagLabel(flag).length)))
  const sections: string[][] = [
    [`${program} ${spec.name}: ${spec.summary}`],
    ['Usage:', ...spec.usage.map((line) => `  ${program} ${spec.name} ${line}`.trimEnd())],
  ]
  if (spec.positional) {
    const { value, help, choices } = spec.positional
    sections.push(['Arguments:', row(value, choices ? `${help}: ${choices.join(', ')}` : help, width)])
  }
  for (const group of spec.groups) {
    sections.push([
      `${group.title}:`,
      ...group.flags.map((flag) => row(flagLabel(flag), describe(flag), width)),
    ])
  }
  sections.push([row('-h, --help', 'this help', width)])
  sections.push(['Examples:', ...spec.examples.flatMap((example) => exampleLines(example, program))])
  if (spec.notes) sections.push(spec.notes)
  return sections.map((lines) => lines.join('\n')).join('\n\n')
}

function exampleLines(example: string | Example, program: string): string[] {
  if (typeof example === 'string') return [`  ${program} ${example}`]
  return [
    ...(example.before ?? []).map((line) => `  ${line}`),
    `  ${program} ${example.command}`,
    ...(example.after ?? []).map((line) => `  ${line}`),
  ]
}

function flagLabel(flag: FlagSpec): string {
  const name = `${flag.short ? `-${flag.short}, ` : ''}--${flag.name}`
  return flag.value ? `${name} ${flag.value}` : name
}

function describe(flag: FlagSpec): string {
  const parts = [flag.help]
  if (flag.choices) parts.push(`one of ${flag.choices.join(', ')}`)
  if (flag.default !== undefined) parts.push(`default ${flag.default}`)
  return parts.join('; ')
}

/** `  --flag VALUE   description`, the description wrapped under itself. */
function row(label: string, text: string, width: number): string {
  const indent = ' '.repeat(width + 4)
  const lines = wrap(text, WIDTH - indent.length)
  const first = label.length > width ? `  ${label}\n${indent}` : `  ${label.padEnd(width)}  `
  return first + lines.join(`\n${indent}`)
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return [...lines, line]
}
