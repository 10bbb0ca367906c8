import type { WarmPoolSettings } from '../../schemas/ip-usage.ts'
import type { MaxPodsSettingsPatch } from '../../schemas/max-pods.ts'

export * from './vpc-cni-sources.ts'

// The aws-node environment read the way ipamd reads it (pkg/ipamd/ipamd.go, utils/utils.go), so a plan
// built from a cluster's configuration assumes what the nodes really do, including ipamd's quiet fallbacks.

/** The plan settings the VPC CNI's environment decides; a field is absent when the environment leaves it. */
export type CniEnvSettings = Pick<
  MaxPodsSettingsPatch,
  'prefixDelegation' | 'customNetworking' | 'maxEni' | 'securityGroupsForPods' | 'ipFamily'
> &
  Pick<WarmPoolSettings, 'warmEniTarget' | 'warmIpTarget' | 'minimumIpTarget' | 'warmPrefixTarget'>

export interface CniEnvReading {
  settings: CniEnvSettings
  /** The variables that decided a setting (or were ignored by ipamd, with a note), as given. */
  read: Record<string, string>
  notes: string[]
}

export { CNI_ENV_VARIABLES } from './vpc-cni-variables.ts'

// Go's strconv.ParseBool: exactly these spellings; anything else (yes, on, " true") is an error.
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

export function parseGoBool(text: string): boolean | null {
  if (GO_TRUE.has(text)) return true
  if (GO_FALSE.has(text)) return false
  return null
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Go's strconv.Atoi on 64-bit: an optional sign and decimal digits only, within int64. */
export function parseGoInt(text: string): number | null {
  if (!/^[+-]?\d+$/.test(text)) return null
  const value = BigInt(text)
  if (value < INT64_MIN || value > INT64_MAX) return null
  // Beyond 2^53 only "unlimited" can be meant: clamp so the number stays an exact integer.
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER
  return Number(value)
}

type BoolSetting = 'prefixDelegation' | 'customNetworking' | 'securityGroupsForPods'
type CountSetting = 'warmEniTarget' | 'warmIpTarget' | 'minimumIpTarget' | 'warmPrefixTarget'

const BOOLEANS: readonly (readonly [string, BoolSetting])[] = [
  ['ENABLE_PREFIX_DELEGATION', 'prefixDelegation'],
  ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'customNetworking'],
  ['ENABLE_POD_ENI', 'securityGroupsForPods'],
]

// ipamd's fallback for each count when the value is unparsable or negative: WARM_ENI_TARGET goes back to
// its default of 1, the others to 0 ("not set"). WARM_PREFIX_TARGET's own default is 0: the 1 users know
// comes from the shipped manifest and the add-on, which set the variable.
const COUNTS: readonly (readonly [string, CountSetting, number])[] = [
  ['WARM_ENI_TARGET', 'warmEniTarget', 1],
  ['WARM_IP_TARGET', 'warmIpTarget', 0],
  ['MINIMUM_IP_TARGET', 'minimumIpTarget', 0],
  ['WARM_PREFIX_TARGET', 'warmPrefixTarget', 0],
]

export function cniSettingsFromEnv(env: Record<string, string>): CniEnvReading {
  const settings: CniEnvSettings = {}
  const read: Record<string, string> = {}
  const notes: string[] = []
  const given = (name: string): string | undefined => {
    if (!Object.hasOwn(env, name)) return undefined
    read[name] = env[name] as string
    return env[name]
  }

  for (const [name, field] of BOOLEANS) {
    const text = given(name)
    if (text === undefined) continue
    const value = parseGoBool(text)
    settings[field] = value ?? false
    if (value === null)
      notes.push(`${name}=${quoted(text)} is not a Go boolean: ipamd uses its default, false`)
  }
  const ipv6 = given('ENABLE_IPv6')
  if (ipv6 !== undefined) {
    const value = parseGoBool(ipv6)
    settings.ipFamily = value ? 'ipv6' : 'ipv4'
    if (value === null)
      notes.push(`ENABLE_IPv6=${quoted(ipv6)} is not a Go boolean: ipamd uses its default, false (IPv4)`)
  }

  for (const [name, field, fallback] of COUNTS) {
    const text = given(name)
    if (text === undefined) continue
    const value = parseGoInt(text)
    if (value === null || value < 0) {
      settings[field] = fallback
      const why = value === null ? 'is not an integer' : 'is negative'
      notes.push(`${name}=${quoted(text)} ${why}: ipamd uses ${fallback}`)
    } else settings[field] = value
  }

  const maxEni = given('MAX_ENI')
  if (maxEni !== undefined) {
    const value = parseGoInt(maxEni)
    // ipamd takes MAX_ENI only when it is 1 or more; -1 (its default), 0 and junk all mean the type's own limit.
    if (value !== null && value >= 1) settings.maxEni = value
    else if (value === null)
      notes.push(
        `MAX_ENI=${quoted(maxEni)} is not an integer: ipamd ignores it and uses every ENI the type has`,
      )
    else notes.push(`MAX_ENI=${maxEni} sets no limit (below 1): every ENI the type has`)
  }

  notes.push(...prefixDelegationStartupNotes(env, settings))
  return { settings, read, notes }
}

/**
 * The aws-node entrypoint refuses to start with prefix delegation when WARM_PREFIX_TARGET, WARM_IP_TARGET and
 * MINIMUM_IP_TARGET are all "≤ 0". It compares the raw strings, not numbers (unset counts as "0"), so "-1" and
 * "" fail the check while "00" passes: reproduced as written.
 */
function prefixDelegationStartupNotes(env: Record<string, string>, settings: CniEnvSettings): string[] {
  if (settings.prefixDelegation !== true) return []
  const raw = (name: string) => (Object.hasOwn(env, name) ? (env[name] as string) : '0')
  const targets = ['WARM_IP_TARGET', 'WARM_PREFIX_TARGET', 'MINIMUM_IP_TARGET']
  if (targets.some((name) => raw(name) > '0')) return []
  const missing = Object.hasOwn(env, 'WARM_PREFIX_TARGET')
    ? ''
    : ' (a DaemonSet without WARM_PREFIX_TARGET; the add-on and the shipped manifest set it to 1)'
  return [
    `with prefix delegation, aws-node does not start unless one of WARM_PREFIX_TARGET, WARM_IP_TARGET and MINIMUM_IP_TARGET is above 0${missing}`,
  ]
}

function quoted(text: string): string {
  return JSON.stringify(text)
}
