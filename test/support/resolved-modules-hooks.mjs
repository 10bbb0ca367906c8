// Module customization hooks (run on Node's hooks thread): every specifier Node resolves, with what it
// resolved to, appended to the log file named at registration. Appended one line at a time so the log
// holds what was resolved even when the process is killed mid-run.
import { appendFileSync } from 'node:fs'

let log

export function initialize(data) {
  log = data.log
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  appendFileSync(log, `${specifier}\t${resolved.url}\n`)
  return resolved
}
