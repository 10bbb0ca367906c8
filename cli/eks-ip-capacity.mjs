#!/usr/bin/env node
// Runs the CLI from its TypeScript source with no build step to remember: the source is bundled with
// esbuild into a cache keyed by the newest source time, so a normal run only pays Node's start-up
// (compiling on every run would cost several times that). Code splitting keeps what one command does not
// use (the EC2 client, for max-pods) out of its start-up.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const cache = join(root, 'node_modules', '.cache', 'eks-ip-capacity')
const SOURCES = ['cli', 'lib', 'data', 'package.json']
/** A bundle this old serves no run still starting (commands finish in seconds; a live scan, minutes). */
const STALE_BUNDLE_MS = 60 * 60 * 1000

function newestSourceTime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestSourceTime(join(path, name))))
}

const stamp = String(Math.floor(Math.max(...SOURCES.map((name) => newestSourceTime(join(root, name))))))
const bundleDir = join(cache, stamp)
const entry = join(bundleDir, 'main.mjs')

try {
  statSync(entry)
} catch {
  const [{ build }, { default: plugins }] = await Promise.all([
    import('esbuild'),
    import('../scripts/esbuild-plugins.cjs'),
  ])
  // Build aside and rename: a run starting at the same moment never loads half a bundle.
  const fresh = join(cache, `.building-${process.pid}`)
  mkdirSync(cache, { recursive: true })
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')],
    outdir: fresh,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [plugins.jsonParsePlugin],
  })
  try {
    renameSync(fresh, bundleDir)
  } catch {
    rmSync(fresh, { recursive: true, force: true }) // another run got there first
  }
  // Older bundles go, but not young ones: a run that started on one may still be loading its chunks.
  const youngerThan = Date.now() - STALE_BUNDLE_MS
  for (const old of readdirSync(cache)) {
    if (old === stamp || old.startsWith('.')) continue
    const path = join(cache, old)
    if (statSync(path).mtimeMs < youngerThan) rmSync(path, { recursive: true, force: true })
  }
}

const { main } = await import(pathToFileURL(entry).href)
process.exitCode = await main(process.argv.slice(2))
