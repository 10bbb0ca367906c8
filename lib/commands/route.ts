import { nearestNames } from '../domain/closest-names.ts'
import { InvalidInputError } from '../errors.ts'
import type { Command, Shell } from './command.ts'
import { SHELLS } from './command.ts'
import { COMMAND_SPECS, COMMAND_WORDS, specOf, subcommandsOf } from './command-specs.ts'
import { choiceMessage, type FlagValues, parseFlags } from './parse-flags.ts'

// The first words of a command line: which command, or help, version and completion outright. Kept
// apart from the grammar's flag checks (which use the schemas, and so zod), so the CLI answers help,
// version and completion without loading them.

/** Help, version and completion, parsed; or a command's name and the tokens its flags are in. */
export type Route = { command: Command } | { name: string; args: string[] }

export function routeCommand(tokens: readonly string[]): Route {
  const [word, ...rest] = tokens
  if (word === undefined) return { command: { name: 'help' } }
  // `--help max-pods` and `help max-pods --help` both ask for max-pods' help.
  if (word === '--help' || word === '-h' || word === 'help')
    return { command: { name: 'help', topic: helpTopic(rest.filter((token) => !isHelpFlag(token))) } }
  if (word === 'version' || word === '--version' || word === '-v') {
    if (rest.length > 0 && rest.every(isHelpFlag)) return { command: { name: 'help' } }
    // `version --foo` is a mistake like any other, not a version.
    if (rest.length > 0)
      throw new InvalidInputError([
        { field: '', message: `version takes nothing after it, not '${rest[0]}'` },
      ])
    return { command: { name: 'version' } }
  }
  if (word.startsWith('-')) throw flagBeforeCommand(word)
  if (!COMMAND_WORDS.includes(word)) throw unknownCommand(word)
  const subcommands = subcommandsOf(word)
  let name = word
  let args = rest
  if (subcommands.length > 0) {
    const [sub, ...after] = rest
    if (sub !== undefined && isHelpFlag(sub)) return { command: { name: 'help', topic: word } }
    if (sub === undefined || !subcommands.includes(sub)) throw unknownSubcommand(word, sub, subcommands)
    name = `${word} ${sub}`
    args = after
  }
  if (args.some(isHelpFlag)) return { command: { name: 'help', topic: name } }
  if (name === 'completion') return { command: parseCompletion(parseFlags(specOf(name), args)) }
  return { name, args }
}

function isHelpFlag(token: string): boolean {
  return token === '--help' || token === '-h'
}

/** `-o json max-pods`: flags belong to a command, so they come after it. */
function flagBeforeCommand(flag: string): InvalidInputError {
  return new InvalidInputError([
    {
      field: '',
      message: `'${flag}' before a command: flags come after the command (COMMAND ${flag} …); commands: ${COMMAND_WORDS.join(', ')}`,
    },
  ])
}

function parseCompletion(values: FlagValues): Command {
  const [shell, ...extra] = values.positionals
  if (shell === undefined || extra.length > 0)
    throw new InvalidInputError([{ field: 'completion', message: `name one shell: ${SHELLS.join(', ')}` }])
  if (!(SHELLS as readonly string[]).includes(shell))
    throw new InvalidInputError([{ field: 'completion', message: choiceMessage(shell, SHELLS) }])
  return { name: 'completion', shell: shell as Shell }
}

/** `help`, `help max-pods`, `help subnets scan`, `help subnets`: a topic every help page knows. */
function helpTopic(words: string[]): string | undefined {
  if (words.length === 0) return undefined
  const topic = words.join(' ')
  if (COMMAND_SPECS.some((spec) => spec.name === topic) || COMMAND_WORDS.includes(topic)) return topic
  const [word, sub] = words
  if (word === undefined || !COMMAND_WORDS.includes(word)) throw unknownCommand(word ?? '')
  throw unknownSubcommand(word, sub, subcommandsOf(word))
}

function unknownCommand(word: string): InvalidInputError {
  const closest = nearestNames(word, COMMAND_WORDS)
  const hint = closest.length > 0 ? `; did you mean ${closest.join(' or ')}?` : ''
  return new InvalidInputError([
    { field: '', message: `unknown command '${word}'${hint} (commands: ${COMMAND_WORDS.join(', ')})` },
  ])
}

function unknownSubcommand(word: string, sub: string | undefined, subcommands: string[]): InvalidInputError {
  const choices = subcommands.map((name) => `${word} ${name}`).join(' or ')
  if (sub === undefined) return new InvalidInputError([{ field: '', message: `${word}: try ${choices}` }])
  const closest = nearestNames(sub, subcommands)
  const hint = closest.length > 0 ? `did you mean ${word} ${closest.join(` or ${word} `)}?` : `try ${choices}`
  return new InvalidInputError([{ field: '', message: `unknown ${word} command '${sub}'; ${hint}` }])
}
