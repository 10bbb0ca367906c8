import autocannon from 'autocannon'
import { freePort } from '../../test/support/free-port.ts'
import { startLocal } from '../local/start-local.ts'
import { type BenchSection, fixed, thousands } from './measure.ts'

const DURATION_SECONDS = 10
const CONNECTIONS = 10
const PATH = '/v1/instance-types/m5.large/max-pods?prefixDelegation=true'

/** The local server (serverless-offline + dynalite) under a sustained load on the max-pods route. */
export async function benchLoad(): Promise<BenchSection> {
  const service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
  try {
    // One warm-up request so the function's cold start is not in the figures.
    await fetch(`${service.url}${PATH}`)
    const result = await autocannon({
      url: `${service.url}${PATH}`,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
    })
    return {
      title: 'Local server under load (issue 8)',
      method: `autocannon, ${CONNECTIONS} connections for ${DURATION_SECONDS} s against GET ${PATH} on \`npm start\`'s runner (serverless-offline runs each request through its Lambda emulation, so this measures the local stack, not AWS).`,
      headers: ['measure', 'value'],
      rows: [
        ['requests per second (mean)', thousands(result.requests.average)],
        ['latency p50, ms', fixed(result.latency.p50)],
        ['latency p99, ms', fixed(result.latency.p99)],
        ['requests', thousands(result.requests.total)],
        ['non-2xx answers', String(result.non2xx)],
        ['errors / timeouts', `${result.errors} / ${result.timeouts}`],
      ],
    }
  } finally {
    await service.stop()
  }
}
