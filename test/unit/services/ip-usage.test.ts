import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../lib/errors.ts'
import type { IpUsageRequest } from '../../../lib/schemas/ip-usage.ts'
import { ipUsage } from '../../../lib/services/ip-usage.ts'
import { catalogType } from '../../builders/catalog.ts'

type Ask = Omit<IpUsageRequest, 'instanceType' | 'region'>

async function usage(type: string, ask: Ask) {
  return ipUsage(await catalogType(type), ask)
}

describe('what a node holds: the worked examples of DESIGN.md', () => {
  it('A. m5.large, 10 pods, defaults (WARM_ENI_TARGET=1): 3 ENIs, 30 addresses', async () => {
    const result = await usage('m5.large', { pods: 10 })
    expect(result).toMatchObject({
      mode: 'warm-eni',
      enis: 3,
      secondaryIps: 27,
      prefixes: 0,
      ipv4Held: 30,
      idleAddresses: 17,
    })
  })

  it('B. m5.large, WARM_IP_TARGET=5 MINIMUM_IP_TARGET=10, 3 pods: 12 addresses', async () => {
    const result = await usage('m5.large', { pods: 3, warmIpTarget: 5, minimumIpTarget: 10 })
    expect(result).toMatchObject({ mode: 'warm-ip', enis: 2, secondaryIps: 10, ipv4Held: 12 })
  })

  it('C. m5.large, prefix delegation, WARM_PREFIX_TARGET=1, 20 pods, kubelet 110: 3 prefixes, 49 addresses', async () => {
    const result = await usage('m5.large', {
      pods: 20,
      prefixDelegation: true,
      warmPrefixTarget: 1,
      kubeletMaxPods: 110,
    })
    expect(result).toMatchObject({ mode: 'warm-prefix', enis: 1, prefixes: 3, ipv4Held: 49, blocksNeeded: 3 })
  })

  it('D. prefix delegation with WARM_IP_TARGET: whole prefixes covering the address targets', async () => {
    const result = await usage('m5.large', {
      pods: 20,
      prefixDelegation: true,
      warmIpTarget: 5,
      minimumIpTarget: 40,
      kubeletMaxPods: 110,
    })
    // max(⌈25/16⌉, ⌈40/16⌉) = 3 prefixes on one ENI.
    expect(result).toMatchObject({ mode: 'prefix-warm-ip', prefixes: 3, ipv4Held: 49 })
  })
})

describe('pod-count bands', () => {
  it.each([
    // WARM_ENI_TARGET=1 on m5.large (9 pod addresses per ENI): ⌈P/9⌉+1 ENIs, at most 3.
    [0, 1, 10],
    [1, 2, 20],
    [9, 2, 20],
    [10, 3, 30],
    [27, 3, 30],
  ])('A with %i pods: %i ENIs, %i addresses', async (pods, enis, held) => {
    expect(await usage('m5.large', { pods })).toMatchObject({ enis, ipv4Held: held })
  })

  it.each([
    // WARM_PREFIX_TARGET=1: ⌈P/16⌉+1 prefixes; kubelet 110 stops growth at ⌈110/16⌉ = 7.
    [0, 1, 17],
    [16, 2, 33],
    [17, 3, 49],
    [96, 7, 113],
    [108, 7, 113],
  ])('C with %i pods: %i prefixes, %i addresses', async (pods, prefixes, held) => {
    expect(await usage('m5.large', { pods, prefixDelegation: true, kubeletMaxPods: 110 })).toMatchObject({
      prefixes,
      ipv4Held: held,
    })
  })

  it.each([
    [0, 1],
    [8, 1],
    [9, 2],
    [18, 3],
  ])('WARM_ENI_TARGET=0 with %i pods: ⌊P/9⌋+1 = %i ENIs, no warm ENI', async (pods, enis) => {
    expect((await usage('m5.large', { pods, warmEniTarget: 0 })).enis).toBe(enis)
  })
})

describe('settings that change where and how much', () => {
  it('custom networking: pod addresses come from the pod subnet, the node keeps one in its own', async () => {
    const result = await usage('m5.large', { pods: 10, customNetworking: true })
    // Two pool ENIs (the primary is out), both full: 2 × 10 in the pod subnet; the node's own address apart.
    expect(result).toMatchObject({ enis: 2, ipv4Held: 20, ipv4HeldNodeSubnet: 1 })
  })

  it('security groups for pods: the trunk takes an ENI slot and an address; each branch pod one more', async () => {
    const result = await usage('m5.large', { pods: 5, securityGroupsForPods: true, branchPods: 3 })
    expect(result).toMatchObject({ enis: 2, secondaryIps: 18, ipv4Held: 2 + 18 + 1 + 3 })
  })

  it('IPv6 ignores the targets and holds about one IPv4 address', async () => {
    const result = await usage('m5.large', { pods: 50, ipFamily: 'ipv6', warmIpTarget: 5 })
    expect(result).toMatchObject({ mode: 'ipv6', ipv4Held: 1, prefixes: 0 })
    expect(result.warnings[0]).toMatch(/IPv6 ignores/)
  })

  it('pods "max" means kubelet max pods less the two host-network pods', async () => {
    const result = await usage('m5.large', { pods: 'max' })
    expect(result).toMatchObject({ pods: 27, kubeletMaxPods: 29 })
    expect(result.peak).toEqual({ ...result.peak, pods: 27 })
  })
})

describe('known traps are flagged', () => {
  it('MINIMUM_IP_TARGET with WARM_IP_TARGET=0', async () => {
    expect((await usage('m5.large', { pods: 3, minimumIpTarget: 10 })).warnings.join()).toMatch(
      /MINIMUM_IP_TARGET without WARM_IP_TARGET/,
    )
  })

  it('prefix delegation on a Xen type is silently off', async () => {
    const result = await usage('t2.medium', { pods: 5, prefixDelegation: true })
    expect(result.mode).toBe('warm-eni')
    expect(result.warnings.join()).toMatch(/prefix delegation is silently off on t2.medium/)
  })

  it.each([
    [
      'prefix delegation is not asked for',
      'm5.large',
      {},
      /^warmPrefixTarget 2 is ignored: it counts only with prefixDelegation/,
    ],
    [
      'prefix delegation is off on the type',
      't2.medium',
      { prefixDelegation: true },
      /^warmPrefixTarget 2 is ignored: prefix delegation is off on this node/,
    ],
  ] as const)('WARM_PREFIX_TARGET is ignored when %s', async (_why, type, ask, warning) => {
    const result = await usage(type, { pods: 10, warmPrefixTarget: 2, ...ask })
    expect(result.mode).toBe('warm-eni')
    expect(result.warnings).toContainEqual(expect.stringMatching(warning))
  })

  it('WARM_PREFIX_TARGET with prefix delegation in effect is not called ignored', async () => {
    const result = await usage('m5.large', { pods: 10, warmPrefixTarget: 2, prefixDelegation: true })
    expect(result.warnings.join('\n')).not.toMatch(/warmPrefixTarget/)
  })

  it('WARM_ENI_TARGET keeping a whole ENI idle', async () => {
    expect((await usage('m5.large', { pods: 10 })).warnings.join()).toMatch(
      /WARM_ENI_TARGET=1 keeps 17 addresses idle/,
    )
  })

  it('kubelet max pods below what the pool holds', async () => {
    // At 18 pool pods the third ENI is still attached for the warm target: 27 addresses for 18 pods.
    const result = await usage('m5.large', { pods: 'max', kubeletMaxPods: 20 })
    expect(result.warnings.join()).toMatch(/kubelet max pods 20 is below what the pool holds/)
  })
})

describe('pods the CNI leaves without an address', () => {
  it('more pods than the ENIs can address: the count, and kubelet maxPods to set instead', async () => {
    // m5.large without prefix delegation: 3 ENIs × 9 = 27 pod addresses; kubelet allows 108 pool pods.
    const result = await usage('m5.large', { pods: 50, kubeletMaxPods: 110 })
    expect(result).toMatchObject({ enis: 3, secondaryIps: 27, podsWithoutAddress: 23 })
    expect(result.peak).toMatchObject({ pods: 108, podsWithoutAddress: 81 })
    expect(result.errors[0]).toMatch(/23 of 50 pods get no address.*Lower kubelet maxPods to 29/)
  })

  it('security groups for pods: at kubelet max pods the pods beyond the pool need branch ENIs', async () => {
    // The calculator's 29 ignores the trunk; the pool has 2 ENIs × 9 = 18 addresses for 27 pods.
    const result = await usage('m5.large', { pods: 10, securityGroupsForPods: true })
    expect(result.podsWithoutAddress).toBe(0)
    expect(result.peak).toMatchObject({ pods: 27, podsWithoutAddress: 9 })
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(
      /^at kubelet max pods 29: 9 of 27 pods get no address \(pods with their own/,
    )
  })

  it('no error when every pod gets an address', async () => {
    const result = await usage('m5.large', { pods: 10 })
    expect([result.podsWithoutAddress, result.peak.podsWithoutAddress, result.errors]).toEqual([0, 0, []])
  })

  it('WARM_PREFIX_TARGET=0 is called unsupported whatever the pod count', async () => {
    const result = await usage('m5.large', { pods: 20, prefixDelegation: true, warmPrefixTarget: 0 })
    expect(result.warnings.join()).toMatch(/WARM_PREFIX_TARGET=0 is not supported with prefix delegation/)
  })

  it('WARM_PREFIX_TARGET of 2 or more says pods may spread over more prefixes than shown', async () => {
    const result = await usage('m5.large', { pods: 20, prefixDelegation: true, warmPrefixTarget: 2 })
    expect(result.prefixes).toBe(4)
    expect(result.warnings.join()).toMatch(/WARM_PREFIX_TARGET=2: .* up to 1 more prefixes/)
  })
})

describe('impossible requests name the field', () => {
  it.each([
    [{ pods: 40 }, 'pods'],
    [{ pods: 1, branchPods: 2 }, 'branchPods'],
    [{ pods: 1, maxEni: 0 }, 'maxEni'],
    [{ pods: 1, profile: 'karpenter', amiFamily: 'Windows2022' }, 'amiFamily'],
  ] as const)('%j', async (ask, field) => {
    const failure = await usage('m5.large', ask as Ask).catch((error) => error)
    expect(failure).toBeInstanceOf(InvalidInputError)
    expect(failure.issues.map((issue: { field: string }) => issue.field)).toContain(field)
  })
})
