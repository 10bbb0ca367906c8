import { CatalogImportError, InvalidInputError } from '../lib/errors.ts'

/** Runs a script's body: a known mistake exits 2 with one line on stderr, anything else exits 1. */
export function runScript(name: string, body: () => string | Promise<string>): void {
  Promise.resolve()
    .then(body)
    .then(
      (summary) => console.log(summary),
      (error: unknown) => {
        const known =
          error instanceof CatalogImportError ||
          error instanceof InvalidInputError ||
          String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
        console.error(`${name}: ${known ? (error as Error).message : String(error)}`)
        process.exitCode = known ? 2 : 1
      },
    )
}
