import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { httpEvent, lambdaContext } from '../../test/builders/http-event.ts'
import { bundleLambdas, EC2_CLIENT_MARKER, LAMBDA_ENTRIES } from '../lambda-bundles.ts'
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startLocalCatalogDatabase,
  TABLE_NAME,
} from '../local/start-local.ts'
import { type BenchSection, fixed, quantile, sortedNumbers, thousands } from './measure.ts'

const WARM_INVOCATIONS = 20_000
const COLD_LOADS = 25

/** Warm, in-process invocations of the max-pods route: the memo answers, DynamoDB is not called. */
export async function benchWarmMaxPods(): Promise<BenchSection> {
  const database = await startLocalCatalogDatabase()
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: database.endpoint,
    TABLE_NAME,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  })
  const { handler } = await import('../../functions/http/capacity.ts')
  const event = httpEvent({
    method: 'GET',
    path: '/v1/instance-types/m5.large/max-pods',
    query: { prefixDelegation: 'true', cniVersion: '1.19.2' },
  })
  const context = lambdaContext()
  const first = await handler(event, context)
  if (!first.body?.includes('"source":"dynamodb"'))
    throw new Error(`warm-up did not answer from DynamoDB: ${first.body}`)

  const micros: number[] = []
  const started = process.hrtime.bigint()
  for (let index = 0; index < WARM_INVOCATIONS; index++) {
    const start = process.hrtime.bigint()
    await handler(event, context)
    micros.push(Number(process.hrtime.bigint() - start) / 1e3)
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  await database.stop()
  const sorted = sortedNumbers(micros)
  return {
    title: 'Warm max-pods invocation (issue 3)',
    method: `The capacity handler in-process (middy stack, zod parsing, routing, problem mapping), ${thousands(WARM_INVOCATIONS)} invocations of GET /v1/instance-types/m5.large/max-pods?prefixDelegation=true after one warm-up; the per-container memo answers, as in a warm Lambda.`,
    headers: ['measure', 'value'],
    rows: [
      ['median, µs', fixed(quantile(sorted, 0.5))],
      ['p99, µs', fixed(quantile(sorted, 0.99))],
      ['invocations per second (one core)', thousands(WARM_INVOCATIONS / seconds)],
    ],
  }
}

/** One bundle's figures: size, and median cold load absolute and relative to the baseline bundle. */
interface BundleFigures {
  mib: number
  coldMs: number
  vsBaseline: number
}

/** The figures of the last benchBundles run in this process, for the before/after section. */
let lastBundles: Record<string, BundleFigures> | undefined

/** Each deployable bundle's size and cold module-load time, beside a hello-world baseline. */
export async function benchBundles(root: string): Promise<BenchSection> {
  const outDir = join(root, '.tmp', 'bench-bundles')
  const bundles = await bundleLambdas(
    root,
    { baseline: 'scripts/bench/baseline-handler.ts', ...LAMBDA_ENTRIES },
    outDir,
  )
  // Rounds interleave the bundles, so a machine that slows down mid-run slows all of them alike.
  const times = new Map(Object.keys(bundles).map((name) => [name, [] as number[]]))
  for (let round = 0; round < COLD_LOADS; round++) {
    for (const [name, bundle] of Object.entries(bundles)) {
      const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle.path).href)}); console.log(performance.now() - t)`
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, AWS_REGION: 'us-east-1', TABLE_NAME: 'bench' },
        encoding: 'utf8',
      })
      times.get(name)?.push(Number(out.trim()))
    }
  }
  const median = (name: string) => quantile(sortedNumbers(times.get(name) ?? []), 0.5)
  const baseline = median('baseline')
  lastBundles = Object.fromEntries(
    Object.entries(bundles).map(([name, bundle]) => [
      name,
      { mib: bundle.bytes / 1024 / 1024, coldMs: median(name), vsBaseline: median(name) / baseline },
    ]),
  )
  const rows = Object.entries(bundles).map(([name, bundle]) => {
    const ms = median(name)
    const ec2 = readFileSync(bundle.path, 'utf8').includes(EC2_CLIENT_MARKER) ? 'yes' : 'no'
    return [name, fixed(bundle.bytes / 1024 / 1024, 2), fixed(ms), `${fixed(ms / baseline, 2)}×`, ec2]
  })
  return {
    title: 'Lambda bundles (issue 3)',
    method: `Bundled with serverless.yml's own esbuild options (minified ESM, AWS SDK bundled); cold load = median of ${COLD_LOADS} interleaved fresh Node ${process.version} processes timing \`await import(bundle)\`, module-scope work included. Baseline: a hello-world middy + zod + DynamoDB client handler.`,
    headers: ['function', 'bundle MiB', 'cold load ms', 'vs baseline', 'EC2 client inside'],
    rows,
  }
}

/** The commit before issue 12 (Powertools Logger, Metrics and Batch; fromTemporaryCredentials; Slack timeouts). */
const BEFORE_ISSUE_12_COMMIT = 'bb63f41'
/**
 * benchBundles' figures for the bundles of BEFORE_ISSUE_12_COMMIT (bundle bytes, median cold load ms, ×
 * the baseline), measured on 2026-11-30 on 2 × Xeon, Node v22.23.3, in one run that interleaved them with
 * the bundles after the change; rerunning needs that commit's tree, so they are kept here.
 */
const BEFORE_ISSUE_12: Record<string, BundleFigures> = {
  baseline: { mib: 788610 / 1024 / 1024, coldMs: 118.4, vsBaseline: 1.0 },
  capacity: { mib: 876989 / 1024 / 1024, coldMs: 154.9, vsBaseline: 1.31 },
  subnets: { mib: 1486756 / 1024 / 1024, coldMs: 252.8, vsBaseline: 2.13 },
  docs: { mib: 1765726 / 1024 / 1024, coldMs: 304.6, vsBaseline: 2.57 },
  refreshCatalog: { mib: 1426719 / 1024 / 1024, coldMs: 230.3, vsBaseline: 1.94 },
  slackCommand: { mib: 1046751 / 1024 / 1024, coldMs: 155.2, vsBaseline: 1.31 },
  slackWorker: { mib: 1482462 / 1024 / 1024, coldMs: 231.3, vsBaseline: 1.95 },
  reports: { mib: 1560470 / 1024 / 1024, coldMs: 257.0, vsBaseline: 2.17 },
  fragmentationReport: { mib: 1548475 / 1024 / 1024, coldMs: 245.1, vsBaseline: 2.07 },
  reportWorker: { mib: 1548482 / 1024 / 1024, coldMs: 229.4, vsBaseline: 1.94 },
}

/**
 * Issue 12's bundles and cold loads beside the figures before it. Cold load in ms depends on the machine
 * and its load; the ratio to the hello-world baseline, measured in the same run, is the comparable figure.
 */
export async function benchBundlesIssue12(root: string): Promise<BenchSection> {
  if (!lastBundles) await benchBundles(root)
  const after = lastBundles ?? {}
  const signed = (value: number, digits: number) => `${value >= 0 ? '+' : ''}${fixed(value, digits)}`
  const rows = Object.entries(BEFORE_ISSUE_12)
    .filter(([name]) => name !== 'baseline' && after[name])
    .map(([name, before]) => {
      const now = after[name] as BundleFigures
      return [
        name,
        fixed(before.mib, 2),
        fixed(now.mib, 2),
        signed((now.mib - before.mib) * 1024, 0),
        fixed(before.coldMs),
        fixed(now.coldMs),
        `${fixed(before.vsBaseline, 2)}×`,
        `${fixed(now.vsBaseline, 2)}×`,
      ]
    })
  return {
    title: 'Lambda bundles before/after (issue 12)',
    method: `Each function's bundle and cold load (benchBundles' method above) at commit ${BEFORE_ISSUE_12_COMMIT}, the commit before issue 12 (figures recorded as constants in scripts/bench/lambda.ts), and now: with the Powertools Logger and Metrics behind the telemetry port (every function), Powertools Batch (reportWorker), the SDK's fromTemporaryCredentials in place of the hand-written STS cache (the report functions), and timed Slack posts. Cold load in ms varies with the machine's load; the ratio to the hello-world baseline of the same run is the comparable figure.`,
    headers: [
      'function',
      'MiB before',
      'MiB after',
      'Δ KiB',
      'cold ms before',
      'cold ms after',
      'vs baseline before',
      'vs baseline after',
    ],
    rows,
  }
}
