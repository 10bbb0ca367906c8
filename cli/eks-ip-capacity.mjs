#!/usr/bin/env node
// Runs the CLI from its TypeScript source with no build step to remember: the source is bundled with
// esbuild into a cache the first time and again whenever a source file is newer than the bundle, so a
// normal run only pays Node's start-up (compiling on every run would cost several times that).
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const bundle = join(root, 'node_modules', '.cache', 'eks-ip-capacity', 'cli.mjs')
const SOURCES = ['cli', 'lib', 'data', 'package.json']

function newestSourceTime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestSourceTime(join(path, name))))
}

function bundleTime() {
  try {
    return statSync(bundle).mtimeMs
  } catch {
    return -1
  }
}

if (bundleTime() < Math.max(...SOURCES.map((name) => newestSourceTime(join(root, name))))) {
  const [{ build }, { default: plugins }] = await Promise.all([
    import('esbuild'),
    import('../scripts/esbuild-plugins.cjs'),
  ])
  mkdirSync(dirname(bundle), { recursive: true })
  // Write aside and rename: another run starting at the same moment must never load half a file.
  const fresh = `${bundle}.${process.pid}.mjs`
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')],
    outfile: fresh,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [plugins.jsonParsePlugin],
  })
  renameSync(fresh, bundle)
}

const { main } = await import(pathToFileURL(bundle).href)
process.exitCode = await main(process.argv.slice(2))
