import { readFileSync } from 'node:fs'
import { parse, parseAllDocuments } from 'yaml'
import { InvalidInputError } from '../lib/errors.ts'

// Documents a command reads from files: a plan, a sizing, kubectl's exports. A file that cannot be read or
// parsed is a usage mistake naming the flag (or the argument) that named it.

/** One YAML or JSON document from a file (`-`: standard input), or a usage error naming the flag. */
export function readDocument(file: string, field: string): unknown {
  const text = readText(file, field)
  try {
    return parse(text)
  } catch (error) {
    throw notYaml(file, field, error)
  }
}

/** `kubectl get … -o yaml` writes one List; several documents (`---`) are read as a list of them. */
export function readDocuments(file: string, field: string): unknown {
  const documents = parseAllDocuments(readText(file, field))
  const broken = 'errors' in documents ? [] : documents.flatMap((document) => document.errors)
  if (!Array.isArray(documents) || broken.length > 0)
    throw notYaml(file, field, broken[0] ?? (documents as { errors: Error[] }).errors?.[0])
  const values = documents.map((document) => document.toJS())
  return values.length === 1 ? values[0] : values
}

function readText(file: string, field: string): string {
  try {
    return readFileSync(file === '-' ? '/dev/stdin' : file, 'utf8')
  } catch (error) {
    throw new InvalidInputError([
      { field, message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code})` },
    ])
  }
}

function notYaml(file: string, field: string, error: unknown): InvalidInputError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable'
  return new InvalidInputError([{ field, message: `${file} is not YAML or JSON (${reason})` }])
}
