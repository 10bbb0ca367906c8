import type { MaxPodsResult, MaxPodsSettings } from '../schemas/max-pods.ts'
import { formatLine, isAtLeast, PREFIX_DELEGATION_SINCE } from './cni-version.ts'
import {
  ADDRESSES_PER_PREFIX,
  applyCap,
  type CniView,
  type Facts,
  HIGH_CPU_ABOVE_VCPUS,
  HIGH_CPU_POD_CAP,
  HOST_NETWORK_PODS,
  hypervisorText,
  LOW_CPU_POD_CAP,
  type Notes,
  type ProfileOutcome,
} from './max-pods-terms.ts'

/** The EKS max-pods calculator, flag for flag. */
export function calculatorProfile(
  facts: Facts,
  settings: MaxPodsSettings,
  cni: CniView,
  notes: Notes,
): ProfileOutcome {
  const E = facts.defaultCardMaxEnis
  let enis = E
  if (settings.maxEni !== undefined) {
    enis = Math.min(settings.maxEni, E)
    notes.step(
      settings.maxEni < E
        ? `max ENI ${settings.maxEni}: pods use ${enis} of the ${E} ENIs`
        : `max ENI ${settings.maxEni} is not below the type's ${E} ENIs: all ${E} are used`,
    )
  }
  if (settings.customNetworking) {
    enis -= 1
    notes.step(
      `custom networking: the primary ENI stays in the node's subnet and holds no pod address: ${enis} ENIs for pods`,
    )
    if (enis === 0)
      notes.warn(
        `${facts.instanceType} has no ENI left for pods under custom networking: only host-network pods run`,
      )
  }
  const cap = kubeletCap(facts, settings, notes)
  if (settings.ipFamily === 'ipv6') return ipv6Outcome(cni, enis, cap, notes)

  const prefixIgnoredBecause = calculatorPrefixBlocker(facts, settings)
  const prefix = settings.prefixDelegation && prefixIgnoredBecause === null
  const podAddressesPerEni = explainAddressesPerEni(facts, settings, prefix, prefixIgnoredBecause, notes)
  const uncapped = enis * podAddressesPerEni + HOST_NETWORK_PODS
  notes.step(`${enis} ENIs × ${podAddressesPerEni} + ${HOST_NETWORK_PODS} host-network pods = ${uncapped}`)
  if (settings.prefixDelegation && prefixIgnoredBecause === 'not-nitro' && cni.prefix) {
    notes.step(
      `the VPC CNI itself does assign prefixes on bare metal: it can address ${cni.addressablePods} pods here (cniAddressablePods); the calculator's figure is the conservative one`,
    )
  }
  warnUnknownVcpus(facts, uncapped, cap, notes)
  return {
    ...applyCap(uncapped, cap, notes),
    uncapped,
    enisForPods: enis,
    mode: prefix ? 'prefix' : 'secondary-ip',
    podAddressesPerEni,
    prefixIgnoredBecause,
  }
}

function calculatorPrefixBlocker(
  facts: Facts,
  settings: MaxPodsSettings,
): ProfileOutcome['prefixIgnoredBecause'] {
  if (!isAtLeast(settings.cniVersion, PREFIX_DELEGATION_SINCE)) return 'cni-version'
  // The calculator reads the Hypervisor field literally, so bare metal (no hypervisor) does not count.
  if (facts.hypervisor !== 'nitro') return 'not-nitro'
  return null
}

function explainAddressesPerEni(
  facts: Facts,
  settings: MaxPodsSettings,
  prefix: boolean,
  blocker: ProfileOutcome['prefixIgnoredBecause'],
  notes: Notes,
): number {
  const slots = facts.ipv4PerEni - 1
  if (prefix) {
    notes.step(
      `prefix delegation: each of the ${slots} slots holds a /28 prefix of ${ADDRESSES_PER_PREFIX} addresses: ${slots * ADDRESSES_PER_PREFIX} pod addresses per ENI`,
    )
    return slots * ADDRESSES_PER_PREFIX
  }
  if (settings.prefixDelegation) {
    notes.step(
      blocker === 'cni-version'
        ? `prefix delegation ignored: it needs VPC CNI ${formatLine(PREFIX_DELEGATION_SINCE)} or later, not ${settings.cniVersion}`
        : `prefix delegation ignored: the calculator applies it only where EC2 reports the nitro hypervisor; ${facts.instanceType}'s is ${hypervisorText(facts)}`,
    )
  }
  return slots
}

function kubeletCap(
  facts: Facts,
  settings: MaxPodsSettings,
  notes: Notes,
): NonNullable<MaxPodsResult['cap']> | null {
  if (settings.showMaxAllowed && settings.ipFamily === 'ipv4') {
    notes.step('show max allowed: no recommended ceiling is applied')
    return null
  }
  const recommends = `the EKS calculator recommends at most ${LOW_CPU_POD_CAP} pods up to ${HIGH_CPU_ABOVE_VCPUS} vCPUs and ${HIGH_CPU_POD_CAP} above`
  // Only EC2 reports vCPUs; a type known from a limits table alone gets the lower ceiling, which never
  // promises more pods than the calculator would.
  if (facts.vcpus === null) {
    return {
      limit: LOW_CPU_POD_CAP,
      applied: false,
      rule: `${recommends}; the vCPUs of ${facts.instanceType} are not known, so the lower ceiling is assumed`,
    }
  }
  const limit = facts.vcpus > HIGH_CPU_ABOVE_VCPUS ? HIGH_CPU_POD_CAP : LOW_CPU_POD_CAP
  return { limit, applied: false, rule: `${recommends}; ${facts.instanceType} has ${facts.vcpus}` }
}

/** Says what the answer would be if the unknown vCPUs were more than 30, when that changes it. */
function warnUnknownVcpus(facts: Facts, uncapped: number, cap: MaxPodsResult['cap'], notes: Notes): void {
  if (facts.vcpus !== null || !cap || uncapped <= LOW_CPU_POD_CAP) return
  notes.warn(
    `the vCPUs of ${facts.instanceType} are not known (its facts come from a limits table, not EC2): ${LOW_CPU_POD_CAP} assumes at most ${HIGH_CPU_ABOVE_VCPUS}; with more than ${HIGH_CPU_ABOVE_VCPUS} vCPUs the calculator would recommend ${Math.min(uncapped, HIGH_CPU_POD_CAP)}`,
  )
}

function ipv6Outcome(cni: CniView, enis: number, cap: MaxPodsResult['cap'], notes: Notes): ProfileOutcome {
  const base = {
    uncapped: null,
    enisForPods: enis,
    mode: 'ipv6-prefix' as const,
    podAddressesPerEni: null,
    prefixIgnoredBecause: null,
  }
  if (!cni.ipv6Usable) return { ...base, maxPods: HOST_NETWORK_PODS, uncapped: HOST_NETWORK_PODS, cap: null }
  notes.step('IPv6: each ENI gets a /80 prefix, so addresses never bound pods; the kubelet ceiling does')
  const limit = cap?.limit ?? LOW_CPU_POD_CAP
  return { ...base, maxPods: limit, cap: cap ? { ...cap, applied: true } : null }
}
