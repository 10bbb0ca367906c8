import { execFileSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { delimiter, join, relative, resolve } from 'node:path'
import { REPO_ROOT } from './reference.ts'

// npm scripts and npx put node_modules/.bin first on PATH, where the `node` devDependency (the Lambda
// runtime's Node) hides the machine's own Node. A package test that only ran there would never see the
// oldest Node its engines field admits.

export interface NodeRuntime {
  /** The folder to put first on PATH so that `#!/usr/bin/env node` (and npm's own shebang) finds it. */
  dir: string
  version: string
  major: number
}

/** The lowest version an `engines.node` of the form `>=20.19` admits. */
export function enginesFloor(range: string): number[] {
  const floor = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range.trim())
  if (!floor) throw new Error(`engines.node ${range} is not of the form >=MAJOR.MINOR`)
  return [Number(floor[1]), Number(floor[2]), Number(floor[3] ?? 0)]
}

/**
 * The oldest Node on PATH outside the repository that still meets `floor` (a Node below it is one the
 * package does not claim), or the test runner's own Node when there is no other.
 */
export function oldestNodeFrom(floor: number[]): NodeRuntime {
  const byRealPath = new Map<string, string>()
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || isInsideRepository(dir)) continue
    const node = join(dir, 'node')
    if (!existsSync(node)) continue
    const real = realpathSync(node)
    if (!byRealPath.has(real)) byRealPath.set(real, dir)
  }
  const runtimes = [...byRealPath.values()].map((dir) => runtimeIn(dir, join(dir, 'node')))
  const admitted = runtimes.filter((runtime) => compareVersions(parts(runtime.version), floor) >= 0)
  admitted.sort((a, b) => compareVersions(parts(a.version), parts(b.version)))
  return admitted[0] ?? runtimeIn(resolve(process.execPath, '..'), process.execPath)
}

function runtimeIn(dir: string, node: string): NodeRuntime {
  const version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
  return { dir, version, major: parts(version)[0] ?? 0 }
}

function isInsideRepository(dir: string): boolean {
  const path = relative(REPO_ROOT, resolve(dir))
  return !path.startsWith('..') && !path.startsWith('/')
}

const parts = (version: string) => version.split('.').map(Number)

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0)
  return 0
}
