import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageMode, NodeHolding, WarmPoolSettings } from '../schemas/ip-usage.ts'
import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import { isAtLeast, PREFIX_DELEGATION_SINCE } from './cni-version.ts'
import { ADDRESSES_PER_PREFIX, HOST_NETWORK_PODS, prefixDelegationCapable } from './max-pods-terms.ts'

/** The VPC CNI's defaults: WARM_ENI_TARGET=1, and WARM_PREFIX_TARGET=1 as the shipped manifest sets it. */
export const DEFAULT_WARM_ENI_TARGET = 1
export const DEFAULT_WARM_PREFIX_TARGET = 1

export interface PoolPlan {
  mode: IpUsageMode
  modeReason: string
  /** ENIs that may hold pod addresses: MAX_ENI, custom networking and the trunk taken off. */
  poolEnis: number
  /** Pod addresses (secondary mode) or prefixes (prefix modes) one ENI holds. */
  slotsPerEni: number
  prefix: boolean
  steps: string[]
  warnings: string[]
}

/**
 * Which of the CNI's rules governs the pool, by its precedence: IPv6 ignores every target; else
 * WARM_IP_TARGET or MINIMUM_IP_TARGET, when set, are the only ones that count; else WARM_PREFIX_TARGET with
 * prefix delegation; else WARM_ENI_TARGET. Prefix delegation on a type that is not Nitro is silently off.
 */
export function planPool(
  facts: InstanceTypeRecord,
  settings: MaxPodsSettings,
  pool: WarmPoolSettings,
): PoolPlan {
  const steps: string[] = []
  const warnings: string[] = []
  const E = facts.defaultCardMaxEnis
  let poolEnis = settings.maxEni === undefined ? E : Math.min(settings.maxEni, E)
  if (settings.customNetworking) poolEnis -= 1
  const trunk = settings.securityGroupsForPods && facts.trunking?.compatible === true
  if (trunk) poolEnis -= 1
  poolEnis = Math.max(poolEnis, 0)
  steps.push(
    `${facts.instanceType}: ${E} ENIs on the default card${settings.maxEni !== undefined ? `, MAX_ENI ${settings.maxEni}` : ''}${settings.customNetworking ? ', less the primary (custom networking)' : ''}${trunk ? ', less the trunk ENI' : ''}: ${poolEnis} ENIs for pod addresses`,
  )
  if (poolEnis === 0)
    warnings.push(`${facts.instanceType} has no ENI left for pod addresses with these settings`)

  const slots = facts.ipv4PerEni - 1
  const nitroCapable = prefixDelegationCapable(facts)
  let prefix = settings.prefixDelegation
  if (prefix && !nitroCapable) {
    prefix = false
    warnings.push(
      `prefix delegation is silently off on ${facts.instanceType} (${facts.hypervisor ?? 'no'} hypervisor): the node uses secondary IPs`,
    )
  } else if (prefix && !isAtLeast(settings.cniVersion, PREFIX_DELEGATION_SINCE)) {
    prefix = false
    warnings.push(
      `VPC CNI ${settings.cniVersion} has no prefix delegation (1.9 or later): the node uses secondary IPs`,
    )
  }

  const ipTargets = (pool.warmIpTarget ?? 0) > 0 || (pool.minimumIpTarget ?? 0) > 0
  const base = { poolEnis, slotsPerEni: slots, prefix, steps, warnings }
  if (settings.ipFamily === 'ipv6') {
    if (ipTargets || pool.warmEniTarget !== undefined || pool.warmPrefixTarget !== undefined) {
      warnings.push('IPv6 ignores WARM_ENI_TARGET, WARM_IP_TARGET, MINIMUM_IP_TARGET and WARM_PREFIX_TARGET')
    }
    return {
      ...base,
      mode: 'ipv6',
      modeReason: 'IPv6: one /80 per ENI serves every pod; the node holds about one IPv4 address',
    }
  }
  if (ipTargets) {
    if ((pool.minimumIpTarget ?? 0) > 0 && (pool.warmIpTarget ?? 0) === 0) {
      warnings.push(
        'MINIMUM_IP_TARGET without WARM_IP_TARGET keeps no warm address beyond the minimum: past it, every new pod waits for an EC2 call',
      )
    }
    if (pool.warmPrefixTarget !== undefined && prefix)
      warnings.push('WARM_PREFIX_TARGET is ignored when WARM_IP_TARGET or MINIMUM_IP_TARGET is set')
    return prefix
      ? {
          ...base,
          mode: 'prefix-warm-ip',
          modeReason:
            'prefix delegation with WARM_IP_TARGET/MINIMUM_IP_TARGET: whole prefixes to cover the address targets',
        }
      : {
          ...base,
          mode: 'warm-ip',
          modeReason: 'WARM_IP_TARGET/MINIMUM_IP_TARGET set: only they count, one address at a time',
        }
  }
  if (prefix)
    return {
      ...base,
      mode: 'warm-prefix',
      modeReason: 'prefix delegation: WARM_PREFIX_TARGET free /28 prefixes kept',
    }
  return {
    ...base,
    mode: 'warm-eni',
    modeReason: 'secondary IPs with WARM_ENI_TARGET: whole ENIs, every address filled',
  }
}

/**
 * What the node holds in steady state after scaling up to `pods` (closed form of the pool rules; the
 * tests check it against a step-by-step simulation). Growth stops once pod addresses held reach kubelet
 * max pods, and at the ENI limit.
 */
export function holding(
  plan: PoolPlan,
  pool: WarmPoolSettings,
  pods: number,
  kubeletMaxPods: number,
  extra: { customNetworking: boolean; trunk: boolean; branchPods: number },
): NodeHolding {
  const M = plan.slotsPerEni
  const P = pods
  let enis = 0
  let secondaryIps = 0
  let prefixes = 0
  if (plan.mode === 'ipv6') {
    enis = 1
  } else if (plan.mode === 'warm-eni') {
    const W = pool.warmEniTarget ?? DEFAULT_WARM_ENI_TARGET
    const wanted = Math.max(1, W > 0 ? Math.ceil(P / M) + W : Math.floor(P / M) + 1)
    enis = Math.min(plan.poolEnis, wanted, Math.max(Math.ceil(kubeletMaxPods / M), 1))
    secondaryIps = enis * M
  } else if (plan.mode === 'warm-ip') {
    const wanted = Math.max(pool.minimumIpTarget ?? 0, P + (pool.warmIpTarget ?? 0))
    secondaryIps = Math.min(wanted, plan.poolEnis * M, Math.max(kubeletMaxPods, P))
    enis = Math.min(plan.poolEnis, Math.max(1, Math.ceil(secondaryIps / M)))
  } else {
    const wanted =
      plan.mode === 'warm-prefix'
        ? (pool.warmPrefixTarget ?? DEFAULT_WARM_PREFIX_TARGET) > 0
          ? Math.ceil(P / ADDRESSES_PER_PREFIX) + (pool.warmPrefixTarget ?? DEFAULT_WARM_PREFIX_TARGET)
          : Math.floor(P / ADDRESSES_PER_PREFIX) + 1
        : Math.max(
            Math.ceil((P + (pool.warmIpTarget ?? 0)) / ADDRESSES_PER_PREFIX),
            Math.ceil((pool.minimumIpTarget ?? 0) / ADDRESSES_PER_PREFIX),
          )
    prefixes = Math.min(
      wanted,
      plan.poolEnis * M,
      Math.max(Math.ceil(kubeletMaxPods / ADDRESSES_PER_PREFIX), 1),
    )
    enis = Math.min(plan.poolEnis, Math.max(1, Math.ceil(prefixes / M)))
  }
  const podAddresses = plan.mode === 'ipv6' ? 0 : secondaryIps + prefixes * ADDRESSES_PER_PREFIX
  // Each ENI has its own primary address; with custom networking the node's primary ENI sits in the node
  // subnet and holds no pod address; a trunk ENI is one more address; each branch pod one more.
  const primaries = plan.mode === 'ipv6' ? 1 : enis
  const nodeSubnetOnly = extra.customNetworking ? 1 + (extra.trunk ? 1 : 0) : 0
  const inPodSubnet =
    primaries + podAddresses + extra.branchPods + (extra.trunk && !extra.customNetworking ? 1 : 0)
  return {
    pods: P,
    enis,
    secondaryIps,
    prefixes,
    ipv4Held: inPodSubnet,
    ipv4HeldNodeSubnet: nodeSubnetOnly,
    blocksNeeded: prefixes,
    idleAddresses: Math.max(podAddresses - P, 0),
  }
}

/** Pods that take a pool address when kubelet runs `kubeletMaxPods`. */
export function podsAtMax(kubeletMaxPods: number, branchPods: number): number {
  return Math.max(kubeletMaxPods - HOST_NETWORK_PODS - branchPods, 0)
}
