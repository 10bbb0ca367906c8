import type { KarpenterAmiFamily, MaxPodsResult, MaxPodsSettings } from '../schemas/max-pods.ts'
import { DEFAULT_KARPENTER_AMI_FAMILY } from '../schemas/max-pods.ts'
import { noteIgnoredSettings } from './bootstrap-profiles.ts'
import {
  applyCap,
  type CniView,
  type Facts,
  HOST_NETWORK_PODS,
  type Notes,
  type ProfileOutcome,
} from './max-pods-terms.ts'

// Karpenter's pod count (karpenter-provider-aws, instancetype `pods` and `ENILimitedPods`): a kubelet
// maxPods set on the EC2NodeClass wins; else ENI-limited density where the AMI family supports it, 110
// where not (Windows); then min(podsPerCore·vCPUs, ·) when podsPerCore > 0 and the family honours it.

interface FamilyRule {
  /** amifamily FeatureFlags.SupportsENILimitedPodDensity */
  eniLimited: boolean
  /** amifamily FeatureFlags.PodsPerCoreEnabled */
  podsPerCore: boolean
}

const FAMILY_RULES: Record<KarpenterAmiFamily, FamilyRule> = {
  AL2: { eniLimited: true, podsPerCore: true },
  AL2023: { eniLimited: true, podsPerCore: true },
  Custom: { eniLimited: true, podsPerCore: true },
  // Bottlerocket's settings cannot carry podsPerCore, so Karpenter does not count it either.
  Bottlerocket: { eniLimited: true, podsPerCore: false },
  Windows2019: { eniLimited: false, podsPerCore: true },
  Windows2022: { eniLimited: false, podsPerCore: true },
  Windows2025: { eniLimited: false, podsPerCore: true },
}

/** Karpenter's pod count where the AMI family is not ENI-limited (kubelet's own default). */
const NOT_ENI_LIMITED_PODS = 110

export function karpenterProfile(
  facts: Facts,
  settings: MaxPodsSettings,
  cni: CniView,
  notes: Notes,
): ProfileOutcome {
  const family = settings.amiFamily ?? DEFAULT_KARPENTER_AMI_FAMILY
  const rule = FAMILY_RULES[family]
  const base = rule.eniLimited
    ? eniLimited(facts, settings, family, notes)
    : windows(facts, settings, family, notes)
  noteIgnoredSettings(
    settings,
    base.addressablePods === undefined ? cni : { ...cni, addressablePods: base.addressablePods },
    notes,
    'Karpenter',
  )
  const capped = applyCap(base.uncapped, podsPerCoreCap(facts, settings, family, rule, notes), notes)
  if (family === 'Custom') {
    notes.warn(
      `Custom AMI family: Karpenter schedules with ${capped.maxPods} pods but passes your user data unchanged: set kubelet maxPods to ${capped.maxPods} in it`,
    )
  }
  if (base.addressablePods !== undefined && capped.maxPods > base.addressablePods) {
    notes.warn(
      `Windows pods take addresses from the primary ENI only: Karpenter advertises vpc.amazonaws.com/PrivateIPv4Address = ${facts.ipv4PerEni} − 1 = ${base.addressablePods} on ${facts.instanceType}, so at most ${base.addressablePods} Windows pods get an address though kubelet allows ${capped.maxPods}`,
    )
  }
  return { ...base, ...capped, mode: 'secondary-ip', prefixIgnoredBecause: 'profile' }
}

type Base = Pick<ProfileOutcome, 'enisForPods' | 'podAddressesPerEni' | 'addressablePods'> & {
  uncapped: number
}

function eniLimited(facts: Facts, settings: MaxPodsSettings, family: string, notes: Notes): Base {
  const E = facts.defaultCardMaxEnis
  const perEni = facts.ipv4PerEni - 1
  const enis = Math.max(E - settings.reservedEnis, 0)
  if (settings.reservedEnis > 0)
    notes.step(`reservedENIs ${settings.reservedEnis}: ${enis} of ${E} ENIs count for pods`)
  if (enis === 0)
    notes.warn(
      `reservedEnis ${settings.reservedEnis} leaves none of the ${E} ENIs for pods: Karpenter counts 0 pods and schedules none on ${facts.instanceType}`,
    )
  const uncapped = enis === 0 ? 0 : enis * perEni + HOST_NETWORK_PODS
  notes.step(
    enis === 0
      ? `Karpenter (${family}): no usable ENI, so 0 pods`
      : `Karpenter (${family}, ENI-limited): ${enis} ENIs × ${perEni} + ${HOST_NETWORK_PODS} host-network pods = ${uncapped}`,
  )
  return { uncapped, enisForPods: enis, podAddressesPerEni: perEni }
}

function windows(facts: Facts, settings: MaxPodsSettings, family: string, notes: Notes): Base {
  notes.step(`Karpenter (${family}): Windows is not sized by ENIs: ${NOT_ENI_LIMITED_PODS} pods`)
  if (settings.reservedEnis > 0)
    notes.step(`reservedENIs ${settings.reservedEnis} does not apply: Windows pod density is not ENI-limited`)
  // The resource controller gives Windows pods secondary IPs of the primary ENI, one pod each.
  const perEni = facts.ipv4PerEni - 1
  return {
    uncapped: NOT_ENI_LIMITED_PODS,
    enisForPods: 1,
    podAddressesPerEni: perEni,
    addressablePods: perEni,
  }
}

function podsPerCoreCap(
  facts: Facts,
  settings: MaxPodsSettings,
  family: string,
  rule: FamilyRule,
  notes: Notes,
): MaxPodsResult['cap'] {
  const perCore = settings.podsPerCore
  if (perCore === undefined) return null
  if (perCore === 0) {
    notes.step('podsPerCore 0: no per-core cap (Karpenter and kubelet read 0 as unset)')
    return null
  }
  if (!rule.podsPerCore) {
    notes.step(
      `${family}: Karpenter ignores podsPerCore ${perCore} (Bottlerocket's settings cannot carry it)`,
    )
    return null
  }
  if (facts.vcpus === null) {
    notes.warn(
      `podsPerCore ${perCore} not applied: the vCPUs of ${facts.instanceType} are not known (its facts come from a limits table, not EC2); Karpenter would cap at ${perCore} × vCPUs`,
    )
    return null
  }
  const limit = perCore * facts.vcpus
  return { limit, applied: false, rule: `podsPerCore ${perCore} × ${facts.vcpus} vCPUs = ${limit}` }
}
