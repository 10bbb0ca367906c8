import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { startLocalCatalogDatabase } from './local-catalog.ts'
import { LOCAL_REGION, LOCAL_STAGE, localFunctionEnvironment } from './local-environment.ts'
import type { LocalService } from './start-local.ts'

/** serverless-offline bundles with esbuild on start; give a slow machine time. */
const READY_TIMEOUT_MS = 120_000

/**
 * The service through serverless-offline (`npm run offline`): dynalite in-process as for `npm start`, and
 * the HTTP API served by the framework's emulator from esbuild bundles of the functions.
 */
export async function startOffline(options: {
  port: number
  lambdaPort: number
  log?: (line: string) => void
}): Promise<LocalService> {
  const log = options.log ?? ((line: string) => console.log(line))
  const database = await startLocalCatalogDatabase()
  const dynamoDbEndpoint = database.endpoint
  const url = `http://127.0.0.1:${options.port}`
  log(`catalog: ${database.typeCount} instance types written to DynamoDB (dynalite) at ${dynamoDbEndpoint}`)

  const offline = spawn(
    process.execPath,
    [
      'node_modules/serverless/bin/serverless.js',
      'offline',
      'start',
      '--stage',
      LOCAL_STAGE,
      '--region',
      LOCAL_REGION,
      '--httpPort',
      String(options.port),
      '--lambdaPort',
      String(options.lambdaPort),
      // The local settings reach the functions from this process's environment.
      '--localEnvironment',
      `--param=publicBaseUrl=${url}`,
    ],
    {
      env: {
        ...process.env,
        ...localFunctionEnvironment({
          dynamoDbEndpoint,
          lambdaEndpoint: `http://127.0.0.1:${options.lambdaPort}`,
          publicBaseUrl: url,
        }),
        SLS_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const output: string[] = []
  for (const stream of [offline.stdout, offline.stderr])
    stream?.on('data', (chunk) => output.push(String(chunk)))

  const stop = async () => {
    await stopProcess(offline)
    await database.stop()
  }
  try {
    await waitUntilServing(`${url}/v1/health`, offline)
  } catch (error) {
    await stop()
    throw new Error(
      `serverless-offline did not start: ${(error as Error).message}\n${output.join('').slice(-4000)}`,
    )
  }
  return { url, dynamoDbEndpoint, stop }
}

async function waitUntilServing(healthUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with status ${child.exitCode}`)
    try {
      const response = await fetch(healthUrl)
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250))
  }
  throw new Error(`no answer from ${healthUrl} within ${READY_TIMEOUT_MS / 1000} s`)
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGINT')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
