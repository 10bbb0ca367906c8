import { maxPods } from '../domain/max-pods.ts'
import { ADDRESSES_PER_PREFIX, HOST_NETWORK_PODS } from '../domain/max-pods-terms.ts'
import { holding, type PoolPlan, planPool, podsAtMax } from '../domain/warm-pool.ts'
import { InvalidInputError } from '../errors.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageRequest, IpUsageResult, NodeHolding, WarmPoolSettings } from '../schemas/ip-usage.ts'
import { MaxPodsSettings } from '../schemas/max-pods.ts'
import { parseInput } from '../schemas/parse.ts'
import type { Answer } from './catalog-reader.ts'
import type { InstanceTypesService } from './instance-types.ts'

const POOL_FIELDS = [
  'warmEniTarget',
  'warmIpTarget',
  'minimumIpTarget',
  'warmPrefixTarget',
  'kubeletMaxPods',
  'branchPods',
] as const

/** Requests mix warm-pool fields with max-pods settings; each part has its own schema. */
export function splitPoolSettings(fields: Record<string, unknown>): {
  pool: WarmPoolSettings
  settingsInput: Record<string, unknown>
} {
  const isPool = (field: string) => (POOL_FIELDS as readonly string[]).includes(field)
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined)
  return {
    pool: Object.fromEntries(entries.filter(([field]) => isPool(field))),
    settingsInput: Object.fromEntries(Object.entries(fields).filter(([field]) => !isPool(field))),
  }
}

/** What nodes of one type really hold: the CNI warm pool, steady state and peak, explained. */
export function createIpUsageService(instanceTypes: InstanceTypesService) {
  return {
    async forNode(request: IpUsageRequest): Promise<Answer<IpUsageResult>> {
      const { instanceType, region, ...ask } = request
      const { value, origin } = await instanceTypes.get(instanceType, region)
      return { value: ipUsage(value.record, ask), origin }
    },
  }
}
export type IpUsageService = ReturnType<typeof createIpUsageService>

/** Pure: facts and a request in, the node's holding out (also used by cluster plans). */
export function ipUsage(
  record: InstanceTypeRecord,
  request: Omit<IpUsageRequest, 'instanceType' | 'region'>,
): IpUsageResult {
  const { pods: asked, ...rest } = request
  const { pool, settingsInput } = splitPoolSettings(rest)
  const settings = parseInput(MaxPodsSettings, settingsInput)
  const branchPods = pool.branchPods ?? 0
  if (branchPods > 0 && !settings.securityGroupsForPods) {
    throw new InvalidInputError([{ field: 'branchPods', message: 'branch pods need securityGroupsForPods' }])
  }
  // Plans pass kubelet's figure in; computing the profile's (with its explanation) again would be wasted.
  if (settings.profile === 'karpenter' && settings.amiFamily?.startsWith('Windows')) {
    // Windows nodes are not served by ipamd: the VPC resource controller assigns their addresses, on the
    // primary ENI only, by rules this model does not follow.
    throw new InvalidInputError([
      {
        field: 'amiFamily',
        message: `${settings.amiFamily}: Windows nodes get pod addresses from the VPC resource controller on the primary ENI only (at most ${record.ipv4PerEni - 1} pods on ${record.instanceType}), not from ipamd's warm pool, which is what ip-usage and plans model`,
      },
    ])
  }
  const kubeletMaxPods = pool.kubeletMaxPods ?? maxPods(record, settings).maxPods
  const plan = planPool(record, settings, pool)
  const atMax = podsAtMax(kubeletMaxPods, branchPods)
  const pods = asked === 'max' ? atMax : asked
  if (pods + branchPods + HOST_NETWORK_PODS > kubeletMaxPods) {
    throw new InvalidInputError([
      {
        field: 'pods',
        message: `${pods} pods${branchPods ? ` + ${branchPods} branch pods` : ''} + ${HOST_NETWORK_PODS} host-network pods exceed kubelet max pods ${kubeletMaxPods}`,
      },
    ])
  }

  const extra = {
    customNetworking: settings.customNetworking,
    trunk: settings.securityGroupsForPods && record.trunking?.compatible === true,
    branchPods,
  }
  const { oscillates, ...steady } = holding(plan, pool, pods, kubeletMaxPods, extra)
  const { oscillates: _peakOscillates, ...peak } = holding(plan, pool, atMax, kubeletMaxPods, extra)
  const where = { record, plan, pool, trunk: extra.trunk }
  const errors = [
    ...podsWithoutAddress(steady, 'steady state', where),
    ...podsWithoutAddress(peak, `at kubelet max pods ${kubeletMaxPods}`, where),
  ]
  const warnings = [
    ...plan.warnings,
    ...unusedPrefixTarget(plan, pool, settings.prefixDelegation),
    ...traps(plan, pool, steady, peak, kubeletMaxPods),
    ...(oscillates ? [oscillation(plan, pool, steady)] : []),
  ]
  if (pool.kubeletMaxPods === undefined)
    plan.steps.push(`kubelet max pods ${kubeletMaxPods} (the ${settings.profile} bootstrap's figure)`)
  return {
    instanceType: record.instanceType,
    mode: plan.mode,
    modeReason: plan.modeReason,
    kubeletMaxPods,
    ...steady,
    peak,
    explanation: [
      ...plan.steps,
      plan.modeReason,
      describe(steady, 'steady state'),
      describe(peak, `at kubelet max pods (${atMax} pool pods)`),
    ],
    warnings,
    errors,
  }
}

/** Pods the CNI leaves in ContainerCreating, with the cause and the fix. */
function podsWithoutAddress(
  held: NodeHolding,
  when: string,
  where: { record: InstanceTypeRecord; plan: PoolPlan; pool: WarmPoolSettings; trunk: boolean },
): string[] {
  const stuck = held.podsWithoutAddress
  if (stuck === 0) return []
  const { plan, pool } = where
  const addressed = held.pods - stuck
  const frozenByMinimum =
    (plan.mode === 'warm-ip' || plan.mode === 'prefix-warm-ip') && (pool.warmIpTarget ?? 0) === 0
  if (frozenByMinimum && addressed < capacityOf(plan)) {
    return [
      `${when}: ${stuck} of ${held.pods} pods get no address. With MINIMUM_IP_TARGET=${pool.minimumIpTarget} and no WARM_IP_TARGET, ipamd stops once it holds ${addressed} pod addresses and never allocates on demand. Set WARM_IP_TARGET (1 or more), or MINIMUM_IP_TARGET to at least ${held.pods}`,
    ]
  }
  const branch = where.trunk
    ? ' (pods with their own security groups take branch ENIs and are not among these)'
    : ''
  return [
    `${when}: ${stuck} of ${held.pods} pods get no address${branch}. ${where.record.instanceType} can give pods at most ${capacityOf(plan)} addresses on ${plan.poolEnis} ENIs with these settings. Lower kubelet maxPods to ${capacityOf(plan) + HOST_NETWORK_PODS}, enable prefix delegation, or use a type with more ENIs`,
  ]
}

function capacityOf(plan: PoolPlan): number {
  return plan.poolEnis * plan.slotsPerEni * (plan.prefix ? ADDRESSES_PER_PREFIX : 1)
}

/** WARM_PREFIX_TARGET sizes a pool of prefixes: on a node that assigns secondary IPs ipamd never reads it. */
function unusedPrefixTarget(plan: PoolPlan, pool: WarmPoolSettings, asked: boolean): string[] {
  // IPv6 has its own warning for every target it ignores.
  if (pool.warmPrefixTarget === undefined || plan.prefix || plan.mode === 'ipv6') return []
  const why = asked ? 'prefix delegation is off on this node' : 'it counts only with prefixDelegation'
  return [`warmPrefixTarget ${pool.warmPrefixTarget} is ignored: ${why}, and the node uses secondary IPs`]
}

/** ipamd never rests with a zero target at a boundary: it frees the empty unit, then takes it back. */
function oscillation(plan: PoolPlan, pool: WarmPoolSettings, steady: NodeHolding): string {
  const setting =
    plan.mode === 'warm-prefix'
      ? `WARM_PREFIX_TARGET=${pool.warmPrefixTarget}`
      : `WARM_ENI_TARGET=${pool.warmEniTarget}`
  const unit = plan.mode === 'warm-prefix' ? 'an empty prefix' : 'an empty ENI'
  return `${setting}: at ${steady.pods} pods the pool oscillates: ipamd frees ${unit} and attaches it again on the next pod. The larger state is reported (what the subnet must be able to supply)`
}

function describe(held: NodeHolding, when: string): string {
  const units = held.prefixes > 0 ? `${held.prefixes} /28 prefixes` : `${held.secondaryIps} secondary IPs`
  const nodeSubnet = held.ipv4HeldNodeSubnet > 0 ? ` (+${held.ipv4HeldNodeSubnet} in the node subnet)` : ''
  const stuck = held.podsWithoutAddress > 0 ? `, ${held.podsWithoutAddress} pods without an address` : ''
  return `${when}: ${held.pods} pods → ${held.enis} ENIs, ${units}: ${held.ipv4Held} IPv4 addresses held${nodeSubnet}, ${held.idleAddresses} idle${stuck}`
}

function traps(
  plan: PoolPlan,
  pool: WarmPoolSettings,
  steady: NodeHolding,
  peak: NodeHolding,
  kubeletMaxPods: number,
): string[] {
  const found: string[] = []
  if (plan.mode === 'warm-eni' && steady.idleAddresses >= plan.slotsPerEni) {
    found.push(
      `WARM_ENI_TARGET=${pool.warmEniTarget ?? 1} keeps ${steady.idleAddresses} addresses idle on every node (a whole ENI's worth); WARM_IP_TARGET and MINIMUM_IP_TARGET hold only what they name`,
    )
  }
  const unit = plan.prefix ? ADDRESSES_PER_PREFIX : plan.slotsPerEni
  if (plan.mode !== 'ipv6' && peak.idleAddresses >= unit) {
    found.push(
      `kubelet max pods ${kubeletMaxPods} is below what the pool holds: ${peak.idleAddresses} addresses stay idle even at max pods`,
    )
  }
  return found
}
