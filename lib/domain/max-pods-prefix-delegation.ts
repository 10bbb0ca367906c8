import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import { formatLine, isAtLeast, PREFIX_DELEGATION_SINCE } from './cni-version.ts'
import {
  type CniView,
  type Facts,
  hypervisorText,
  type Notes,
  type ProfileOutcome,
} from './max-pods-terms.ts'

// Prefix delegation asked for and not in the answer: the figure looks like an answer either way, so the
// reason is a warning (which the CLI shows), not only a step of the explanation.

/**
 * Warns when prefix delegation was asked for but the answer does not count it: the VPC CNI itself will not
 * assign prefixes (CNI too old, a type that is not Nitro), or it will but the bootstrap does not count them.
 */
export function warnPrefixDelegationNotApplied(
  facts: Facts,
  settings: MaxPodsSettings,
  profile: ProfileOutcome,
  cni: CniView,
  cniAddressablePods: number | null,
  notes: Notes,
): void {
  // IPv6 always assigns prefixes; its limits are warned of where the CNI's view is formed.
  if (!settings.prefixDelegation || settings.ipFamily === 'ipv6' || profile.mode === 'prefix') return
  if (!cni.prefix) {
    notes.warn(`prefix delegation not applied: ${cniRefusal(facts, settings)}`)
    return
  }
  // A cap the user set (Karpenter's podsPerCore) is the figure they asked for, not an undercount.
  if (profile.cap?.applied || cniAddressablePods === null || cniAddressablePods <= profile.maxPods) return
  notes.warn(
    profile.prefixIgnoredBecause === 'profile'
      ? `prefix delegation: the ${settings.profile} bootstrap does not read it and gives kubelet ${profile.maxPods} pods, though the VPC CNI can address ${cniAddressablePods} (cniAddressablePods): set kubelet maxPods yourself to use them (the calculator bootstrap gives the recommended figure)`
      : `prefix delegation not applied by the calculator, which counts it only where EC2 reports the nitro hypervisor (${facts.instanceType}'s is ${hypervisorText(facts)}); the VPC CNI does assign prefixes here and can address ${cniAddressablePods} pods (cniAddressablePods)`,
  )
}

/** Why ipamd itself assigns no prefixes on this node, and what it does instead. */
function cniRefusal(facts: Facts, settings: MaxPodsSettings): string {
  if (!isAtLeast(settings.cniVersion, PREFIX_DELEGATION_SINCE))
    return `VPC CNI ${settings.cniVersion} is older than ${formatLine(PREFIX_DELEGATION_SINCE)}.0, which brought it; pods get secondary IPs`
  if (facts.hypervisor === null)
    return `the hypervisor of ${facts.instanceType} is not known (its facts come from a limits table, not EC2), and the VPC CNI assigns prefixes only on Nitro types: elsewhere it silently falls back to secondary IPs`
  return `${facts.instanceType} is not a Nitro type (hypervisor ${facts.hypervisor}): the VPC CNI silently falls back to secondary IPs`
}
