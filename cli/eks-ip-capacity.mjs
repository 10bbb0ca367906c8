#!/usr/bin/env node
// The development runner (`npm run cli`, the tests): runs the CLI from its TypeScript source with no build
// step to remember. scripts/build-cli.mjs bundles the source into a cache keyed by the newest source time,
// so a normal run only pays Node's start-up (compiling on every run would cost several times that). The
// package ships a release build made at prepack instead, and never runs this file.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const cache = join(root, 'node_modules', '.cache', 'eks-ip-capacity')
const SOURCES = ['cli', 'lib', 'data', 'package.json', 'scripts/build-cli.mjs', 'scripts/esbuild-plugins.cjs']
/** A bundle this old serves no run still starting (commands finish in seconds; a live scan, minutes). */
const STALE_BUNDLE_MS = 60 * 60 * 1000

function newestSourceTime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestSourceTime(join(path, name))))
}

const stamp = String(Math.floor(Math.max(...SOURCES.map((name) => newestSourceTime(join(root, name))))))
const bundleDir = join(cache, stamp)
const entry = join(bundleDir, 'eks-ip-capacity.mjs')

try {
  statSync(entry)
} catch {
  const { buildCli } = await import('../scripts/build-cli.mjs')
  // Build aside and rename: a run starting at the same moment never loads half a bundle.
  const fresh = join(cache, `.building-${process.pid}`)
  mkdirSync(cache, { recursive: true })
  await buildCli({ outdir: fresh, release: false })
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

// The bundle's entry runs the CLI and sets the exit status itself.
await import(pathToFileURL(entry).href)
