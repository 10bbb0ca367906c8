import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import { formatLine, IPV6_SINCE, isAtLeast, PREFIX_DELEGATION_SINCE } from './cni-version.ts'
import {
  ADDRESSES_PER_PREFIX,
  type CniView,
  type Facts,
  HOST_NETWORK_PODS,
  hypervisorText,
  type Notes,
  prefixDelegationCapable,
} from './max-pods-terms.ts'

export function cniView(facts: Facts, settings: MaxPodsSettings, notes: Notes): CniView {
  const enisAfterMax =
    settings.maxEni === undefined
      ? facts.defaultCardMaxEnis
      : Math.min(settings.maxEni, facts.defaultCardMaxEnis)
  const enisForPods = Math.max(enisAfterMax - (settings.customNetworking ? 1 : 0), 0)
  const nitroCapable = prefixDelegationCapable(facts)
  if (settings.ipFamily === 'ipv6') {
    const ipv6Usable =
      nitroCapable && facts.ipv6Supported === true && isAtLeast(settings.cniVersion, IPV6_SINCE)
    if (!ipv6Usable) notes.warn(ipv6Problem(facts, settings))
    return {
      enisForPods,
      prefix: true,
      podAddressesPerEni: null,
      addressablePods: ipv6Usable ? null : HOST_NETWORK_PODS,
      ipv6Usable,
    }
  }
  const prefix =
    settings.prefixDelegation && nitroCapable && isAtLeast(settings.cniVersion, PREFIX_DELEGATION_SINCE)
  const podAddressesPerEni = (facts.ipv4PerEni - 1) * (prefix ? ADDRESSES_PER_PREFIX : 1)
  return {
    enisForPods,
    prefix,
    podAddressesPerEni,
    addressablePods: enisForPods * podAddressesPerEni + HOST_NETWORK_PODS,
    ipv6Usable: false,
  }
}

function ipv6Problem(facts: Facts, settings: MaxPodsSettings): string {
  if (!isAtLeast(settings.cniVersion, IPV6_SINCE))
    return `IPv6 pods need VPC CNI ${formatLine(IPV6_SINCE)} or later, not ${settings.cniVersion}: only host-network pods run`
  if (facts.ipv6Supported === null)
    return `the IPv6 support of ${facts.instanceType} is not known (its facts come from a limits table, not EC2): only host-network pods are counted`
  if (!facts.ipv6Supported) return `${facts.instanceType} does not support IPv6: only host-network pods run`
  return `IPv6 pods need prefix assignment, which only Nitro-based types support; ${facts.instanceType}'s hypervisor is ${hypervisorText(facts)}: only host-network pods run`
}
