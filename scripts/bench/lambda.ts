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
