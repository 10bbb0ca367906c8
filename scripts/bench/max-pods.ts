import { join } from 'node:path'
import { BundledCatalog } from '../../lib/adapters/snapshot/bundled-catalog.ts'
import { maxPods } from '../../lib/domain/max-pods.ts'
import { MaxPodsSettings } from '../../lib/schemas/max-pods.ts'
import { type BenchSection, fixed, processWallTimes, quantile, sortedNumbers, thousands } from './measure.ts'

const ROUNDS = 7
const PROCESS_RUNS = 10

/** 16 combinations of the calculator's switches and CNI version. */
const SETTINGS = [false, true].flatMap((prefixDelegation) =>
  [false, true].flatMap((customNetworking) =>
    [false, true].flatMap((showMaxAllowed) =>
      ['1.8.0', '1.23.1'].map((cniVersion) =>
        MaxPodsSettings.parse({ prefixDelegation, customNetworking, showMaxAllowed, cniVersion }),
      ),
    ),
  ),
)

export async function benchMaxPods(root: string): Promise<BenchSection> {
  const records = await new BundledCatalog().list()
  const perRound = records.length * SETTINGS.length
  const rates: number[] = []
  let sink = 0
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint()
    for (const settings of SETTINGS) for (const record of records) sink += maxPods(record, settings).maxPods
    rates.push(perRound / (Number(process.hrtime.bigint() - start) / 1e9))
  }
  if (sink <= 0) throw new Error('benchmark computed nothing')
  const sortedRates = sortedNumbers(rates)

  const bin = join(root, 'cli', 'eks-ip-capacity.mjs')
  const nodeOnly = processWallTimes(process.execPath, ['-e', ''], PROCESS_RUNS, root)
  const oneType = processWallTimes(
    process.execPath,
    [bin, 'max-pods', '--instance-type', 'm5.large'],
    PROCESS_RUNS,
    root,
  )
  const all = processWallTimes(
    process.execPath,
    [bin, 'max-pods', '--all', '--output', 'json'],
    PROCESS_RUNS,
    root,
  )
  const ms = (times: number[]) => [fixed(quantile(times, 0.5)), fixed(quantile(times, 0.9))]

  return {
    title: 'Max pods (issue 2)',
    method: `maxPods() over all ${records.length} catalog types × ${SETTINGS.length} setting combinations (${thousands(perRound)} evaluations, each with its explanation), ${ROUNDS} rounds; processes timed ${PROCESS_RUNS} times after one warm-up run. Reproduce: \`npm run bench\`.`,
    headers: ['measure', 'median', 'p90 / best'],
    rows: [
      [
        'max-pods evaluations per second',
        thousands(quantile(sortedRates, 0.5)),
        thousands(sortedRates.at(-1) ?? 0),
      ],
      ['`node -e ""` (Node start-up alone), ms', ...ms(nodeOnly)],
      ['`eks-ip-capacity max-pods --instance-type m5.large`, ms', ...ms(oneType)],
      ['`eks-ip-capacity max-pods --all --output json`, ms', ...ms(all)],
    ],
  }
}
