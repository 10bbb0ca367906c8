// The one place the CLI's esbuild options live: the dev runner (cli/eks-ip-capacity.mjs), the package's
// prepack and the benchmarks all build through buildCli.
//   node scripts/build-cli.mjs dist/cli    a release build into a clean folder (what prepack runs)
import { renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))

/** The file every build writes: run it with Node, or through the shebang of a bin link to it. */
export const CLI_ENTRY = 'eks-ip-capacity.mjs'

// The entry runs the CLI on import, so a bin link is the whole program. It is made up here rather than
// kept as a file in cli/: nothing but a build needs it.
const ENTRY_SOURCE = `#!/usr/bin/env node
import { main } from './cli/main.ts'
// main.ts reports stdout's write errors itself (EPIPE from | head is the end of the output, not a failure).
process.exitCode = await main(process.argv.slice(2))
`

// Bundled CommonJS code (parts of the AWS SDK's dependency tree) calls require(), which an ES module
// lacks: every chunk gets one of its own, as the Lambda bundles do (serverless.yml's banner).
const REQUIRE_BANNER =
  "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);"

/**
 * Builds the CLI into `outdir` as `eks-ip-capacity.mjs` plus its chunks.
 * - dev (`release: false`): dependencies stay in node_modules, unminified: a quick rebuild from a clone.
 * - release: one self-contained tree (AWS SDK, zod, yaml and the catalog inside), minified, for the
 *   package: nothing to install beside it, nothing compiled or written at run time. Code splitting keeps
 *   the chunk holding an AWS SDK client out of the commands that never call AWS (they import it lazily).
 */
export async function buildCli({ outdir, release }) {
  const [{ build }, { default: plugins }] = await Promise.all([
    import('esbuild'),
    import('./esbuild-plugins.cjs'),
  ])
  await build({
    entryPoints: [{ in: 'eks-ip-capacity-entry', out: CLI_ENTRY.replace(/\.mjs$/, '') }],
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    // The oldest Node the package's engines field admits.
    target: 'node20',
    logLevel: 'warning',
    plugins: [entryPlugin, plugins.jsonParsePlugin],
    ...(release
      ? {
          minify: true,
          // The SDK's ES module builds tree-shake far better than its CommonJS ones.
          mainFields: ['module', 'main'],
          chunkNames: 'chunks/[name]-[hash]',
          banner: { js: REQUIRE_BANNER },
        }
      : { packages: 'external' }),
  })
  return join(outdir, CLI_ENTRY)
}

/** Serves the made-up entry as if it were a file at the repository's root. */
const entryPlugin = {
  name: 'cli-entry',
  setup(build) {
    build.onResolve({ filter: /^eks-ip-capacity-entry$/ }, () => ({
      path: 'eks-ip-capacity-entry',
      namespace: 'cli-entry',
    }))
    build.onLoad({ filter: /.*/, namespace: 'cli-entry' }, () => ({
      contents: ENTRY_SOURCE,
      loader: 'ts',
      resolveDir: root,
    }))
  },
}

/**
 * A release build that replaces `outdir` whole, built aside first: chunks of an older build (their names
 * are hashes) never linger to be packed, and a failed build leaves the last good one.
 */
async function buildReleaseInto(outdir) {
  const fresh = `${outdir}.building-${process.pid}`
  try {
    await buildCli({ outdir: fresh, release: true })
    rmSync(outdir, { recursive: true, force: true })
    renameSync(fresh, outdir)
  } finally {
    rmSync(fresh, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2]
  if (!outdir || process.argv.length > 3) {
    process.stderr.write('usage: node scripts/build-cli.mjs OUTDIR\n')
    process.exitCode = 2
  } else {
    // esbuild has already printed what failed, with its place in the source.
    await buildReleaseInto(resolve(outdir)).catch(() => {
      process.exitCode = 1
    })
  }
}
