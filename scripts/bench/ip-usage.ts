import { BundledCatalog } from '../../lib/adapters/snapshot/bundled-catalog.ts'
import type { IpUsageRequest } from '../../lib/schemas/ip-usage.ts'
import { ipUsage } from '../../lib/services/ip-usage.ts'
import { type BenchSection, fixed, quantile, sortedNumbers, thousands } from './measure.ts'

const ROUNDS = 5

type Ask = Omit<IpUsageRequest, 'instanceType' | 'region'>

/** One setting per pool rule ipamd follows, at kubelet max pods: the longest walk of the pool loop. */
const SETTINGS: [string, Ask][] = [
  ['WARM_ENI_TARGET=1', { pods: 'max' }],
  ['WARM_IP_TARGET=5, MINIMUM_IP_TARGET=10', { pods: 'max', warmIpTarget: 5, minimumIpTarget: 10 }],
  ['prefix delegation, WARM_PREFIX_TARGET=1', { pods: 'max', prefixDelegation: true }],
  [
    'prefix delegation, WARM_IP_TARGET=2, kubelet 250',
    { pods: 'max', prefixDelegation: true, warmIpTarget: 2, kubeletMaxPods: 250 },
  ],
]

/** ip-usage replays ipamd's loop pod by pod (issue 11): what that costs per answer. */
export async function benchIpUsage(): Promise<BenchSection> {
  const records = await new BundledCatalog().list()
  const rows: string[][] = []
  let sink = 0
  for (const [name, ask] of SETTINGS) {
    const perAnswer: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const start = process.hrtime.bigint()
      for (const record of records) sink += ipUsage(record, ask).peak.ipv4Held
      perAnswer.push(Number(process.hrtime.bigint() - start) / 1e3 / records.length)
    }
    const sorted = sortedNumbers(perAnswer)
    rows.push([name, fixed(quantile(sorted, 0.5), 2), fixed(sorted.at(-1) ?? 0, 2)])
  }
  if (sink <= 0) throw new Error('benchmark computed nothing')
  return {
    title: 'Node holdings (issue 11)',
    method: `ipUsage() for every one of the ${thousands(records.length)} catalog types at kubelet max pods (steady state and peak each replay ipamd's pool loop one pod at a time), ${ROUNDS} rounds per setting; microseconds per answer. Reproduce: \`npm run bench\`.`,
    headers: ['setting', 'median µs per answer', 'worst round'],
    rows,
  }
}
