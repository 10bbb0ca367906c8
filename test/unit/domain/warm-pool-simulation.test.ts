import { describe, expect, it } from 'vitest'
import { holding, planPool } from '../../../lib/domain/warm-pool.ts'
import type { InstanceTypeRecord } from '../../../lib/schemas/instance-type.ts'
import { MaxPodsSettings } from '../../../lib/schemas/max-pods.ts'
import { bundledCatalog } from '../../builders/catalog.ts'
import { seededRandom } from '../../builders/subnets.ts'

// The pool rules played out pod by pod, as ipamd's reconcile loop does, written here independently of
// the closed form in lib/domain/warm-pool.ts; both must end in the same state.

interface Targets {
  warmEniTarget: number
  warmIpTarget: number
  minimumIpTarget: number
  warmPrefixTarget: number
}

function simulate(
  facts: InstanceTypeRecord,
  prefix: boolean,
  targets: Targets,
  pods: number,
  maxPods: number,
) {
  const slots = facts.ipv4PerEni - 1
  const enisAllowed = facts.defaultCardMaxEnis
  const byIpTargets = targets.warmIpTarget > 0 || targets.minimumIpTarget > 0
  // Units: whole ENIs (warm-ENI mode), single addresses (IP targets), or /28 prefixes (prefix modes).
  const unitAddresses = prefix ? 16 : byIpTargets ? 1 : slots
  const unitCap = prefix ? enisAllowed * slots : byIpTargets ? enisAllowed * slots : enisAllowed
  let units = prefix || byIpTargets ? 0 : 1 // the primary ENI starts full in warm-ENI mode
  const addresses = () => units * unitAddresses
  const canGrow = () => units < unitCap && addresses() < maxPods
  const wantsMore = (running: number) => {
    const free = addresses() - running
    if (byIpTargets) return free < targets.warmIpTarget || addresses() < targets.minimumIpTarget
    if (prefix) {
      if (targets.warmPrefixTarget === 0) return free === 0
      const wholeFreePrefixes = units - Math.ceil(running / 16)
      return wholeFreePrefixes < targets.warmPrefixTarget
    }
    return targets.warmEniTarget === 0 ? free === 0 : free < targets.warmEniTarget * slots
  }
  const reconcile = (running: number) => {
    while (wantsMore(running) && canGrow()) units++
  }
  reconcile(0)
  for (let running = 1; running <= pods; running++) {
    // A pod with no free address makes ipamd allocate on demand.
    while (addresses() < running && units < unitCap) units++
    reconcile(running)
  }
  const enis = prefix
    ? Math.max(1, Math.ceil(units / slots))
    : byIpTargets
      ? Math.max(1, Math.ceil(units / slots))
      : units
  return { enis, podAddresses: addresses(), held: enis + addresses() }
}

describe('warm-pool closed form against a pod-by-pod simulation', () => {
  it('agrees on 2,000 random types, settings and pod counts', async () => {
    const random = seededRandom(5)
    const int = (below: number) => Math.floor(random() * below)
    const types = (await bundledCatalog.list()).filter((type) => type.hypervisor === 'nitro')
    let compared = 0
    for (let n = 0; n < 2_000; n++) {
      const facts = types[int(types.length)] as InstanceTypeRecord
      const prefix = random() < 0.5
      const targets: Targets = {
        warmEniTarget: int(3),
        warmIpTarget: random() < 0.4 ? int(20) : 0,
        minimumIpTarget: random() < 0.4 ? int(40) : 0,
        warmPrefixTarget: int(3),
      }
      const slots = facts.ipv4PerEni - 1
      const capacity = facts.defaultCardMaxEnis * slots * (prefix ? 16 : 1)
      const maxPods = 2 + int(Math.min(capacity, 300))
      const pods = int(Math.min(capacity, maxPods - 2) + 1)
      const settings = MaxPodsSettings.parse({ prefixDelegation: prefix })
      const plan = planPool(facts, settings, targets)
      const closed = holding(plan, targets, pods, maxPods, {
        customNetworking: false,
        trunk: false,
        branchPods: 0,
      })
      const simulated = simulate(facts, prefix, targets, pods, maxPods)
      const label = `${facts.instanceType} prefix=${prefix} ${JSON.stringify(targets)} pods=${pods} maxPods=${maxPods}`
      expect(
        {
          enis: closed.enis,
          podAddresses: closed.secondaryIps + 16 * closed.prefixes,
          held: closed.ipv4Held,
        },
        label,
      ).toEqual(simulated)
      compared++
    }
    expect(compared).toBe(2_000)
  })
})
