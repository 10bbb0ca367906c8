import type { MaxPodsResult, MaxPodsSettings } from '../schemas/max-pods.ts'
import {
  applyCap,
  type CniView,
  type Facts,
  HOST_NETWORK_PODS,
  type Notes,
  type Profile,
  type ProfileOutcome,
} from './max-pods-terms.ts'

// Bootstraps that know nothing of the CNI's settings: they size kubelet from ENIs alone.

/** eni-max-pods.txt and nodeadm: one figure per type, E·(A−1)+2, blind to CNI settings. */
export const tableProfile =
  (who: string): Profile =>
  (facts, settings, cni, notes) => {
    const E = facts.defaultCardMaxEnis
    const perEni = facts.ipv4PerEni - 1
    const uncapped = E * perEni + HOST_NETWORK_PODS
    notes.step(`${who}: ${E} ENIs × ${perEni} + ${HOST_NETWORK_PODS} host-network pods = ${uncapped}`)
    noteIgnoredSettings(settings, cni, notes, 'this profile')
    return {
      maxPods: uncapped,
      uncapped,
      cap: null,
      enisForPods: E,
      mode: 'secondary-ip',
      podAddressesPerEni: perEni,
      prefixIgnoredBecause: 'profile',
    }
  }

/** Karpenter's ENI-limited pod density: reserved ENIs come off the top, podsPerCore caps it. */
export function karpenterProfile(
  facts: Facts,
  settings: MaxPodsSettings,
  cni: CniView,
  notes: Notes,
): ProfileOutcome {
  const E = facts.defaultCardMaxEnis
  const perEni = facts.ipv4PerEni - 1
  const enis = Math.max(E - settings.reservedEnis, 0)
  if (settings.reservedEnis > 0)
    notes.step(`reservedENIs ${settings.reservedEnis}: ${enis} of ${E} ENIs count for pods`)
  const uncapped = enis === 0 ? 0 : enis * perEni + HOST_NETWORK_PODS
  notes.step(
    enis === 0
      ? 'Karpenter: no usable ENI, so 0 pods'
      : `Karpenter: ${enis} ENIs × ${perEni} + ${HOST_NETWORK_PODS} host-network pods = ${uncapped}`,
  )
  noteIgnoredSettings(settings, cni, notes, 'Karpenter')
  let cap: MaxPodsResult['cap'] = null
  if (settings.podsPerCore !== undefined) {
    const limit = settings.podsPerCore * facts.vcpus
    cap = {
      limit,
      applied: false,
      rule: `podsPerCore ${settings.podsPerCore} × ${facts.vcpus} vCPUs = ${limit}`,
    }
  }
  return {
    ...applyCap(uncapped, cap, notes),
    uncapped,
    enisForPods: enis,
    mode: 'secondary-ip',
    podAddressesPerEni: perEni,
    prefixIgnoredBecause: 'profile',
  }
}

function noteIgnoredSettings(settings: MaxPodsSettings, cni: CniView, notes: Notes, who: string): void {
  const ignored = [
    settings.prefixDelegation && 'prefix delegation',
    settings.customNetworking && 'custom networking',
    settings.maxEni !== undefined && 'max ENI',
    settings.showMaxAllowed && 'show max allowed',
    settings.ipFamily === 'ipv6' && 'the IP family',
  ].filter((name): name is string => typeof name === 'string')
  if (ignored.length === 0) return
  const addressable =
    cni.addressablePods === null
      ? 'addresses do not bound pods'
      : `the VPC CNI can address ${cni.addressablePods} pods (cniAddressablePods)`
  notes.step(
    `${who} does not read ${ignored.join(', ')}; with them ${addressable}: set kubelet maxPods yourself to use more`,
  )
}
