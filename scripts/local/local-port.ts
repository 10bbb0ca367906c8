import { once } from 'node:events'
import { type AddressInfo, createServer } from 'node:net'

/** npm start's port when PORT does not name one. */
export const DEFAULT_PORT = 3000

/**
 * PORT when set and free; else 3000, or a free port (0) when another server (a second npm start, npm run
 * offline, a test run) holds 3000, so that two of them never stop each other. A taken PORT is the user's
 * to change: one line, exit 1, rather than Node's stack trace.
 */
export async function chosenPort(say: (line: string) => void = console.log): Promise<number> {
  const named = process.env.PORT
  const port = named === undefined ? DEFAULT_PORT : Number(named)
  if (await isFree(port)) return port
  if (named !== undefined) {
    console.error(`port ${port} is in use: choose another with PORT=…`)
    process.exit(1)
  }
  say(`port ${DEFAULT_PORT} is in use: serving on a free port instead (PORT=… chooses one)`)
  return 0
}

async function isFree(port: number): Promise<boolean> {
  const probe = createServer()
  try {
    probe.listen(port, '127.0.0.1')
    await once(probe, 'listening')
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    return false
  } finally {
    probe.close()
  }
}

/** A port nothing listens on now, for a server that must be told a number (serverless-offline's Lambda port). */
export async function freePort(): Promise<number> {
  const probe = createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as AddressInfo
  probe.close()
  return port
}
