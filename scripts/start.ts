// npm start: the service on this machine, no AWS account needed. Ctrl-C stops it.

import { once } from 'node:events'
import { createServer } from 'node:net'
import { printServing, stopOnSignal } from './local/serving-banner.ts'
import { startLocal } from './local/start-local.ts'

const DEFAULT_PORT = 3000
// The Lambda Invoke endpoint (the Slack worker) needs no fixed port unless LAMBDA_PORT asks for one.
const lambdaPort = Number(process.env.LAMBDA_PORT ?? 0)

console.log(
  'starting eks-ip-capacity locally (DynamoDB: in-process dynalite; HTTP: the functions in-process)…',
)
const service = await startLocal({ port: await chosenPort(), lambdaPort })
printServing(service)
stopOnSignal(service)

/**
 * PORT when set; else 3000, or a free port when another server (a second npm start, a test run) holds
 * 3000, so that two of them never stop each other.
 */
async function chosenPort(): Promise<number> {
  if (process.env.PORT !== undefined) return Number(process.env.PORT)
  const probe = createServer()
  try {
    probe.listen(DEFAULT_PORT, '127.0.0.1')
    await once(probe, 'listening')
    return DEFAULT_PORT
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    console.log(`port ${DEFAULT_PORT} is in use: serving on a free port instead (PORT=… chooses one)`)
    return 0
  } finally {
    probe.close()
  }
}
