import { describe, expect, it } from 'vitest'
import { maxPods } from '../../../lib/domain/max-pods.ts'
import type { InstanceTypeRecord } from '../../../lib/schemas/instance-type.ts'
import type { MaxPodsSettingsInput } from '../../../lib/schemas/max-pods.ts'
import { bundledCatalog, settings } from '../../builders/catalog.ts'

/**
 * The EKS max-pods calculator transcribed line by line from its shell logic, kept deliberately naive
 * so that it can stand as an independent oracle for the layered domain code.
 */
function calculatorScript(
  facts: InstanceTypeRecord & { vcpus: number },
  flags: Required<
    Pick<MaxPodsSettingsInput, 'cniVersion' | 'prefixDelegation' | 'customNetworking' | 'showMaxAllowed'>
  > & { maxEni?: number },
): number {
  const [major, minor] = flags.cniVersion.split('.').map(Number) as [number, number]
  const prefixSupported = major > 1 || (major === 1 && minor > 8)
  const isNitro = facts.hypervisor === 'nitro'
  let enis = facts.networkCards[facts.defaultNetworkCardIndex]?.maxEnis as number
  if (flags.maxEni !== undefined) enis = Math.min(flags.maxEni, enis)
  if (flags.customNetworking) enis = enis - 1
  const ips = facts.ipv4PerEni
  const pods =
    isNitro && flags.prefixDelegation && prefixSupported ? enis * ((ips - 1) * 16) + 2 : enis * (ips - 1) + 2
  if (flags.showMaxAllowed) return pods
  return facts.vcpus > 30 ? Math.min(250, pods) : Math.min(110, pods)
}

const COMBINATIONS = [false, true].flatMap((prefixDelegation) =>
  [false, true].flatMap((customNetworking) =>
    [false, true].flatMap((showMaxAllowed) =>
      ['1.8.0', '1.23.1'].map((cniVersion) => ({
        prefixDelegation,
        customNetworking,
        showMaxAllowed,
        cniVersion,
      })),
    ),
  ),
)

describe('calculator profile against a transcription of the calculator script', () => {
  it('agrees on every catalog type × 16 flag combinations, with and without a max ENI', async () => {
    // The script reads vCPUs from EC2; types known only from a limits table are checked against the
    // published tables instead (max-pods-published-tables.test.ts).
    const records = (await bundledCatalog.list()).filter(
      (record): record is InstanceTypeRecord & { vcpus: number } => record.vcpus !== null,
    )
    expect(records.length).toBeGreaterThan(1300)
    let compared = 0
    for (const record of records) {
      for (const flags of COMBINATIONS) {
        for (const maxEni of [undefined, 2]) {
          const input = maxEni === undefined ? flags : { ...flags, maxEni }
          expect(
            maxPods(record, settings(input)).maxPods,
            `${record.instanceType} ${JSON.stringify(input)}`,
          ).toBe(calculatorScript(record, input))
          compared++
        }
      }
    }
    expect(compared).toBe(records.length * 32)
  })
})
