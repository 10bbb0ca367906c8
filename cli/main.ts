import type { Command, CommandLine } from '../lib/commands/grammar.ts'
import { routeCommand } from '../lib/commands/route.ts'
import { inFlagTerms } from '../lib/commands/settings-flags.ts'
import { InvalidInputError, UnknownInstanceTypeError } from '../lib/errors.ts'
import { describeAwsFailure } from './aws-failure.ts'
import { programName, renderHelp } from './help.ts'
import type { Answer } from './run.ts'

// The CLI's entry: parse, answer, print, and turn every failure into one line and an exit status. Help,
// version and completion are answered here; every other command is loaded only when asked for, so those
// three start without the catalog, the services or zod.

/** Exit statuses scripts can rely on, as documented in the README: 1 is left for bugs alone. */
export const EXIT = { ok: 0, bug: 1, usage: 2, awsAccess: 3 } as const

async function parse(tokens: readonly string[]): Promise<CommandLine> {
  const routed = routeCommand(tokens)
  if ('command' in routed) return { command: routed.command, notes: [] }
  const { parseCommandLine } = await import('../lib/commands/grammar.ts')
  return parseCommandLine(tokens)
}

async function answer(command: Command, program: string): Promise<Answer> {
  switch (command.name) {
    case 'help':
      return renderHelp(command.topic, program)
    case 'completion': {
      const { completionScript } = await import('./completion.ts')
      return completionScript(command.shell).trimEnd()
    }
    case 'version':
      return (await import('../package.json', { with: { type: 'json' } })).default.version
    default: {
      const { run } = await import('./run.ts')
      return run(command, program)
    }
  }
}

/** A service's message names API fields (`reservedEnis: …`); on the command line, the flag is the name. */
function inCliTerms(error: InvalidInputError): string {
  return error.issues
    .map((issue) => inFlagTerms(issue.field ? `${issue.field}: ${issue.message}` : issue.message))
    .join('; ')
}

export async function main(tokens: readonly string[]): Promise<number> {
  const program = programName(process.argv[1])
  const say = (line: string) => process.stderr.write(`${program}: ${line}\n`)
  try {
    const { command, notes } = await parse(tokens)
    for (const note of notes) say(`note: ${note}`)
    const said = await answer(command, program)
    if (typeof said === 'string') await write(`${said}\n`)
    else say(said.nothingFound)
    return EXIT.ok
  } catch (error) {
    if (error instanceof InvalidInputError) {
      say(inCliTerms(error))
      return EXIT.usage
    }
    if (error instanceof UnknownInstanceTypeError) {
      say(error.message)
      return EXIT.usage
    }
    if (error instanceof OutputError) {
      say(error.message)
      return EXIT.bug
    }
    const awsFailure = describeAwsFailure(error)
    if (awsFailure) {
      say(awsFailure)
      return EXIT.awsAccess
    }
    say(`internal error: ${(error as Error).message}`)
    return EXIT.bug
  }
}

/** stdout could not be written (a full disk, a closed file): one line, not a stack trace. */
class OutputError extends Error {
  override readonly name = 'OutputError'
}

/** Writes the answer, waiting for it to be flushed, so a failed write is ours to report. */
function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The callback below reports the failure; the stream's error event must not also crash the process.
    process.stdout.once('error', () => {})
    process.stdout.write(text, (error) => {
      if (!error) return resolve()
      // A reader that stops early (| head) closes the pipe: the end of the output, not a failure.
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return resolve()
      reject(new OutputError(`cannot write the answer: ${error.message}`, { cause: error }))
    })
  })
}
