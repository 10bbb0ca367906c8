import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { freePort } from './free-port.ts'

// moto's server is an AWS implementation we did not write: EC2, EKS (clusters and node groups, no add-ons),
// DynamoDB and more over real HTTP. It comes with these machines' Python; where it is missing, the tests
// that need it say so and skip only themselves.

const PROBE = spawnSync('moto_server', ['--help'], { stdio: 'ignore' })
export const HAS_MOTO = !PROBE.error && PROBE.status === 0

/** The words a skipped test's title carries when moto is missing. */
export const MOTO_SKIPPED = HAS_MOTO ? '' : ' (skipped: moto_server is not installed)'

if (!HAS_MOTO) console.warn('moto_server is not installed here: the tests against it are skipped')

export interface MotoServer {
  endpoint: string
  stop(): void
}

/** Starts a moto server of its own on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  })
  await serving(endpoint)
  return { endpoint, stop: () => child.kill() }
}

/** Waits until moto answers HTTP (it takes a few seconds to start). */
async function serving(endpoint: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200))
  }
  throw new Error(`moto_server did not start at ${endpoint}`)
}

/** Static keys moto accepts: the SDK needs some credentials to sign with. */
export const MOTO_CREDENTIALS = { accessKeyId: 'AKIDMOTO', secretAccessKey: 'moto-secret' }
