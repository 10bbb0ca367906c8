import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import { type CniView, HOST_NETWORK_PODS, type Notes, type Profile } from './max-pods-terms.ts'

// Bootstraps that know nothing of the CNI's settings: they size kubelet from ENIs alone.

/** eni-max-pods.txt and nodeadm: one figure per type, E·(A−1)+2, blind to CNI settings. */
export const tableProfile =
  (who: string): Profile =>
  (facts, settings, cni, notes) => {
    const E = facts.defaultCardMaxEnis
    const perEni = facts.ipv4PerEni - 1
    const uncapped = E * perEni + HOST_NETWORK_PODS
    notes.step(`${who}: ${E} ENIs × ${perEni} + ${HOST_NETWORK_PODS} host-network pods = ${uncapped}`)
    noteIgnoredSettings(settings, cni, notes, 'this bootstrap')
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

/** Says which CNI settings a bootstrap does not read, and what the CNI could address with them. */
export function noteIgnoredSettings(
  settings: MaxPodsSettings,
  cni: CniView,
  notes: Notes,
  who: string,
): void {
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
