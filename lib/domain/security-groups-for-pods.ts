import {
  type CniView,
  type Facts,
  HOST_NETWORK_PODS,
  type Notes,
  type ProfileOutcome,
} from './max-pods-terms.ts'

/**
 * Security groups for pods: the trunk ENI takes one default-card slot; branch ENIs (not an EC2 API
 * fact, but the VPC resource controller's) carry the pods that have security groups.
 */
export function securityGroupsForPods(facts: Facts, cni: CniView, profile: ProfileOutcome, notes: Notes) {
  const trunking = facts.trunking
  if (!trunking) {
    notes.warn(`trunking facts for ${facts.instanceType} are not known: branch ENI capacity cannot be given`)
    return {
      block: { trunkingCompatible: null, branchEnis: null, regularPodAddresses: null },
      cniAddressablePods: cni.addressablePods,
    }
  }
  const perEni = cni.podAddressesPerEni
  if (!trunking.compatible) {
    notes.warn(
      `${facts.instanceType} cannot attach a trunk ENI: pods with security groups will not run on it`,
    )
    const regular = perEni === null ? null : cni.enisForPods * perEni
    return {
      block: { trunkingCompatible: false, branchEnis: 0, regularPodAddresses: regular },
      cniAddressablePods: cni.addressablePods,
    }
  }
  const regularEnis = Math.max(cni.enisForPods - 1, 0)
  const regular = perEni === null ? null : regularEnis * perEni
  notes.step(
    `security groups for pods: the trunk ENI takes one default-card slot${regular === null ? '' : `, leaving ${regularEnis} × ${perEni} = ${regular} addresses for ordinary pods`}; up to ${trunking.branchEnis} branch ENIs for pods with security groups; all pods together stay ≤ ${profile.maxPods}`,
  )
  const cniAddressablePods = regular === null ? null : regular + trunking.branchEnis + HOST_NETWORK_PODS
  return {
    block: { trunkingCompatible: true, branchEnis: trunking.branchEnis, regularPodAddresses: regular },
    cniAddressablePods,
  }
}
