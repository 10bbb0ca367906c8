import { beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import { maxPodsFromUserData } from '../../../lib/domain/cluster/user-data-max-pods.ts'
import type { EmittedConfiguration } from '../../../lib/domain/emit/configuration-input.ts'
import { maxPods } from '../../../lib/domain/max-pods.ts'
import { boundingResult } from '../../../lib/domain/node-group.ts'
import type { EmitFormat } from '../../../lib/schemas/emit-formats.ts'
import type { InstanceTypeRecord } from '../../../lib/schemas/instance-type.ts'
import type { IpUsageRequest } from '../../../lib/schemas/ip-usage.ts'
import { MaxPodsSettings, type MaxPodsSettingsPatch } from '../../../lib/schemas/max-pods.ts'
import {
  cniEnvOf,
  ipUsageConfiguration,
  maxPodsConfiguration,
  nodeGroupConfiguration,
} from '../../../lib/services/configuration.ts'
import { ipUsage } from '../../../lib/services/ip-usage.ts'
import { catalogType } from '../../builders/catalog.ts'

// Answers turned into configuration: the number written is the answer's, and the add-on env is the
// request's settings in the CNI's spelling. Every snippet is read back with a real parser.

/** The formats that write a kubelet max pods per group, and how to read it back from each. */
const MAX_PODS_READERS: [EmitFormat, (configuration: EmittedConfiguration) => number[]][] = [
  [
    'eksctl',
    (configuration) =>
      (
        parseYaml(configuration.files[0]?.content ?? '') as {
          managedNodeGroups: { maxPodsPerNode: number }[]
        }
      ).managedNodeGroups.map((group) => group.maxPodsPerNode),
  ],
  [
    'karpenter',
    (configuration) =>
      parseAllDocuments(configuration.files[0]?.content ?? '').flatMap((document) => {
        const nodeClass = document.toJS() as { spec?: { kubelet?: { maxPods?: number } } } | null
        return nodeClass?.spec?.kubelet?.maxPods === undefined ? [] : [nodeClass.spec.kubelet.maxPods]
      }),
  ],
  [
    'launch-template',
    (configuration) =>
      configuration.files.map((file) => maxPodsFromUserData(file.content)?.maxPods ?? Number.NaN),
  ],
]

/** The add-on env, read back from the formats that write it. */
const ENV_READERS: [EmitFormat, (configuration: EmittedConfiguration) => Record<string, string>][] = [
  [
    'vpc-cni-addon',
    (configuration) =>
      (JSON.parse(configuration.files[0]?.content ?? '') as { env: Record<string, string> }).env,
  ],
  [
    'eksctl',
    (configuration) => {
      const config = parseYaml(configuration.files[0]?.content ?? '') as {
        addons?: { name: string; configurationValues: string }[]
      }
      const addon = config.addons?.find((each) => each.name === 'vpc-cni')
      return addon ? (JSON.parse(addon.configurationValues) as { env: Record<string, string> }).env : {}
    },
  ],
]

let m5large: InstanceTypeRecord
let m5xlarge: InstanceTypeRecord
let c54xlarge: InstanceTypeRecord
beforeAll(async () => {
  m5large = await catalogType('m5.large')
  m5xlarge = await catalogType('m5.xlarge')
  c54xlarge = await catalogType('c5.4xlarge')
})

describe('cniEnvOf: each setting as the aws-node variable that sets it', () => {
  it.each([
    {
      why: 'prefix delegation on',
      settings: { prefixDelegation: true },
      env: { ENABLE_PREFIX_DELEGATION: 'true' },
    },
    {
      why: 'custom networking on',
      settings: { customNetworking: true },
      env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
    },
    {
      why: 'security groups for pods on',
      settings: { securityGroupsForPods: true },
      env: { ENABLE_POD_ENI: 'true' },
    },
    { why: 'a max ENI', settings: { maxEni: 2 }, env: { MAX_ENI: '2' } },
    { why: 'WARM_ENI_TARGET', settings: { warmEniTarget: 0 }, env: { WARM_ENI_TARGET: '0' } },
    { why: 'WARM_IP_TARGET', settings: { warmIpTarget: 5 }, env: { WARM_IP_TARGET: '5' } },
    { why: 'MINIMUM_IP_TARGET', settings: { minimumIpTarget: 10 }, env: { MINIMUM_IP_TARGET: '10' } },
    { why: 'WARM_PREFIX_TARGET', settings: { warmPrefixTarget: 2 }, env: { WARM_PREFIX_TARGET: '2' } },
    {
      why: 'false booleans are the CNI’s defaults: left out',
      settings: { prefixDelegation: false, customNetworking: false, securityGroupsForPods: false },
      env: {},
    },
    {
      why: 'undefined settings: left out',
      settings: { warmIpTarget: undefined, maxEni: undefined },
      env: {},
    },
    {
      why: 'settings the CNI does not read (profile, kubelet, version): left out',
      settings: { profile: 'nodeadm', cniVersion: '1.19.2', showMaxAllowed: true, podsPerCore: 4 },
      env: {},
    },
    {
      why: 'several at once',
      settings: { prefixDelegation: true, warmPrefixTarget: 1, warmIpTarget: 0, customNetworking: false },
      env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1', WARM_IP_TARGET: '0' },
    },
  ] as { why: string; settings: Parameters<typeof cniEnvOf>[0]; env: Record<string, string> }[])(
    '$why',
    ({ settings, env }) => {
      expect(cniEnvOf(settings)).toEqual(env)
    },
  )

  it('every value is a string: the add-on’s schema takes no other', () => {
    const env = cniEnvOf({ prefixDelegation: true, maxEni: 3, warmIpTarget: 1, minimumIpTarget: 2 })

    expect(Object.values(env).every((value) => typeof value === 'string')).toBe(true)
  })
})

const SETTINGS_CASES: { why: string; settings: MaxPodsSettingsPatch }[] = [
  { why: 'the defaults: no env', settings: {} },
  { why: 'prefix delegation', settings: { prefixDelegation: true } },
  { why: 'custom networking and a max ENI', settings: { customNetworking: true, maxEni: 2 } },
]

describe('maxPodsConfiguration: the max pods of each type, as answered', () => {
  it.each(
    MAX_PODS_READERS.flatMap(([format, read]) =>
      SETTINGS_CASES.map(({ why, settings }) => ({ format, read, why, settings })),
    ),
  )('$format writes each result’s maxPods: $why', ({ format, read, settings }) => {
    // Prepare
    const parsed = MaxPodsSettings.parse(settings)
    const results = [m5large, m5xlarge, c54xlarge].map((record) => maxPods(record, parsed))

    // Act
    const configuration = maxPodsConfiguration(format, results, settings)

    // Assess
    expect(configuration.format).toBe(format)
    expect(read(configuration)).toEqual(results.map((result) => result.maxPods))
  })

  it.each(
    ENV_READERS.flatMap(([format, read]) =>
      SETTINGS_CASES.map(({ why, settings }) => ({ format, read, why, settings })),
    ),
  )('$format writes the settings’ env: $why', ({ format, read, settings }) => {
    const results = [maxPods(m5large, MaxPodsSettings.parse(settings))]

    const configuration = maxPodsConfiguration(format, results, settings)

    expect(read(configuration)).toEqual(cniEnvOf(settings))
  })
})

describe('nodeGroupConfiguration: one group, bounded by its smallest type', () => {
  it.each(MAX_PODS_READERS.map(([format, read]) => ({ format, read })))(
    '$format writes the group’s maxPods, the smallest of its types',
    ({ format, read }) => {
      // Prepare
      const settings = { prefixDelegation: true }
      const results = [c54xlarge, m5large].map((record) => maxPods(record, MaxPodsSettings.parse(settings)))
      const bound = boundingResult(results)
      const group = {
        instanceTypes: results.map((result) => result.instanceType),
        maxPods: bound.maxPods,
        boundingInstanceType: bound.instanceType,
        results,
      }

      // Act
      const configuration = nodeGroupConfiguration(format, group, settings)

      // Assess
      expect(read(configuration)).toEqual([Math.min(...results.map((result) => result.maxPods))])
      expect(configuration.sources.join('\n')).toContain(bound.instanceType)
    },
  )

  it('vpc-cni-addon writes the group’s settings as env', () => {
    const settings = { prefixDelegation: true, customNetworking: true }
    const results = [maxPods(m5large, MaxPodsSettings.parse(settings))]

    const configuration = nodeGroupConfiguration(
      'vpc-cni-addon',
      {
        instanceTypes: ['m5.large'],
        maxPods: results[0]?.maxPods ?? 0,
        boundingInstanceType: 'm5.large',
        results,
      },
      settings,
    )

    expect(JSON.parse(configuration.files[0]?.content ?? '')).toEqual({ env: cniEnvOf(settings) })
  })
})

describe('ipUsageConfiguration: the kubelet max pods the answer used, and the request’s env', () => {
  type Request = Omit<IpUsageRequest, 'region' | 'emit'>
  /** The answer as the ip-usage service gives it: the type looked up, the rest of the request asked of it. */
  const answer = ({ instanceType: _, ...ask }: Request) => ipUsage(m5large, ask)

  const REQUESTS: { why: string; request: Request }[] = [
    { why: 'defaults, full node', request: { instanceType: 'm5.large', pods: 'max' } },
    {
      why: 'prefix delegation with WARM_PREFIX_TARGET',
      request: { instanceType: 'm5.large', pods: 20, prefixDelegation: true, warmPrefixTarget: 2 },
    },
    {
      why: 'WARM_IP_TARGET and MINIMUM_IP_TARGET',
      request: { instanceType: 'm5.large', pods: 10, warmIpTarget: 2, minimumIpTarget: 12 },
    },
    { why: 'a kubelet max pods given', request: { instanceType: 'm5.large', pods: 10, kubeletMaxPods: 20 } },
    {
      why: 'the nodeadm profile',
      request: { instanceType: 'm5.large', pods: 'max', profile: 'nodeadm', prefixDelegation: true },
    },
  ]

  it.each(
    MAX_PODS_READERS.flatMap(([format, read]) =>
      REQUESTS.map(({ why, request }) => ({ format, read, why, request })),
    ),
  )('$format writes the result’s kubelet max pods: $why', ({ format, read, request }) => {
    // Prepare
    const result = answer(request)

    // Act
    const configuration = ipUsageConfiguration(format, result, request)

    // Assess
    expect(read(configuration)).toEqual([result.kubeletMaxPods])
  })

  it.each(REQUESTS)('vpc-cni-addon writes the request’s settings as env: $why', ({ request }) => {
    const result = answer(request)

    const configuration = ipUsageConfiguration('vpc-cni-addon', result, request)

    expect(JSON.parse(configuration.files[0]?.content ?? '')).toEqual({ env: cniEnvOf(request) })
  })

  it('says where the figure came from: the profile’s rule, or the kubeletMaxPods given', () => {
    const full = { instanceType: 'm5.large', pods: 'max' as const }
    const set = { instanceType: 'm5.large', pods: 10, kubeletMaxPods: 20 }

    const computed = ipUsageConfiguration('eksctl', answer(full), full)
    const given = ipUsageConfiguration('eksctl', answer(set), set)

    expect(computed.sources.join('\n')).toContain('calculator')
    expect(given.sources.join('\n')).toContain('kubeletMaxPods as given')
  })
})
