import { readFileSync } from 'node:fs'
import type { Command } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { RESERVATIONS_OUTPUT_SHAPE, SubnetExports } from '../lib/schemas/ec2-subnet-exports.ts'
import { parseInput } from '../lib/schemas/parse.ts'
import { analyseExports, type SubnetScan, worstFirst } from '../lib/services/subnet-analysis.ts'

// Offline only: nothing here may import an AWS SDK client (`subnets analyze` must start as fast as max-pods).

/** `subnets analyze`: AWS CLI exports on disk, analysed offline. */
export function analyzeExportFiles(
  files: Extract<Command, { name: 'subnets-analyze' }>['files'],
): SubnetScan {
  return sortScan(analyseExports(readExports(files)))
}

/** The export files, read and checked; a complaint names the flag its file came by. */
export function readExports(files: Extract<Command, { name: 'subnets-analyze' }>['files']): SubnetExports {
  const raw = {
    subnets: readJson(files.subnets, '--subnets'),
    networkInterfaces: readJson(files.enis, '--enis'),
    ...(files.reservations.length > 0
      ? { cidrReservations: files.reservations.map(readReservationsOutput) }
      : {}),
  }
  let exports: SubnetExports
  try {
    exports = parseInput(SubnetExports, raw)
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    // Name the flag the bad file came in by, not the internal field.
    const flags: Record<string, string> = {
      subnets: '--subnets',
      networkInterfaces: '--enis',
      cidrReservations: '--reservations',
    }
    throw new InvalidInputError(
      error.issues.map((issue) => {
        const [head, ...rest] = issue.field.split('.')
        return { field: `${flags[head ?? ''] ?? head} ${rest.join('.')}`.trim(), message: issue.message }
      }),
    )
  }
  return exports
}

export function sortScan(scan: SubnetScan): SubnetScan {
  return {
    analyses: [...scan.analyses].sort(worstFirst),
    skipped: scan.skipped,
  }
}

/** One output per file (the flag repeats): an array is a list of items, or of outputs, the CLI would only guess at. */
function readReservationsOutput(file: string): unknown {
  const output = readJson(file, '--reservations')
  if (Array.isArray(output))
    throw new InvalidInputError([
      {
        field: '--reservations',
        message: `${file} holds a JSON array; expected ${RESERVATIONS_OUTPUT_SHAPE} (repeat --reservations for more subnets)`,
      },
    ])
  return output
}

function readJson(file: string, flag: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new InvalidInputError([
      { field: flag, message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code})` },
    ])
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InvalidInputError([
      { field: flag, message: `${file} is not JSON (${(error as Error).message})` },
    ])
  }
}
