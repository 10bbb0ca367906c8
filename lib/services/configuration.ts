import type { CniEnvironment, EmittedConfiguration } from '../domain/emit/configuration-input.ts'
import { emitConfiguration } from '../domain/emit/emit-configuration.ts'
import type { EmitFormat } from '../schemas/emit-formats.ts'
import type { IpUsageRequest, IpUsageResult } from '../schemas/ip-usage.ts'
import type { MaxPodsResult, MaxPodsSettingsPatch, NodeGroupMaxPods } from '../schemas/max-pods.ts'

// Answers turned into the configuration that makes them true: the figures of the answer, and the aws-node
// variables of the settings it was computed with (for a plan, after its recommendations).

type CniFields = MaxPodsSettingsPatch & {
  warmEniTarget?: number
  warmIpTarget?: number
  minimumIpTarget?: number
  warmPrefixTarget?: number
}

/** Each setting as the aws-node variable that sets it, in the CNI's spelling. */
const CNI_VARIABLES = [
  ['prefixDelegation', 'ENABLE_PREFIX_DELEGATION'],
  ['customNetworking', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'],
  ['securityGroupsForPods', 'ENABLE_POD_ENI'],
  ['maxEni', 'MAX_ENI'],
  ['warmEniTarget', 'WARM_ENI_TARGET'],
  ['warmIpTarget', 'WARM_IP_TARGET'],
  ['minimumIpTarget', 'MINIMUM_IP_TARGET'],
  ['warmPrefixTarget', 'WARM_PREFIX_TARGET'],
] as const satisfies readonly (readonly [keyof CniFields, string])[]

/** The aws-node variables a set of settings needs: what differs from the CNI's defaults (a false switch is left out). */
export function cniEnvOf(settings: CniFields): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [field, variable] of CNI_VARIABLES) {
    const value = settings[field]
    if (value === undefined || value === false) continue
    env[variable] = String(value)
  }
  return env
}

export function maxPodsConfiguration(
  format: EmitFormat,
  results: readonly MaxPodsResult[],
  settings: MaxPodsSettingsPatch,
): EmittedConfiguration {
  return emitConfiguration(format, {
    clusterName: null,
    region: null,
    nodeGroups: results.map((result) => ({
      name: result.instanceType,
      instanceTypes: [result.instanceType],
      maxPods: result.maxPods,
      maxPodsSource: maxPodsWords(result),
    })),
    cni: requestCni(settings),
  })
}

export function nodeGroupConfiguration(
  format: EmitFormat,
  group: NodeGroupMaxPods,
  settings: MaxPodsSettingsPatch,
): EmittedConfiguration {
  return emitConfiguration(format, {
    clusterName: null,
    region: null,
    nodeGroups: [
      {
        name: group.instanceTypes.join('-'),
        instanceTypes: group.instanceTypes,
        maxPods: group.maxPods,
        maxPodsSource: `the smallest max pods of the group's types, ${group.boundingInstanceType}'s (${group.results[0]?.profile ?? 'calculator'} rule)`,
      },
    ],
    cni: requestCni(settings),
  })
}

export function ipUsageConfiguration(
  format: EmitFormat,
  result: IpUsageResult,
  request: Omit<IpUsageRequest, 'emit'>,
): EmittedConfiguration {
  return emitConfiguration(format, {
    clusterName: null,
    region: null,
    nodeGroups: [
      {
        name: result.instanceType,
        instanceTypes: [result.instanceType],
        maxPods: result.kubeletMaxPods,
        maxPodsSource:
          request.kubeletMaxPods === undefined
            ? `kubelet max pods of ${result.instanceType} under the ${request.profile ?? 'calculator'} rule, as this answer used it`
            : 'kubeletMaxPods as given',
      },
    ],
    cni: requestCni(request),
  })
}

function requestCni(settings: CniFields): CniEnvironment {
  const env = cniEnvOf(settings)
  return {
    env,
    sources: Object.keys(env).length > 0 ? ['the settings of the request'] : [],
  }
}

function maxPodsWords(result: MaxPodsResult): string {
  const last = result.explanation.at(-1)
  const mode = result.prefixDelegation.applied ? ' with prefix delegation' : ''
  return `the ${result.profile} rule${mode}${last ? `: ${last}` : ''}`
}
