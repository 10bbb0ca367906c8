import type { MaxPodsResult, MaxPodsSettings } from '../schemas/max-pods.ts'
import { tableProfile } from './bootstrap-profiles.ts'
import { calculatorProfile } from './calculator-profile.ts'
import { cniView } from './cni-view.ts'
import { karpenterProfile } from './max-pods-karpenter.ts'
import { warnPrefixDelegationNotApplied } from './max-pods-prefix-delegation.ts'
import { type Facts, Notes, type Profile } from './max-pods-terms.ts'
import { securityGroupsForPods } from './security-groups-for-pods.ts'

export {
  ADDRESSES_PER_PREFIX,
  HIGH_CPU_ABOVE_VCPUS,
  HIGH_CPU_POD_CAP,
  HOST_NETWORK_PODS,
  LOW_CPU_POD_CAP,
} from './max-pods-terms.ts'

/**
 * Max pods for one instance type under one bootstrap and CNI settings, with the reasoning spelled out.
 * Pure: facts and settings in, result out.
 */
export function maxPods(facts: Facts, settings: MaxPodsSettings): MaxPodsResult {
  const notes = new Notes()
  const E = facts.defaultCardMaxEnis
  const A = facts.ipv4PerEni
  notes.step(describeEnis(facts))
  notes.step(
    `${A} IPv4 addresses per ENI; the first is the ENI's own primary address, never a pod's: ${A - 1} left`,
  )

  const cni = cniView(facts, settings, notes)
  const profile = PROFILES[settings.profile](facts, settings, cni, notes)
  warnKarpenterOnlySettings(settings, notes)
  const sgp = settings.securityGroupsForPods ? securityGroupsForPods(facts, cni, profile, notes) : null
  const cniAddressablePods = profile.addressablePods ?? sgp?.cniAddressablePods ?? cni.addressablePods
  warnPrefixDelegationNotApplied(facts, settings, profile, cni, cniAddressablePods, notes)
  return {
    instanceType: facts.instanceType,
    profile: settings.profile,
    maxPods: profile.maxPods,
    uncappedMaxPods: profile.uncapped,
    cap: profile.cap,
    enis: { allCards: facts.maxEnisAllCards, defaultCard: E, forPods: profile.enisForPods },
    addressing: {
      mode: profile.mode,
      ipv4AddressesPerEni: A,
      podAddressesPerEni: profile.podAddressesPerEni,
    },
    prefixDelegation: {
      requested: settings.prefixDelegation,
      applied: profile.mode === 'prefix',
      ignoredBecause:
        settings.prefixDelegation && profile.mode !== 'prefix' ? profile.prefixIgnoredBecause : null,
    },
    cniAddressablePods,
    securityGroupsForPods: sgp?.block ?? null,
    explanation: notes.steps,
    warnings: notes.warnings,
  }
}

const PROFILES: Record<MaxPodsSettings['profile'], Profile> = {
  calculator: calculatorProfile,
  'eni-max-pods': tableProfile('the published eni-max-pods.txt table (read by the Amazon Linux 2 bootstrap)'),
  nodeadm: tableProfile(
    'nodeadm, the Amazon Linux 2023 bootstrap (no cap; 110 only when it cannot look the type up)',
  ),
  karpenter: karpenterProfile,
}

function describeEnis(facts: Facts): string {
  const cards = facts.networkCards.length
  const total =
    cards > 1
      ? `; EC2's MaximumNetworkInterfaces (${facts.maxEnisAllCards}) counts all ${cards} cards, but pods use only the default card`
      : ''
  return `${facts.instanceType}: ${facts.defaultCardMaxEnis} ENIs on the default network card (card ${facts.defaultNetworkCardIndex})${total}`
}

/** Settings only Karpenter reads are easy to pass with another bootstrap: say they changed nothing. */
function warnKarpenterOnlySettings(settings: MaxPodsSettings, notes: Notes): void {
  if (settings.profile === 'karpenter') return
  const given = [
    settings.amiFamily !== undefined && 'amiFamily',
    settings.podsPerCore !== undefined && 'podsPerCore',
    settings.reservedEnis > 0 && 'reservedEnis',
  ].filter((name): name is string => typeof name === 'string')
  if (given.length === 0) return
  const these = given.length === 1 ? 'this' : 'these'
  notes.warn(
    `${given.join(', ')}: only the karpenter bootstrap reads ${these}; ignored under ${settings.profile}`,
  )
}
