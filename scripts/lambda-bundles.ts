import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { type BuildOptions, build } from 'esbuild'
import { parse } from 'yaml'

const require = createRequire(import.meta.url)

/** Each Lambda entry point, by the function name serverless.yml gives it. */
export const LAMBDA_ENTRIES: Record<string, string> = {
  capacity: 'functions/http/capacity.ts',
  subnets: 'functions/http/subnets.ts',
  docs: 'functions/http/docs.ts',
  refreshCatalog: 'functions/scheduled/refresh-catalog.ts',
  slackCommand: 'functions/slack/command.ts',
  slackWorker: 'functions/slack/worker.ts',
  reports: 'functions/http/reports.ts',
  reportPages: 'functions/http/report-pages.ts',
  fragmentationReport: 'functions/scheduled/fragmentation-report.ts',
  reportWorker: 'functions/queue/report-worker.ts',
}

/**
 * esbuild options exactly as serverless.yml gives them to serverless-esbuild, so the bundles measured
 * and tested here are the bundles that deploy.
 */
export function serverlessEsbuildOptions(root: string): BuildOptions {
  const serverless = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), { logLevel: 'silent' })
  const { bundle, minify, sourcemap, target, platform, format, mainFields, banner, plugins } =
    serverless.custom.esbuild
  return {
    bundle,
    minify,
    sourcemap: sourcemap === 'external' ? false : sourcemap,
    target,
    platform,
    format,
    mainFields,
    banner,
    plugins: require(join(root, plugins)),
    logLevel: 'warning',
  }
}

/** Bundles entry points (path relative to root) into outDir as .mjs; returns each bundle's path and size. */
export async function bundleLambdas(root: string, entries: Record<string, string>, outDir: string) {
  mkdirSync(outDir, { recursive: true })
  const options = serverlessEsbuildOptions(root)
  const bundles: Record<string, { path: string; bytes: number }> = {}
  for (const [name, entry] of Object.entries(entries)) {
    const path = join(outDir, `${name}.mjs`)
    await build({ ...options, entryPoints: [join(root, entry)], outfile: path })
    bundles[name] = { path, bytes: statSync(path).size }
  }
  return bundles
}

/** A string only the EC2 client carries: its XML namespace. */
export const EC2_CLIENT_MARKER = 'ec2.amazonaws.com/doc/'
