import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageMode, NodeHolding, WarmPoolSettings } from '../schemas/ip-usage.ts'
import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import { isAtLeast, PREFIX_DELEGATION_SINCE } from './cni-version.ts'
import { type PoolRule, type PoolRules, settlePool } from './ipamd-pool.ts'
import { HOST_NETWORK_PODS, prefixDelegationCapable } from './max-pods-terms.ts'

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
        'MINIMUM_IP_TARGET without WARM_IP_TARGET: ipamd stops allocating once MINIMUM_IP_TARGET addresses are held and has no on-demand path, so pods beyond it get no address; set WARM_IP_TARGET as well',
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
  if (prefix) {
    const WPT = pool.warmPrefixTarget ?? DEFAULT_WARM_PREFIX_TARGET
    if (WPT === 0)
      warnings.push(
        'WARM_PREFIX_TARGET=0 is not supported with prefix delegation (the VPC CNI docs): ipamd keeps no free prefix, every new prefix waits for an EC2 call, and whenever the last prefix fills the pool oscillates',
      )
    // getPrefixesNeeded asks for WPT − (empty prefixes); ipamd places each pod on whichever prefix its map
    // yields first, so spread pods leave fewer empty prefixes than a packed pool would.
    if (WPT >= 2)
      warnings.push(
        `WARM_PREFIX_TARGET=${WPT}: shown with pods packed into the fewest prefixes; ipamd spreads pods over prefixes as its maps yield them, and a node can then hold up to ${WPT - 1} more prefixes`,
      )
    return {
      ...base,
      mode: 'warm-prefix',
      modeReason: 'prefix delegation: WARM_PREFIX_TARGET free /28 prefixes kept',
    }
  }
  return {
    ...base,
    mode: 'warm-eni',
    modeReason: 'secondary IPs with WARM_ENI_TARGET: whole ENIs, every address filled',
  }
}

/** The targets as ipamd reads them: unset ones at the CNI's defaults (WARM_PREFIX_TARGET as the manifest ships it). */
function poolRules(
  rule: PoolRule,
  plan: PoolPlan,
  pool: WarmPoolSettings,
  kubeletMaxPods: number,
  customNetworking: boolean,
): PoolRules {
  return {
    rule,
    slotsPerEni: plan.slotsPerEni,
    poolEnis: plan.poolEnis,
    primaryHoldsPods: !customNetworking,
    warmEniTarget: pool.warmEniTarget ?? DEFAULT_WARM_ENI_TARGET,
    warmIpTarget: pool.warmIpTarget ?? 0,
    minimumIpTarget: pool.minimumIpTarget ?? 0,
    warmPrefixTarget: pool.warmPrefixTarget ?? DEFAULT_WARM_PREFIX_TARGET,
    maxPods: kubeletMaxPods,
  }
}

/**
 * What the node holds once ipamd has settled after scaling up to `pods` (see ipamd-pool.ts): the pool may
 * overshoot kubelet max pods by one allocation, and may leave pods without an address.
 */
export function holding(
  plan: PoolPlan,
  pool: WarmPoolSettings,
  pods: number,
  kubeletMaxPods: number,
  extra: { customNetworking: boolean; trunk: boolean; branchPods: number },
): NodeHolding & { oscillates: boolean } {
  const ipv6 = plan.mode === 'ipv6'
  // IPv6: one /80 on the primary ENI serves every pod; ipamd manages no IPv4 pool at all.
  const settled =
    plan.mode === 'ipv6'
      ? { units: 0, enis: 1, addresses: 0, podsWithoutAddress: 0, oscillates: false }
      : settlePool(poolRules(plan.mode, plan, pool, kubeletMaxPods, extra.customNetworking), pods)
  const prefixes = plan.prefix && !ipv6 ? settled.units : 0
  const secondaryIps = plan.prefix || ipv6 ? 0 : settled.units
  // Each ENI has its own primary address; with custom networking the node's primary ENI sits in the node
  // subnet and holds no pod address; a trunk ENI is one more address; each branch pod one more.
  const nodeSubnetOnly = extra.customNetworking ? 1 + (extra.trunk ? 1 : 0) : 0
  const inPodSubnet =
    settled.enis + settled.addresses + extra.branchPods + (extra.trunk && !extra.customNetworking ? 1 : 0)
  return {
    pods,
    enis: settled.enis,
    secondaryIps,
    prefixes,
    ipv4Held: inPodSubnet,
    ipv4HeldNodeSubnet: nodeSubnetOnly,
    blocksNeeded: prefixes,
    idleAddresses: Math.max(settled.addresses - pods, 0),
    podsWithoutAddress: settled.podsWithoutAddress,
    oscillates: settled.oscillates,
  }
}

/** Pods that take a pool address when kubelet runs `kubeletMaxPods`. */
export function podsAtMax(kubeletMaxPods: number, branchPods: number): number {
  return Math.max(kubeletMaxPods - HOST_NETWORK_PODS - branchPods, 0)
}
