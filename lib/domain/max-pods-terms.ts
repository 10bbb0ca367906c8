import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { MaxPodsResult, MaxPodsSettings } from '../schemas/max-pods.ts'

// The shared vocabulary of the max-pods calculation: its constants, the shape of a profile's answer,
// and the notes that become the result's explanation.

/** Where ipamd assigns prefixes: Nitro, and bare metal (which EC2 reports with no hypervisor). */
export function prefixDelegationCapable(
  facts: Pick<InstanceTypeRecord, 'hypervisor' | 'bareMetal'>,
): boolean {
  return facts.hypervisor === 'nitro' || facts.bareMetal
}

/** The hypervisor in words: EC2 reports none on bare metal; a limits table may not know it. */
export function hypervisorText(facts: Pick<InstanceTypeRecord, 'hypervisor' | 'bareMetal'>): string {
  return facts.hypervisor ?? (facts.bareMetal ? 'none (bare metal)' : 'not known')
}

/** aws-node and kube-proxy run on the host network and take no pod address. */
export const HOST_NETWORK_PODS = 2
/** A delegated IPv4 prefix is a /28. */
export const ADDRESSES_PER_PREFIX = 16
/** The EKS calculator's recommended ceilings (kubelet's default is 110; EKS tests up to 250). */
export const LOW_CPU_POD_CAP = 110
export const HIGH_CPU_POD_CAP = 250
/** Above this many vCPUs the higher ceiling applies (managed node groups document "< 30"; no type has 30). */
export const HIGH_CPU_ABOVE_VCPUS = 30

export type Facts = InstanceTypeRecord
export type Mode = MaxPodsResult['addressing']['mode']

/** What one bootstrap profile concludes. */
export interface ProfileOutcome {
  maxPods: number
  uncapped: number | null
  cap: MaxPodsResult['cap']
  enisForPods: number
  mode: Mode
  podAddressesPerEni: number | null
  prefixIgnoredBecause: MaxPodsResult['prefixDelegation']['ignoredBecause']
  /** Set where the node's pod addressing is not the Linux VPC CNI's (Windows: the primary ENI only). */
  addressablePods?: number
}

/** One bootstrap's rule: facts, settings and the CNI's own view in, its conclusion out. */
export type Profile = (facts: Facts, settings: MaxPodsSettings, cni: CniView, notes: Notes) => ProfileOutcome

/** What ipamd itself will do on the node, whatever a bootstrap believes. */
export interface CniView {
  enisForPods: number
  prefix: boolean
  podAddressesPerEni: number | null
  addressablePods: number | null
  ipv6Usable: boolean
}

export function applyCap(
  uncapped: number,
  cap: MaxPodsResult['cap'],
  notes: Notes,
): { maxPods: number; cap: MaxPodsResult['cap'] } {
  if (!cap) return { maxPods: uncapped, cap: null }
  const applied = uncapped > cap.limit
  notes.step(
    applied ? `capped: ${cap.rule}: ${cap.limit}` : `under the ceiling of ${cap.limit} (${cap.rule})`,
  )
  return { maxPods: Math.min(uncapped, cap.limit), cap: { ...cap, applied } }
}

/** The ordered steps and the warnings of one answer. */
export class Notes {
  readonly steps: string[] = []
  readonly warnings: string[] = []
  step(text: string): void {
    this.steps.push(text)
  }
  warn(text: string): void {
    this.warnings.push(text)
  }
}
