// Preloaded with `--import` (Node ≥ 20.6): records every module the process loads into the file named by
// RESOLVED_MODULES_LOG, so a test can tell which packages a command really loaded. ES modules through a
// resolve hook, as they are resolved; CommonJS ones (what an ES entry of a package requires in turn) from
// the require cache as the process exits.
import { appendFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { pathToFileURL } from 'node:url'

const log = process.env.RESOLVED_MODULES_LOG

register('./resolved-modules-hooks.mjs', import.meta.url, { data: { log } })

const requireCache = createRequire(import.meta.url).cache
process.on('exit', () => {
  const lines = Object.keys(requireCache).map((file) => `(require)\t${pathToFileURL(file).href}\n`)
  appendFileSync(log, lines.join(''))
})
