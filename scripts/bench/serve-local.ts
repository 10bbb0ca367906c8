// A child process of the local-server bench: one runner serving until SIGTERM, so that its memory is
// measured apart from the load generator's. Prints one JSON line once it serves.
import { startLocal } from '../local/start-local.ts'
import { startOffline } from '../local/start-offline.ts'

const [runner, port, lambdaPort] = process.argv.slice(2)
const start = runner === 'offline' ? startOffline : startLocal
const started = performance.now()
const service = await start({ port: Number(port), lambdaPort: Number(lambdaPort), log: () => {} })
console.log(JSON.stringify({ url: service.url, startMs: performance.now() - started }))

process.once('SIGTERM', () => {
  service.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
})
