import { ADDRESSES_PER_PREFIX } from './max-pods-terms.ts'

/**
 * The VPC CNI's pool manager (ipamd) played out on counts. ipamd does not aim at a formula: every few seconds
 * `updateIPPoolIfRequired` (pkg/ipamd/ipamd.go) asks `isDatastorePoolTooLow` and, if so, makes ONE allocation
 * (`tryAssignIPs`/`tryAssignPrefixes` on an ENI with room, else `tryAllocateENI`); otherwise it asks
 * `isDatastorePoolTooHigh` and frees what is over the targets; then `shouldRemoveExtraENIs` may free an
 * ENI. The order and the size of each allocation are what make the pool overshoot kubelet max pods, and
 * what freezes it under MINIMUM_IP_TARGET alone, so this file follows those decisions step by step.
 *
 * Counts suffice because ipamd fills ENIs in order (a new ENI only when no attached one has room) and,
 * here, pods take the oldest free address: one partly filled ENI at most, ENIs = ⌈units / slots⌉.
 */
export type PoolRule = 'warm-eni' | 'warm-ip' | 'warm-prefix' | 'prefix-warm-ip'

export interface PoolRules {
  rule: PoolRule
  /** Secondary IPs (secondary modes) or /28 prefixes (prefix modes) one ENI holds. */
  slotsPerEni: number
  /** ENIs that may hold pod addresses (MAX_ENI, custom networking and the trunk taken off). */
  poolEnis: number
  /** False with custom networking: the primary ENI is attached but holds no pod address. */
  primaryHoldsPods: boolean
  warmEniTarget: number
  warmIpTarget: number
  minimumIpTarget: number
  warmPrefixTarget: number
  /** ipamd reads the node's pod capacity (kubelet maxPods) and stops asking once it holds that many. */
  maxPods: number
}

export interface PoolState {
  /** Secondary IPs or prefixes held for pods. */
  units: number
  enis: number
  addresses: number
  /** Pods that arrived and found no address. */
  podsWithoutAddress: number
  /** The loop never rests (WARM_PREFIX_TARGET=0, WARM_ENI_TARGET=0 at a boundary): the larger state is kept. */
  oscillates: boolean
}

/** Bounds one settle: each step changes the pool, and no pool has more units than this many steps. */
const MAX_STEPS_PER_SETTLE = 10_000

const unitSize = (rules: PoolRules) => (isPrefix(rules) ? ADDRESSES_PER_PREFIX : 1)
const isPrefix = (rules: PoolRules) => rules.rule === 'warm-prefix' || rules.rule === 'prefix-warm-ip'
const ceilDiv = (x: number, y: number) => Math.ceil(x / y)

function enisFor(rules: PoolRules, units: number): number {
  return Math.max(rules.primaryHoldsPods ? 1 : 0, ceilDiv(units, rules.slotsPerEni))
}

/**
 * The pool after a scale-up to `pods`, one pod at a time with ipamd settling in between (it reconciles
 * every 5 s; pods arriving faster than that wait for an address, which changes no steady state here).
 */
export function settlePool(rules: PoolRules, pods: number): PoolState {
  const capacityAddresses = rules.poolEnis * rules.slotsPerEni * unitSize(rules)
  let units = 0
  let oscillates = false
  // Past the pool's capacity no arrival changes anything: stop walking there.
  const walkTo = Math.min(pods, capacityAddresses)
  for (let present = 0; present <= walkTo; present++) {
    const settled = settle(rules, units, present)
    units = settled.units
    oscillates = settled.oscillates
  }
  if (walkTo < pods) ({ units, oscillates } = settle(rules, units, pods))
  const addresses = units * unitSize(rules)
  return {
    units,
    enis: enisFor(rules, units),
    addresses,
    podsWithoutAddress: Math.max(pods - addresses, 0),
    oscillates,
  }
}

function settle(rules: PoolRules, start: number, pods: number): { units: number; oscillates: boolean } {
  const seen: number[] = [start]
  let units = start
  for (let step = 0; step < MAX_STEPS_PER_SETTLE; step++) {
    const next = reconcileOnce(rules, units, pods)
    if (next === units) return { units, oscillates: false }
    const cycleStart = seen.indexOf(next)
    if (cycleStart >= 0) return { units: Math.max(...seen.slice(cycleStart)), oscillates: true }
    seen.push(next)
    units = next
  }
  return { units, oscillates: false }
}

/** One pass of `updateIPPoolIfRequired` (pkg/ipamd/ipamd.go): grow, else shrink, then maybe free an ENI. */
function reconcileOnce(rules: PoolRules, units: number, pods: number): number {
  const total = units * unitSize(rules)
  const assigned = Math.min(pods, total)
  const available = total - assigned
  // isDatastorePoolTooLow: "If max pods has been reached, pool is not too low".
  const wanted = total >= rules.maxPods ? 0 : shortfall(rules, units, total, available, assigned)
  if (wanted > 0) return units + allocation(rules, units, wanted)
  const over = excess(rules, units, total, available, assigned)
  if (over > 0) return units - over
  return units - freeableEniUnits(rules, units, available, assigned)
}

/** Units asked for when the pool is too low (`isDatastorePoolTooLow`, `getPrefixesNeeded`), else 0. */
function shortfall(rules: PoolRules, units: number, total: number, available: number, assigned: number) {
  const M = rules.slotsPerEni
  switch (rules.rule) {
    case 'warm-eni': {
      const W = rules.warmEniTarget
      const low = available < M * W || (W === 0 && available === 0)
      return low ? M : 0
    }
    case 'warm-ip':
      return shortIps(rules, total, available)
    case 'prefix-warm-ip': {
      // datastoreTargetState: the address shortfall in whole prefixes; getPrefixesNeeded asks for at least 1.
      const shortPrefixes = ceilDiv(shortIps(rules, total, available), ADDRESSES_PER_PREFIX)
      return shortPrefixes > 0 ? Math.max(1, shortPrefixes) : 0
    }
    case 'warm-prefix': {
      const WPT = rules.warmPrefixTarget
      // Too low is counted in addresses (fewer than WPT prefixes' worth free), the ask in empty prefixes.
      const low = available < ADDRESSES_PER_PREFIX * WPT || (WPT === 0 && available === 0)
      return low ? Math.max(1, WPT - freePrefixes(units, assigned)) : 0
    }
  }
}

/** datastoreTargetState: `max(WARM_IP_TARGET − available, MINIMUM_IP_TARGET − total, 0)`. */
function shortIps(rules: PoolRules, total: number, available: number): number {
  return Math.max(rules.warmIpTarget - available, 0, rules.minimumIpTarget - total)
}

/** Prefixes with no pod in them; pods fill the oldest prefixes first. */
function freePrefixes(units: number, assigned: number): number {
  return units - ceilDiv(assigned, ADDRESSES_PER_PREFIX)
}

/**
 * What one allocation adds: `min(room left on the ENI, toAllocate)` on an attached ENI with room, else a
 * new ENI with `GetENIResourcesToAllocate` = `min(toAllocate, slots)` (a whole ENI's IPs without IP targets),
 * else nothing (`hasRoomForEni` is false).
 */
function allocation(rules: PoolRules, units: number, wanted: number): number {
  const enis = enisFor(rules, units)
  const room = enis * rules.slotsPerEni - units
  if (room > 0) return Math.min(room, wanted)
  return enis < rules.poolEnis ? Math.min(wanted, rules.slotsPerEni) : 0
}

/** `isDatastorePoolTooHigh` then `tryUnassignCidrsFromAll`: units freed beyond the targets. */
function excess(rules: PoolRules, units: number, total: number, available: number, assigned: number) {
  switch (rules.rule) {
    case 'warm-eni':
      return 0 // "We only ever report the pool being too high if WARM_IP_TARGET or WARM_PREFIX_TARGET is set"
    case 'warm-ip':
      return Math.max(0, Math.min(available - rules.warmIpTarget, total - rules.minimumIpTarget))
    case 'prefix-warm-ip': {
      const forWarm = ceilDiv(assigned + rules.warmIpTarget, ADDRESSES_PER_PREFIX)
      const forMinimum = ceilDiv(rules.minimumIpTarget, ADDRESSES_PER_PREFIX)
      return Math.max(0, Math.min(freePrefixes(units, assigned), units - forWarm, units - forMinimum))
    }
    case 'warm-prefix':
      // computeExtraPrefixesOverWarmTarget: empty prefixes beyond WARM_PREFIX_TARGET.
      return Math.max(freePrefixes(units, assigned) - rules.warmPrefixTarget, 0)
  }
}

/**
 * `shouldRemoveExtraENIs` + `getDeletableENI` for WARM_ENI_TARGET, the one rule that frees whole ENIs: an
 * ENI with no pod (never the primary) goes once `(WARM_ENI_TARGET + 1)` ENIs' worth of addresses are free.
 * Under the other rules freeing addresses empties an ENI first, and an empty ENI is counted out above.
 */
function freeableEniUnits(rules: PoolRules, units: number, available: number, assigned: number): number {
  if (rules.rule !== 'warm-eni') return 0
  const M = rules.slotsPerEni
  if (available < (rules.warmEniTarget + 1) * M) return 0
  const keep = Math.max(rules.primaryHoldsPods ? 1 : 0, ceilDiv(assigned, M))
  return enisFor(rules, units) > keep ? M : 0
}
