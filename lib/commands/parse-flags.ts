import { parseArgs } from 'node:util'
import { nearestNames } from '../domain/closest-names.ts'
import { InvalidInputError } from '../errors.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import { type CommandSpec, flagsOf } from './command-specs.ts'
import type { FlagSpec } from './flags.ts'

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options']
type Value = string | boolean | (string | boolean)[] | undefined

/**
 * A command's flags as given, read by name; every value already checked against its flag's choices.
 * Reading a flag the command's spec does not list is a bug (the parser and the help would disagree), so
 * it throws rather than quietly reading nothing.
 */
export class FlagValues {
  constructor(
    private readonly spec: CommandSpec,
    private readonly values: Record<string, Value>,
    readonly positionals: string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.read(name)
    return typeof value === 'string' ? value : undefined
  }

  strings(name: string): string[] | undefined {
    const value = this.read(name)
    return Array.isArray(value) ? value.map(String) : undefined
  }

  boolean(name: string): boolean | undefined {
    const value = this.read(name)
    return typeof value === 'boolean' ? value : undefined
  }

  /** The same values less one flag: where a flag means something else here (size's --profile is AWS's). */
  without(name: string): FlagValues {
    const { [name]: _left, ...rest } = this.values
    return new FlagValues(this.spec, rest, this.positionals)
  }

  private read(name: string): Value {
    if (!flagsOf(this.spec).some((flag) => flag.name === name))
      throw new Error(`${this.spec.name} reads --${name}, which its spec does not list`)
    return this.values[name]
  }
}

/** Parses a command's tokens by its spec; every mistake is one line naming the flag, with the closest one. */
export function parseFlags(spec: CommandSpec, tokens: readonly string[]): FlagValues {
  const flags = flagsOf(spec)
  let parsed: { values: Record<string, Value>; positionals: string[]; tokens?: { kind: string }[] }
  try {
    parsed = parseArgs({
      args: joinNegativeValues(tokens, flags),
      options: optionsOf(spec),
      allowPositionals: spec.positional !== undefined,
      strict: true,
      tokens: true,
    })
  } catch (error) {
    throw new InvalidInputError([{ field: '', message: explainParseError(error as NodeError, spec) }], {
      cause: error,
    })
  }
  const issues: FieldIssue[] = []
  checkRepeats(flags, parsed.tokens ?? [], issues)
  checkEmpty(flags, parsed.values, issues)
  for (const flag of flags) checkChoice(flag, parsed.values[flag.name], issues)
  if (issues.length > 0) throw new InvalidInputError(issues)
  return new FlagValues(spec, parsed.values, parsed.positionals)
}

/** node:util's option table for a command, from its spec. */
export function optionsOf(spec: CommandSpec): Options {
  return Object.fromEntries(
    flagsOf(spec).map((flag) => [
      flag.name,
      {
        type: flag.type,
        ...(flag.multiple ? { multiple: true } : {}),
        ...(flag.short ? { short: flag.short } : {}),
      },
    ]),
  )
}

/** `--pods -1` reads as two flags to node:util; joined as `--pods=-1`, the number check names the value. */
function joinNegativeValues(tokens: readonly string[], flags: FlagSpec[]): string[] {
  const takesValue = new Set(flags.filter((flag) => flag.type === 'string').map((flag) => `--${flag.name}`))
  const joined: string[] = []
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string
    const next = tokens[index + 1]
    if (takesValue.has(token) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${token}=${next}`)
      index++
    } else joined.push(token)
  }
  return joined
}

interface NodeError extends Error {
  code?: string
}

function explainParseError(error: NodeError, spec: CommandSpec): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? ''
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}' for ${spec.name}${suggestFlag(quoted, spec)}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // "Option '-o, --output <value>' argument missing", or a value that starts with a dash (--pods
      // --all): the long name is the one to show.
      const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0] ?? quoted
      const known = flagsOf(spec).find((candidate) => `--${candidate.name}` === flag)
      if (known?.type === 'boolean') return `${flag}: takes no value`
      return `${flag}: needs a value${known?.value ? ` (${known.value})` : ''}`
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}' for ${spec.name}; see ${spec.name} --help`
    default:
      // node:util may say a thing over several lines: one line, as every other mistake.
      return error.message.split('\n').join(' ')
  }
}

function suggestFlag(typed: string, spec: CommandSpec): string {
  const names = flagsOf(spec).map((flag) => `--${flag.name}`)
  const bare = typed.split('=')[0] ?? typed
  // A flag cut short (--cni-prefix) is as good a clue as a misspelt one.
  const completions = bare.length > 3 ? names.filter((name) => name.startsWith(bare)) : []
  const suggestions = completions.length > 0 ? completions : nearestNames(bare, names)
  return suggestions.length > 0 ? `; did you mean ${suggestions.join(' or ')}?` : `; see ${spec.name} --help`
}

/**
 * An empty value (`--subnet-id "$IDS"` with IDS unset) is refused: read as "not given", it would widen a
 * scan from the subnets named to the whole region, or fall back to the kube context's cluster.
 */
function checkEmpty(flags: FlagSpec[], values: Record<string, Value>, issues: FieldIssue[]) {
  for (const flag of flags) {
    if (flag.type !== 'string') continue
    const given = values[flag.name]
    const list = Array.isArray(given) ? given : given === undefined ? [] : [given]
    if (list.some((value) => String(value).replace(/,/g, '').trim() === ''))
      issues.push({ field: `--${flag.name}`, message: `empty value; expected ${flag.value ?? 'a value'}` })
  }
}

/** A flag that takes one value, given twice: which one was meant is the user's to say, not ours to guess. */
function checkRepeats(flags: FlagSpec[], tokens: { kind: string; name?: string }[], issues: FieldIssue[]) {
  for (const flag of flags) {
    if (flag.multiple) continue
    const count = tokens.filter((token) => token.kind === 'option' && token.name === flag.name).length
    if (count > 1) issues.push({ field: `--${flag.name}`, message: 'given twice; give it once' })
  }
}

function checkChoice(flag: FlagSpec, value: Value, issues: FieldIssue[]): void {
  if (!flag.choices || value === undefined) return
  for (const one of Array.isArray(value) ? value : [value]) {
    if (typeof one !== 'string' || flag.choices.includes(one)) continue
    issues.push({ field: `--${flag.name}`, message: choiceMessage(one, flag.choices) })
  }
}

/** "expected one of a, b, c, not 'x'; did you mean b?" */
export function choiceMessage(value: string, choices: readonly string[]): string {
  const closest = nearestNames(value, choices)
  const hint = closest.length > 0 ? `; did you mean ${closest.join(' or ')}?` : ''
  return `expected one of ${choices.join(', ')}, not '${value}'${hint}`
}

/** No count this tool reads comes near it; beyond it, a number is a typo (and past 2^53, not exact). */
export const MAX_COUNT = 1_000_000

/** Counts that must be 1 or more (an ENI limit of 0 would leave no ENI; kubelet needs a pod). */
const AT_LEAST_ONE = new Set(['--cni-max-eni', '--kubelet-max-pods'])

/**
 * A count given as a flag's text: a whole number in its range, or an issue naming the flag and the
 * range, worded the same for every flag.
 */
export function wholeNumber(
  value: string | undefined,
  flag: string,
  issues: FieldIssue[],
): number | undefined {
  if (value === undefined) return undefined
  const least = AT_LEAST_ONE.has(flag) ? 1 : 0
  const range = `a whole number from ${least} to ${MAX_COUNT}`
  const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN
  if (number >= least && number <= MAX_COUNT) return number
  issues.push({ field: flag, message: `must be ${range}, not '${value}'` })
  return undefined
}
