import {
  COMMAND_SPECS,
  COMMAND_WORDS,
  type CommandSpec,
  flagsOf,
  subcommandsOf,
} from '../lib/commands/command-specs.ts'
import type { FlagSpec } from '../lib/commands/flags.ts'
import type { Shell } from '../lib/commands/grammar.ts'

// Shell completion, written from the command specs the parser reads: commands, subcommands, each
// command's flags and each flag's values. Instance types are asked of the CLI itself at completion time
// (`instance-types` answers from the bundled catalog, offline), so the script never goes stale.

/** Both names the CLI is installed under: its own, and the kubectl plugin's. */
const PROGRAMS = ['eks-ip-capacity', 'kubectl-ip_capacity']
const FUNCTION = '_eks_ip_capacity'

export function completionScript(shell: Shell): string {
  if (shell === 'fish') return fishScript()
  return shell === 'bash' ? bashScript() : zshScript()
}

/** What a flag's value completes to: its choices, a file, an instance type, or nothing to offer. */
type ValueCompletion = { kind: 'choices'; words: readonly string[] } | { kind: 'file' | 'type' | 'none' }

function valueCompletion(flag: FlagSpec): ValueCompletion {
  if (flag.choices) return { kind: 'choices', words: flag.choices }
  if (flag.value === 'FILE') return { kind: 'file' }
  if (flag.value === 'TYPE') return { kind: 'type' }
  return { kind: 'none' }
}

/** Flags completion offers: not an old spelling kept only for scripts (max-pods' --profile). */
function offeredFlags(spec: CommandSpec): FlagSpec[] {
  return flagsOf(spec).filter((flag) => !flag.deprecated)
}

function flagWords(spec: CommandSpec): string[] {
  return [
    ...offeredFlags(spec).flatMap((flag) => [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])]),
    '--help',
  ]
}

/** The positional words a command takes (shells, command names); a FILE completes to files. */
function positionalWords(spec: CommandSpec): readonly string[] | 'file' | undefined {
  if (!spec.positional) return undefined
  if (spec.name === 'help') return COMMAND_WORDS
  return spec.positional.choices ?? (spec.positional.value === 'FILE' ? 'file' : undefined)
}

// bash and zsh share one dispatcher: the same `case` syntax, with `offer` and `files` defined per shell,
// and cur, prev, cword (0 = the program), cmd, sub and self set by each shell's entry function.
function dispatcher(): string {
  const offer = `${FUNCTION}_offer`
  const files = `${FUNCTION}_files`
  const groups = COMMAND_WORDS.filter((word) => subcommandsOf(word).length > 0)
  const lines = [
    `${FUNCTION}_dispatch() {`,
    `  if [ "$cword" -eq 1 ]; then ${offer} ${COMMAND_WORDS.join(' ')}; return; fi`,
    '  local command="$cmd"',
    '  case "$cmd" in',
    ...groups.map(
      (word) =>
        `    ${word}) if [ "$cword" -eq 2 ]; then ${offer} ${subcommandsOf(word).join(' ')}; return; fi; command="$cmd $sub" ;;`,
    ),
    '  esac',
    '  case "$command" in',
  ]
  for (const spec of COMMAND_SPECS) {
    lines.push(`    '${spec.name}')`, '      case "$prev" in')
    for (const flag of flagsOf(spec).filter((candidate) => candidate.type === 'string')) {
      const names = [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])].join('|')
      const value = valueCompletion(flag)
      const action =
        value.kind === 'choices'
          ? `${offer} ${value.words.join(' ')}`
          : value.kind === 'file'
            ? files
            : value.kind === 'type'
              ? `${offer} $("$self" instance-types 2>/dev/null)`
              : ':'
      lines.push(`        ${names}) ${action}; return ;;`)
    }
    lines.push('      esac')
    const positional = positionalWords(spec)
    const flagsOffer = `${offer} ${flagWords(spec).join(' ')}`
    if (positional === undefined) lines.push(`      ${flagsOffer} ;;`)
    else {
      const positionalAction = positional === 'file' ? files : `${offer} ${positional.join(' ')}`
      lines.push(`      case "$cur" in -*) ${flagsOffer} ;; *) ${positionalAction} ;; esac ;;`)
    }
  }
  lines.push('  esac', '}')
  return lines.join('\n')
}

function bashScript(): string {
  return [
    '# bash completion for eks-ip-capacity: source <(eks-ip-capacity completion bash)',
    `${FUNCTION}_offer() { COMPREPLY=($(compgen -W "$*" -- "$cur")); }`,
    `${FUNCTION}_files() { COMPREPLY=($(compgen -f -- "$cur")); }`,
    dispatcher(),
    `${FUNCTION}() {`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cword=$COMP_CWORD',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    '  local cmd="${COMP_WORDS[1]}" sub="${COMP_WORDS[2]}" self="${COMP_WORDS[0]}"',
    '  COMPREPLY=()',
    // --flag=value: bash splits at the = (COMP_WORDBREAKS), so the flag is two words back.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    '  if [ "$prev" = "=" ]; then prev="${COMP_WORDS[COMP_CWORD-2]}";',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    '  elif [ "$cur" = "=" ]; then prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""; fi',
    `  ${FUNCTION}_dispatch`,
    '}',
    // filenames: a directory completes with its /, ready for the next part of the path.
    `complete -o filenames -F ${FUNCTION} ${PROGRAMS.join(' ')}`,
    '',
  ].join('\n')
}

function zshScript(): string {
  return [
    `#compdef ${PROGRAMS.join(' ')}`,
    '# zsh completion for eks-ip-capacity: source <(eks-ip-capacity completion zsh), or save it as',
    '# _eks-ip-capacity in a directory of $fpath',
    `${FUNCTION}_offer() { compadd -- "$@"; }`,
    `${FUNCTION}_files() { _files; }`,
    dispatcher(),
    `${FUNCTION}() {`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    '  local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" cword=$((CURRENT - 1))',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    '  local cmd="${words[2]}" sub="${words[3]}" self="${words[1]}"',
    `  ${FUNCTION}_dispatch`,
    '}',
    `if [ "$funcstack[1]" = "_eks-ip-capacity" ]; then ${FUNCTION} "$@"; else compdef ${FUNCTION} ${PROGRAMS.join(' ')}; fi`,
    '',
  ].join('\n')
}

function fishScript(): string {
  const lines = ['# fish completion for eks-ip-capacity: eks-ip-capacity completion fish | source']
  for (const program of PROGRAMS) {
    const complete = `complete -c ${program}`
    lines.push(`${complete} -f`)
    for (const spec of COMMAND_SPECS) {
      const [word, sub] = spec.name.split(' ')
      if (sub === undefined) {
        lines.push(`${complete} -n __fish_use_subcommand -a ${word} -d ${fishQuote(spec.summary)}`)
      } else {
        const others = subcommandsOf(word as string).join(' ')
        if (sub === subcommandsOf(word as string)[0])
          lines.push(`${complete} -n __fish_use_subcommand -a ${word} -d ${fishQuote(`${others}`)}`)
        lines.push(
          `${complete} -n ${fishQuote(`__fish_seen_subcommand_from ${word}; and not __fish_seen_subcommand_from ${others}`)} -a ${sub} -d ${fishQuote(spec.summary)}`,
        )
      }
      const condition = fishQuote(
        sub === undefined
          ? `__fish_seen_subcommand_from ${word}`
          : `__fish_seen_subcommand_from ${word}; and __fish_seen_subcommand_from ${sub}`,
      )
      const positional = positionalWords(spec)
      if (positional === 'file') lines.push(`${complete} -n ${condition} -F`)
      else if (positional) lines.push(`${complete} -n ${condition} -a ${fishQuote(positional.join(' '))}`)
      for (const flag of offeredFlags(spec)) lines.push(`${complete} -n ${condition} ${fishFlag(flag)}`)
      lines.push(`${complete} -n ${condition} -l help -d 'this help'`)
    }
  }
  return `${lines.join('\n')}\n`
}

function fishFlag(flag: FlagSpec): string {
  const parts = [`-l ${flag.name}`, ...(flag.short ? [`-s ${flag.short}`] : [])]
  const value = valueCompletion(flag)
  if (flag.type === 'string') {
    if (value.kind === 'choices') parts.push('-x', `-a ${fishQuote(value.words.join(' '))}`)
    else if (value.kind === 'file') parts.push('-r', '-F')
    else if (value.kind === 'type')
      parts.push('-x', `-a ${fishQuote('(eks-ip-capacity instance-types 2>/dev/null)')}`)
    else parts.push('-x')
  }
  parts.push(`-d ${fishQuote(flag.help)}`)
  return parts.join(' ')
}

/** fish's single quotes: only a backslash and a quote need escaping. */
function fishQuote(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`
}
