import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatIpv4 } from '../../../lib/domain/ipv4.ts'
import { leaveOutInstances } from '../../../lib/domain/leave-out-instances.ts'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import type { EniFacts, SubnetFacts } from '../../../lib/schemas/subnets.ts'
import { eni, subnet } from '../../builders/subnets.ts'

// A running cluster's own nodes are placed again by a plan: their ENIs go, and EC2's available count gets
// back what they held, so that the count still reconciles with the ENIs that remain.

const SUBNET_A = subnet({ subnetId: 'subnet-a', cidr: '10.0.0.0/24', availableIpAddressCount: 200 })
const SUBNET_B = subnet({ subnetId: 'subnet-b', cidr: '10.0.1.0/24', availableIpAddressCount: 150 })
const SUBNET_UNKNOWN_COUNT = subnet({
  subnetId: 'subnet-c',
  cidr: '10.0.2.0/24',
  availableIpAddressCount: null,
})

const ENIS: EniFacts[] = [
  eni({
    networkInterfaceId: 'eni-node1-a',
    subnetId: 'subnet-a',
    instanceId: 'i-node1',
    privateIps: ['10.0.0.10', '10.0.0.11'],
    ipv4Prefixes: ['10.0.0.32/28'],
  }),
  eni({
    networkInterfaceId: 'eni-node1-b',
    subnetId: 'subnet-b',
    instanceId: 'i-node1',
    deviceIndex: 1,
    privateIps: ['10.0.1.10', '10.0.1.11', '10.0.1.12'],
  }),
  eni({
    networkInterfaceId: 'eni-node2-a',
    subnetId: 'subnet-a',
    instanceId: 'i-node2',
    privateIps: ['10.0.0.12'],
    ipv4Prefixes: ['10.0.0.48/28', '10.0.0.64/28'],
  }),
  eni({
    networkInterfaceId: 'eni-node2-c',
    subnetId: 'subnet-c',
    instanceId: 'i-node2',
    privateIps: ['10.0.2.10'],
  }),
  eni({
    networkInterfaceId: 'eni-other',
    subnetId: 'subnet-a',
    instanceId: 'i-other',
    privateIps: ['10.0.0.20'],
  }),
  eni({
    networkInterfaceId: 'eni-nat',
    subnetId: 'subnet-b',
    instanceId: null,
    interfaceType: 'nat_gateway',
    privateIps: ['10.0.1.20'],
  }),
]

/** Addresses an ENI holds, counted independently: a /28 prefix is 16 addresses. */
const held = (enis: readonly EniFacts[]) =>
  enis.reduce((sum, each) => sum + each.privateIps.length + 16 * each.ipv4Prefixes.length, 0)

describe('leaveOutInstances', () => {
  it.each([
    { why: 'no instance named: nothing changes', ids: [] as string[] },
    { why: 'one node with ENIs in two subnets', ids: ['i-node1'] },
    { why: 'two nodes, one ENI in a subnet whose count is unknown', ids: ['i-node1', 'i-node2'] },
    { why: 'an instance with no ENI here: nothing changes', ids: ['i-gone'] },
  ])('removes the ENIs of the named instances and gives their addresses back: $why', ({ ids }) => {
    // Prepare
    const subnets = [SUBNET_A, SUBNET_B, SUBNET_UNKNOWN_COUNT]
    const named = new Set(ids)
    const leaving = ENIS.filter((each) => each.instanceId !== null && named.has(each.instanceId))
    const staying = ENIS.filter((each) => !leaving.includes(each))

    // Act
    const result = leaveOutInstances(subnets, ENIS, named)

    // Assess
    expect(result.enis).toEqual(staying)
    expect(result.leftOut).toEqual({ enis: leaving.length, addresses: held(leaving) })
    for (const [index, before] of subnets.entries()) {
      const after = result.subnets[index] as SubnetFacts
      const freed = held(leaving.filter((each) => each.subnetId === before.subnetId))
      expect(after).toEqual({
        ...before,
        availableIpAddressCount:
          before.availableIpAddressCount === null ? null : before.availableIpAddressCount + freed,
      })
    }
  })

  it('leaves the inputs as they were: the caller’s facts are not edited', () => {
    const subnets = structuredClone([SUBNET_A, SUBNET_B])
    const enis = structuredClone(ENIS)

    leaveOutInstances(subnets, enis, new Set(['i-node1', 'i-node2']))

    expect(subnets).toEqual([SUBNET_A, SUBNET_B])
    expect(enis).toEqual(ENIS)
  })

  it('keeps ENIs attached to no instance, whatever the set holds', () => {
    const result = leaveOutInstances([SUBNET_B], ENIS, new Set(['i-node1']))

    expect(result.enis.map((each) => each.networkInterfaceId)).toContain('eni-nat')
  })
})

interface ReconcilingCase {
  subnet: SubnetFacts
  enis: EniFacts[]
  leaveOut: Set<string>
}

/**
 * A /24 (or smaller) whose ENIs hold distinct addresses and aligned /28s, as EC2 hands them out, with an
 * available count that leaves `hidden` addresses unaccounted for.
 */
const reconcilingCase: fc.Arbitrary<ReconcilingCase> = fc
  .record({
    prefixLength: fc.integer({ min: 24, max: 27 }),
    owners: fc.array(fc.record({ instance: fc.integer({ min: 0, max: 4 }), attached: fc.boolean() }), {
      minLength: 0,
      maxLength: 8,
    }),
    seeds: fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 8, maxLength: 8 }),
    hidden: fc.integer({ min: 0, max: 5 }),
    leaveOut: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
  })
  .map(({ prefixLength, owners, seeds, hidden, leaveOut }) => {
    const base = 10 * 2 ** 24
    const size = 2 ** (32 - prefixLength)
    const taken = new Set<number>()
    const enis = owners.map((owner, index) => {
      const seed = seeds[index] ?? 0
      const ipv4Prefixes: string[] = []
      // Prefixes first, on whole blocks that are neither the first nor the last (AWS reserves addresses there).
      for (let block = 1 + (seed % 3); block < size / 16 - 1 && ipv4Prefixes.length < seed % 3; block += 3) {
        const offsets = Array.from({ length: 16 }, (_, offset) => block * 16 + offset)
        if (offsets.some((offset) => taken.has(offset))) continue
        for (const offset of offsets) taken.add(offset)
        ipv4Prefixes.push(`${formatIpv4(base + block * 16)}/28`)
      }
      const privateIps: string[] = []
      for (let offset = 4 + (seed % 7); offset < size - 1 && privateIps.length < 1 + (seed % 5); offset++) {
        if (taken.has(offset)) continue
        taken.add(offset)
        privateIps.push(formatIpv4(base + offset))
      }
      return eni({
        networkInterfaceId: `eni-${index}`,
        instanceId: owner.attached ? `i-${owner.instance}` : null,
        deviceIndex: owner.attached ? 0 : null,
        privateIps,
        ipv4Prefixes,
      })
    })
    const visibleFree = size - 5 - taken.size
    return {
      subnet: subnet({
        cidr: `${formatIpv4(base)}/${prefixLength}`,
        availableIpAddressCount: Math.max(0, visibleFree - hidden),
      }),
      enis,
      leaveOut: new Set(leaveOut.map((instance) => `i-${instance}`)),
    }
  })

describe('leaveOutInstances, property: EC2’s count still reconciles', () => {
  it('after leaving out any instances, the analysis finds the same unaccounted addresses', () => {
    fc.assert(
      fc.property(reconcilingCase, ({ subnet: facts, enis, leaveOut }) => {
        const before = analyzeSubnet(facts, enis, [])

        const after = leaveOutInstances([facts], enis, leaveOut)
        const analysis = analyzeSubnet(after.subnets[0] as SubnetFacts, after.enis, [])

        expect(analysis.unaccountedAddresses).toBe(before.unaccountedAddresses)
        expect(analysis.freeIps - before.freeIps).toBe(after.leftOut.addresses)
      }),
      { numRuns: 300 },
    )
  })
})
