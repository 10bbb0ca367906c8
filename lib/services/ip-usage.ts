import { maxPods } from '../domain/max-pods.ts'
import { ADDRESSES_PER_PREFIX, HOST_NETWORK_PODS } from '../domain/max-pods-terms.ts'
import { holding, planPool, podsAtMax } from '../domain/warm-pool.ts'
import { InvalidInputError } from '../errors.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { IpUsageRequest, IpUsageResult, WarmPoolSettings } from '../schemas/ip-usage.ts'
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
  const kubeletMaxPods = pool.kubeletMaxPods ?? maxPods(record, settings).maxPods
  const plan = planPool(record, settings, pool)
  const capacity =
    plan.mode === 'ipv6'
      ? Number.POSITIVE_INFINITY
      : plan.poolEnis * plan.slotsPerEni * (plan.prefix ? ADDRESSES_PER_PREFIX : 1)
  const atMax = Math.min(podsAtMax(kubeletMaxPods, branchPods), capacity)
  const pods = asked === 'max' ? atMax : asked
  if (pods + branchPods + HOST_NETWORK_PODS > kubeletMaxPods) {
    throw new InvalidInputError([
      {
        field: 'pods',
        message: `${pods} pods${branchPods ? ` + ${branchPods} branch pods` : ''} + ${HOST_NETWORK_PODS} host-network pods exceed kubelet max pods ${kubeletMaxPods}`,
      },
    ])
  }
  if (pods > capacity) {
    throw new InvalidInputError([
      {
        field: 'pods',
        message: `${record.instanceType} can give addresses to at most ${capacity} pods with these settings`,
      },
    ])
  }

  const extra = {
    customNetworking: settings.customNetworking,
    trunk: settings.securityGroupsForPods && record.trunking?.compatible === true,
    branchPods,
  }
  const steady = holding(plan, pool, pods, kubeletMaxPods, extra)
  const peak = holding(plan, pool, atMax, kubeletMaxPods, extra)
  const warnings = [...plan.warnings, ...traps(plan, pool, steady, peak, kubeletMaxPods)]
  if (pool.kubeletMaxPods === undefined)
    plan.steps.push(`kubelet max pods ${kubeletMaxPods} (the ${settings.profile} profile's figure)`)
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
  }
}

function describe(held: ReturnType<typeof holding>, when: string): string {
  const units = held.prefixes > 0 ? `${held.prefixes} /28 prefixes` : `${held.secondaryIps} secondary IPs`
  const nodeSubnet = held.ipv4HeldNodeSubnet > 0 ? ` (+${held.ipv4HeldNodeSubnet} in the node subnet)` : ''
  return `${when}: ${held.pods} pods → ${held.enis} ENIs, ${units}: ${held.ipv4Held} IPv4 addresses held${nodeSubnet}, ${held.idleAddresses} idle`
}

function traps(
  plan: ReturnType<typeof planPool>,
  pool: WarmPoolSettings,
  steady: ReturnType<typeof holding>,
  peak: ReturnType<typeof holding>,
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
