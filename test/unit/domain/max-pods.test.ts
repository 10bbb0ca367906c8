import { describe, expect, it } from 'vitest'
import { ADDRESSES_PER_PREFIX, HOST_NETWORK_PODS, maxPods } from '../../../lib/domain/max-pods.ts'
import {
  MaxPodsSettings,
  type MaxPodsSettingsInput,
  PREFIX_DELEGATION_IGNORED_REASONS,
} from '../../../lib/schemas/max-pods.ts'
import { catalogType, instanceType, settings } from '../../builders/catalog.ts'

interface WorkedExample {
  why: string
  type: string
  with: MaxPodsSettingsInput
  maxPods: number
  uncapped: number | null
}

// The worked examples of DESIGN.md and the EKS max-pods calculator's rules, one row per reason.
const calculatorExamples: WorkedExample[] = [
  { why: 'm5.large secondary IPs: 3·(10−1)+2', type: 'm5.large', with: {}, maxPods: 29, uncapped: 29 },
  {
    why: 'm5.large prefix delegation is capped at 110 (2 vCPUs)',
    type: 'm5.large',
    with: { prefixDelegation: true },
    maxPods: 110,
    uncapped: 434,
  },
  {
    why: 'm5.large prefix delegation, show max allowed: 3·9·16+2',
    type: 'm5.large',
    with: { prefixDelegation: true, showMaxAllowed: true },
    maxPods: 434,
    uncapped: 434,
  },
  {
    why: 'm5.large custom networking drops the primary ENI: 2·9+2',
    type: 'm5.large',
    with: { customNetworking: true },
    maxPods: 20,
    uncapped: 20,
  },
  {
    why: 'c5.4xlarge is capped at 110 (16 vCPUs)',
    type: 'c5.4xlarge',
    with: {},
    maxPods: 110,
    uncapped: 234,
  },
  {
    why: 'm5.24xlarge is capped at 250 (96 vCPUs)',
    type: 'm5.24xlarge',
    with: {},
    maxPods: 250,
    uncapped: 737,
  },
  {
    why: 'm5.metal: no hypervisor, so the calculator ignores prefix delegation',
    type: 'm5.metal',
    with: { prefixDelegation: true, showMaxAllowed: true },
    maxPods: 737,
    uncapped: 737,
  },
  {
    why: 't2.medium is Xen: prefix delegation ignored',
    type: 't2.medium',
    with: { prefixDelegation: true },
    maxPods: 17,
    uncapped: 17,
  },
  {
    why: 'p5.48xlarge counts only the default card (2 ENIs), not all 64',
    type: 'p5.48xlarge',
    with: {},
    maxPods: 100,
    uncapped: 100,
  },
  {
    why: 'CNI 1.8 predates prefix delegation',
    type: 'm5.large',
    with: { prefixDelegation: true, cniVersion: '1.8.0' },
    maxPods: 29,
    uncapped: 29,
  },
  {
    why: 'CNI 1.9.0 is the first with prefix delegation',
    type: 'm5.large',
    with: { prefixDelegation: true, cniVersion: '1.9.0', showMaxAllowed: true },
    maxPods: 434,
    uncapped: 434,
  },
  {
    why: 'an EKS build suffix counts as its release',
    type: 'm5.large',
    with: { prefixDelegation: true, cniVersion: '1.9.0-eksbuild.1' },
    maxPods: 110,
    uncapped: 434,
  },
  {
    why: 'max ENI above the type’s ENIs changes nothing',
    type: 'm5.large',
    with: { maxEni: 8 },
    maxPods: 29,
    uncapped: 29,
  },
  { why: 'max ENI 2 of 3: 2·9+2', type: 'm5.large', with: { maxEni: 2 }, maxPods: 20, uncapped: 20 },
  {
    why: 'max ENI then custom networking: (2−1)·9+2',
    type: 'm5.large',
    with: { maxEni: 2, customNetworking: true },
    maxPods: 11,
    uncapped: 11,
  },
  {
    why: 'one-ENI type with custom networking keeps only host-network pods',
    type: 'hpc6id.32xlarge',
    with: { customNetworking: true },
    maxPods: 2,
    uncapped: 2,
  },
  {
    why: 'IPv6: the kubelet ceiling bounds pods, not addresses (2 vCPUs)',
    type: 'm5.large',
    with: { ipFamily: 'ipv6' },
    maxPods: 110,
    uncapped: null,
  },
  {
    why: 'IPv6 on 96 vCPUs: 250',
    type: 'm5.24xlarge',
    with: { ipFamily: 'ipv6' },
    maxPods: 250,
    uncapped: null,
  },
  {
    why: 'IPv6 on Xen cannot give pods addresses',
    type: 't2.medium',
    with: { ipFamily: 'ipv6' },
    maxPods: 2,
    uncapped: 2,
  },
]

describe('maxPods, calculator profile (the EKS max-pods calculator)', () => {
  it.each(calculatorExamples)('$why', async (example) => {
    // Prepare
    const facts = await catalogType(example.type)
    // Act
    const result = maxPods(facts, settings(example.with))
    // Assess
    expect(result.maxPods).toBe(example.maxPods)
    expect(result.uncappedMaxPods).toBe(example.uncapped)
  })

  it('says why prefix delegation was ignored, and what the CNI itself allows on bare metal', async () => {
    const result = maxPods(await catalogType('m5.metal'), settings({ prefixDelegation: true }))
    expect(result.maxPods).toBe(250)
    expect(result.prefixDelegation).toEqual({ requested: true, applied: false, ignoredBecause: 'not-nitro' })
    // 15 ENIs × 49 slots × 16 + 2: ipamd assigns prefixes on bare metal although the calculator does not.
    expect(result.cniAddressablePods).toBe(11_762)
    expect(result.explanation.join('\n')).toMatch(/bare metal/)
  })

  it('reports the CNI version as the reason on 1.8', async () => {
    const result = maxPods(
      await catalogType('m5.large'),
      settings({ prefixDelegation: true, cniVersion: '1.8.5' }),
    )
    expect(result.prefixDelegation.ignoredBecause).toBe('cni-version')
    expect(result.cniAddressablePods).toBe(29)
  })

  it('explains every step of m5.large with prefix delegation', async () => {
    const result = maxPods(await catalogType('m5.large'), settings({ prefixDelegation: true }))
    expect(result.enis).toEqual({ allCards: 3, defaultCard: 3, forPods: 3 })
    expect(result.addressing).toEqual({ mode: 'prefix', ipv4AddressesPerEni: 10, podAddressesPerEni: 144 })
    expect(result.cap).toMatchObject({ limit: 110, applied: true })
    expect(result.explanation).toHaveLength(5)
    expect(result.explanation[3]).toBe('3 ENIs × 144 + 2 host-network pods = 434')
  })

  it('names the multi-card trap on p5.48xlarge', async () => {
    const result = maxPods(await catalogType('p5.48xlarge'), settings())
    expect(result.enis).toEqual({ allCards: 64, defaultCard: 2, forPods: 2 })
    expect(result.explanation[0]).toMatch(/counts all 32 cards/)
  })

  it('caps at 110 up to 30 vCPUs and 250 above', () => {
    const big = { defaultCardMaxEnis: 15, ipv4PerEni: 50 }
    expect(maxPods(instanceType({ ...big, vcpus: 30 }), settings()).maxPods).toBe(110)
    expect(maxPods(instanceType({ ...big, vcpus: 31 }), settings()).maxPods).toBe(250)
  })

  it('warns when custom networking leaves no ENI for pods', () => {
    const result = maxPods(instanceType({ defaultCardMaxEnis: 1 }), settings({ customNetworking: true }))
    expect(result.enis.forPods).toBe(0)
    expect(result.maxPods).toBe(2)
    expect(result.warnings[0]).toMatch(/no ENI left for pods/)
  })
})

const otherProfiles: WorkedExample[] = [
  {
    why: 'eni-max-pods: the table value, uncapped',
    type: 'm5.24xlarge',
    with: { profile: 'eni-max-pods' },
    maxPods: 737,
    uncapped: 737,
  },
  {
    why: 'eni-max-pods ignores prefix delegation',
    type: 'm5.large',
    with: { profile: 'eni-max-pods', prefixDelegation: true },
    maxPods: 29,
    uncapped: 29,
  },
  {
    why: 'nodeadm: E·(A−1)+2 with no cap',
    type: 'c5.4xlarge',
    with: { profile: 'nodeadm' },
    maxPods: 234,
    uncapped: 234,
  },
  {
    why: 'nodeadm ignores custom networking',
    type: 'm5.large',
    with: { profile: 'nodeadm', customNetworking: true },
    maxPods: 29,
    uncapped: 29,
  },
  {
    why: 'karpenter: no reserved ENIs, no cap',
    type: 'm5.24xlarge',
    with: { profile: 'karpenter' },
    maxPods: 737,
    uncapped: 737,
  },
  {
    why: 'karpenter: reservedENIs come off the top',
    type: 'm5.large',
    with: { profile: 'karpenter', reservedEnis: 1 },
    maxPods: 20,
    uncapped: 20,
  },
  {
    why: 'karpenter: no usable ENI means 0 pods',
    type: 'm5.large',
    with: { profile: 'karpenter', reservedEnis: 3 },
    maxPods: 0,
    uncapped: 0,
  },
  {
    why: 'karpenter: podsPerCore caps (4 × 2 vCPUs)',
    type: 'm5.large',
    with: { profile: 'karpenter', podsPerCore: 4 },
    maxPods: 8,
    uncapped: 29,
  },
  {
    why: 'karpenter: podsPerCore above the ENI limit changes nothing',
    type: 'm5.large',
    with: { profile: 'karpenter', podsPerCore: 20 },
    maxPods: 29,
    uncapped: 29,
  },
  {
    why: 'karpenter ignores prefix delegation',
    type: 'm5.large',
    with: { profile: 'karpenter', prefixDelegation: true },
    maxPods: 29,
    uncapped: 29,
  },
  {
    why: 'karpenter: podsPerCore 0 means no per-core cap, as in Karpenter and kubelet',
    type: 'm5.24xlarge',
    with: { profile: 'karpenter', podsPerCore: 0 },
    maxPods: 737,
    uncapped: 737,
  },
  {
    why: 'karpenter AL2: ENI-limited and capped by podsPerCore, like AL2023',
    type: 'm5.large',
    with: { profile: 'karpenter', amiFamily: 'AL2', podsPerCore: 4 },
    maxPods: 8,
    uncapped: 29,
  },
  {
    why: 'karpenter Custom: ENI-limited and capped by podsPerCore, like AL2023',
    type: 'm5.large',
    with: { profile: 'karpenter', amiFamily: 'Custom', podsPerCore: 4 },
    maxPods: 8,
    uncapped: 29,
  },
  {
    why: 'karpenter Bottlerocket ignores podsPerCore',
    type: 'm5.large',
    with: { profile: 'karpenter', amiFamily: 'Bottlerocket', podsPerCore: 4 },
    maxPods: 29,
    uncapped: 29,
  },
  {
    why: 'karpenter Bottlerocket still takes reservedENIs off the top (ENI-limited density)',
    type: 'm5.large',
    with: { profile: 'karpenter', amiFamily: 'Bottlerocket', reservedEnis: 1 },
    maxPods: 20,
    uncapped: 20,
  },
  {
    why: 'karpenter Windows: 110 whatever the ENIs',
    type: 'm5.24xlarge',
    with: { profile: 'karpenter', amiFamily: 'Windows2022' },
    maxPods: 110,
    uncapped: 110,
  },
  {
    why: 'karpenter Windows ignores reservedENIs (no ENI-limited density)',
    type: 'm5.large',
    with: { profile: 'karpenter', amiFamily: 'Windows2019', reservedEnis: 3 },
    maxPods: 110,
    uncapped: 110,
  },
  {
    why: 'karpenter Windows: podsPerCore still caps the 110 (4 × 2 vCPUs)',
    type: 'm5.large',
    with: { profile: 'karpenter', amiFamily: 'Windows2025', podsPerCore: 4 },
    maxPods: 8,
    uncapped: 110,
  },
]

describe('maxPods, other bootstraps', () => {
  it.each(otherProfiles)('$why', async (example) => {
    const result = maxPods(await catalogType(example.type), settings(example.with))
    expect(result.maxPods).toBe(example.maxPods)
    expect(result.uncappedMaxPods).toBe(example.uncapped)
  })

  it.each(['nodeadm', 'eni-max-pods', 'karpenter'] as const)(
    '%s: warns that it does not read prefix delegation, with what the CNI could address and the fix',
    async (profile) => {
      const record = await catalogType('m5.large')
      const slots = record.defaultCardMaxEnis * (record.ipv4PerEni - 1)
      const addressable = slots * ADDRESSES_PER_PREFIX + HOST_NETWORK_PODS

      const result = maxPods(record, settings({ profile, prefixDelegation: true }))

      expect(result.maxPods).toBe(slots + HOST_NETWORK_PODS)
      expect(result.prefixDelegation).toEqual({ requested: true, applied: false, ignoredBecause: 'profile' })
      expect(result.cniAddressablePods).toBe(addressable)
      expect(result.explanation.join('\n')).toMatch(
        new RegExp(`does not read prefix delegation.*${addressable}`),
      )
      expect(result.warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `^prefix delegation: the ${profile} bootstrap does not read it .*${slots + HOST_NETWORK_PODS} pods.*${addressable}.*set kubelet maxPods yourself`,
          ),
        ),
      ])
    },
  )

  it.each([
    { why: 'prefix delegation is not asked for', with: { profile: 'nodeadm' } },
    {
      why: 'Karpenter podsPerCore caps the figure below anything prefix delegation would add',
      with: { profile: 'karpenter', prefixDelegation: true, podsPerCore: 4 },
    },
  ] as const)('says nothing of prefix delegation when $why', async (example) => {
    const result = maxPods(await catalogType('m5.large'), settings(example.with))
    expect(result.warnings.filter((warning) => /prefix delegation/.test(warning))).toEqual([])
  })

  it('m5.metal under the calculator: the cap of 250 is below anything prefixes add, so no warning', async () => {
    const result = maxPods(await catalogType('m5.metal'), settings({ prefixDelegation: true }))
    expect(result.prefixDelegation.ignoredBecause).toBe('not-nitro')
    expect(result.cap?.applied).toBe(true)
    expect(result.warnings).toEqual([])
  })

  it('karpenter: warns when reservedENIs leave no ENI for pods', async () => {
    const record = await catalogType('m5.large')

    const result = maxPods(
      record,
      settings({ profile: 'karpenter', reservedEnis: record.defaultCardMaxEnis + 2 }),
    )

    expect(result.maxPods).toBe(0)
    expect(result.warnings).toEqual([
      expect.stringMatching(/reservedEnis \d+ leaves none of the \d+ ENIs for pods: Karpenter counts 0 pods/),
    ])
  })

  it('karpenter: podsPerCore 0 sets no cap at all, and says so', async () => {
    const result = maxPods(await catalogType('m5.large'), settings({ profile: 'karpenter', podsPerCore: 0 }))
    expect(result.cap).toBeNull()
    expect(result.explanation.join('\n')).toMatch(/podsPerCore 0: no per-core cap/)
  })

  it('karpenter Bottlerocket says that it ignored podsPerCore', async () => {
    const result = maxPods(
      await catalogType('m5.large'),
      settings({ profile: 'karpenter', amiFamily: 'Bottlerocket', podsPerCore: 4 }),
    )
    expect(result.cap).toBeNull()
    expect(result.explanation.join('\n')).toMatch(/Bottlerocket.*ignores podsPerCore 4/)
  })

  it('karpenter Windows: pods get addresses from the primary ENI only, A−1 of them', async () => {
    // Karpenter advertises vpc.amazonaws.com/PrivateIPv4Address = IPv4 per ENI − 1 on Windows nodes.
    const result = maxPods(
      await catalogType('m5.large'),
      settings({ profile: 'karpenter', amiFamily: 'Windows2022' }),
    )
    expect(result.maxPods).toBe(110)
    expect(result.cniAddressablePods).toBe(9)
    expect(result.warnings.join('\n')).toMatch(/primary ENI.*9/)
  })

  it('karpenter Custom: warns that Karpenter does not write maxPods into custom user data', async () => {
    const result = maxPods(
      await catalogType('m5.large'),
      settings({ profile: 'karpenter', amiFamily: 'Custom' }),
    )
    expect(result.warnings.join('\n')).toMatch(/user data/)
  })

  it.each([
    ['amiFamily', { amiFamily: 'Bottlerocket' }],
    ['podsPerCore', { podsPerCore: 4 }],
    ['reservedEnis', { reservedEnis: 1 }],
  ] as const)('warns that %s is read only by the karpenter bootstrap', async (field, input) => {
    const result = maxPods(await catalogType('m5.large'), settings(input))
    expect(result.maxPods).toBe(29)
    expect(result.warnings.join('\n')).toMatch(new RegExp(`${field}.*only the karpenter bootstrap reads`))
  })
})

describe('maxPods when the catalog does not know the vCPUs (a type known only from a limits table)', () => {
  // E·(A−1)+2 = 8·29+2 = 234: above 110, so the calculator's ceiling depends on the vCPUs.
  const big = instanceType({ vcpus: null, defaultCardMaxEnis: 8, ipv4PerEni: 30 })
  // 4·14+2 = 58: under both ceilings, so the vCPUs do not matter.
  const small = instanceType({ vcpus: null, defaultCardMaxEnis: 4, ipv4PerEni: 15 })

  it('calculator: assumes the lower ceiling, 110, and warns what more than 30 vCPUs would give', () => {
    const result = maxPods(big, settings())
    expect(result.maxPods).toBe(110)
    expect(result.uncappedMaxPods).toBe(234)
    expect(result.cap).toMatchObject({ limit: 110, applied: true })
    expect(result.cap?.rule).toMatch(/vCPUs .*not known/)
    expect(result.warnings.join('\n')).toMatch(/vCPUs .*not known.*more than 30 vCPUs.*234/)
  })

  it('calculator: no warning where both ceilings give the same answer', () => {
    const result = maxPods(small, settings())
    expect(result.maxPods).toBe(58)
    expect(result.warnings).toEqual([])
  })

  it('calculator with show max allowed needs no vCPUs', () => {
    const result = maxPods(big, settings({ showMaxAllowed: true }))
    expect(result.maxPods).toBe(234)
    expect(result.warnings).toEqual([])
  })

  it('karpenter: podsPerCore cannot be applied; the ENI-limited figure stands, with a warning', () => {
    const result = maxPods(big, settings({ profile: 'karpenter', podsPerCore: 4 }))
    expect(result.maxPods).toBe(234)
    expect(result.cap).toBeNull()
    expect(result.warnings.join('\n')).toMatch(/podsPerCore 4 .*vCPUs .*not known/)
  })

  it('IPv6: support is not known, so pods are not promised addresses', () => {
    const unknownIpv6 = instanceType({ vcpus: null, ipv6Supported: null, ipv6PerEni: null })
    const result = maxPods(unknownIpv6, settings({ ipFamily: 'ipv6' }))
    expect(result.maxPods).toBe(2)
    expect(result.warnings.join('\n')).toMatch(/IPv6 support .*not known/)
  })
})

describe('maxPods, security groups for pods', () => {
  it('gives the trunk one default-card slot and reports branch ENIs', async () => {
    const result = maxPods(await catalogType('m5.large'), settings({ securityGroupsForPods: true }))
    expect(result.maxPods).toBe(29)
    expect(result.securityGroupsForPods).toEqual({
      trunkingCompatible: true,
      branchEnis: 9,
      regularPodAddresses: 18,
    })
    expect(result.cniAddressablePods).toBe(18 + 9 + 2)
  })

  it('multiplies the regular addresses by 16 with prefix delegation', async () => {
    const result = maxPods(
      await catalogType('m5.large'),
      settings({ securityGroupsForPods: true, prefixDelegation: true }),
    )
    expect(result.securityGroupsForPods?.regularPodAddresses).toBe(2 * 9 * 16)
  })

  it('warns on a type that cannot attach a trunk ENI', () => {
    const facts = instanceType({ trunking: { compatible: false, branchEnis: 0 } })
    const result = maxPods(facts, settings({ securityGroupsForPods: true }))
    expect(result.securityGroupsForPods).toEqual({
      trunkingCompatible: false,
      branchEnis: 0,
      regularPodAddresses: 27,
    })
    expect(result.warnings[0]).toMatch(/cannot attach a trunk ENI/)
  })

  it('says so when trunking facts are unknown', () => {
    const result = maxPods(instanceType({ trunking: null }), settings({ securityGroupsForPods: true }))
    expect(result.securityGroupsForPods).toEqual({
      trunkingCompatible: null,
      branchEnis: null,
      regularPodAddresses: null,
    })
    expect(result.warnings[0]).toMatch(/not known/)
  })

  it('leaves the block out when not asked', async () => {
    expect(maxPods(await catalogType('m5.large'), settings()).securityGroupsForPods).toBeNull()
  })
})

describe('MaxPodsSettings', () => {
  it.each([
    ['a bare major version', { cniVersion: '1' }, 'cniVersion'],
    ['letters', { cniVersion: 'abc' }, 'cniVersion'],
    ['a leading v', { cniVersion: 'v1.10.0' }, 'cniVersion'],
    ['max ENI 0', { maxEni: 0 }, 'maxEni'],
    ['a fractional max ENI', { maxEni: 1.5 }, 'maxEni'],
    ['IPv6 with custom networking', { ipFamily: 'ipv6', customNetworking: true }, 'customNetworking'],
    ['an unknown profile', { profile: 'bottlerocket' }, 'profile'],
    ['an unknown Karpenter AMI family', { amiFamily: 'Ubuntu' }, 'amiFamily'],
    ['a negative podsPerCore', { podsPerCore: -1 }, 'podsPerCore'],
    ['a fractional podsPerCore', { podsPerCore: 1.5 }, 'podsPerCore'],
  ] as const)('refuses %s, naming the field', (_why, input, field) => {
    const parsed = MaxPodsSettings.safeParse(input)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(field)
  })
})

describe('prefix delegation asked for and not applied: a warning says why', () => {
  const notApplied = [
    {
      why: 'a Xen type: the VPC CNI falls back to secondary IPs',
      type: 't2.medium',
      with: {},
      ignoredBecause: 'not-nitro',
      warning:
        /^prefix delegation not applied: t2\.medium is not a Nitro type \(hypervisor xen\): the VPC CNI silently falls back to secondary IPs$/,
    },
    {
      why: 'a VPC CNI before 1.9.0',
      type: 'm5.large',
      with: { cniVersion: '1.8.0' },
      ignoredBecause: 'cni-version',
      warning: /^prefix delegation not applied: VPC CNI 1\.8\.0 is older than 1\.9\.0.*secondary IPs$/,
    },
    {
      why: 'a bootstrap that does not read it, on a type where the CNI would not assign prefixes either',
      type: 't2.medium',
      with: { profile: 'nodeadm' },
      ignoredBecause: 'profile',
      warning: /^prefix delegation not applied: t2\.medium is not a Nitro type/,
    },
    {
      why: 'a bootstrap that does not read it, with a CNI before 1.9.0',
      type: 'm5.large',
      with: { profile: 'eni-max-pods', cniVersion: '1.8.0' },
      ignoredBecause: 'profile',
      warning: /^prefix delegation not applied: VPC CNI 1\.8\.0 is older than 1\.9\.0/,
    },
  ] as const

  it.each(notApplied)('$why', async (example) => {
    const result = maxPods(
      await catalogType(example.type),
      settings({ prefixDelegation: true, ...example.with }),
    )
    expect(result.prefixDelegation).toEqual({
      requested: true,
      applied: false,
      ignoredBecause: example.ignoredBecause,
    })
    expect(result.warnings).toEqual([expect.stringMatching(example.warning)])
  })

  it('every reason the result can give is among the cases above', () => {
    const covered = new Set(notApplied.map((example) => example.ignoredBecause))
    expect([...covered].sort()).toEqual([...PREFIX_DELEGATION_IGNORED_REASONS].sort())
  })

  it('a type of unknown hypervisor (facts from a limits table) says so, not that it is not Nitro', () => {
    const record = instanceType({ hypervisor: null, bareMetal: false })
    const result = maxPods(record, settings({ prefixDelegation: true }))
    expect(result.warnings).toEqual([
      expect.stringMatching(/^prefix delegation not applied: the hypervisor of .* is not known/),
    ])
  })

  it('bare metal under the calculator: the CNI assigns prefixes, the calculator does not count them', async () => {
    // Prepare: no recommended ceiling, so the difference shows in the figure.
    const record = await catalogType('m5.metal')
    // Act
    const result = maxPods(record, settings({ prefixDelegation: true, showMaxAllowed: true }))
    // Assess
    expect(result.prefixDelegation.ignoredBecause).toBe('not-nitro')
    expect(result.cniAddressablePods).toBeGreaterThan(result.maxPods)
    expect(result.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^prefix delegation not applied by the calculator.*can address ${result.cniAddressablePods} pods`,
        ),
      ),
    ])
  })

  it('applied: no warning', async () => {
    const result = maxPods(await catalogType('m5.large'), settings({ prefixDelegation: true }))
    expect(result.prefixDelegation.applied).toBe(true)
    expect(result.warnings).toEqual([])
  })
})
