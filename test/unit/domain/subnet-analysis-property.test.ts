import { describe, expect, it } from 'vitest'
import { MAX_CONFLICTS_NAMED } from '../../../lib/domain/subnet-address-map.ts'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import { largestReservableCidr } from '../../../lib/domain/subnet-analysis-ranges.ts'
import type { CidrReservationFacts, EniFacts } from '../../../lib/schemas/subnets.ts'
import { eni, reservation, seededRandom, subnet } from '../../builders/subnets.ts'

// Random subnets from /16 to /28 with random ENIs, prefixes and reservations, checked against a
// brute-force reference written here with plain per-address arithmetic (strings and Sets, no bitsets).
// Half the cases are messy, as EC2 would never answer but a posted export can: prefixes over the
// AWS-reserved first or last /28, private IPs inside prefixes or on reserved addresses, duplicates.

const ip = (value: number) => [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')

interface Case {
  cidr: string
  base: number
  size: number
  enis: EniFacts[]
  reservations: CidrReservationFacts[]
}

function randomCase(random: () => number, messy: boolean): Case {
  const int = (below: number) => Math.floor(random() * below)
  const prefixLength = 16 + int(13) // /16 to /28
  const size = 2 ** (32 - prefixLength)
  const base = (10 * 2 ** 24 + int(2 ** (prefixLength - 8)) * size) >>> 0
  const taken = new Set<number>()
  const enis: EniFacts[] = []
  const blocks = size / 16
  const enisWanted = int(6)
  for (let n = 0; n < enisWanted; n++) {
    const privateIps: string[] = []
    const ipsWanted = 1 + int(Math.min(60, size / 4))
    for (let k = 0; k < ipsWanted; k++) {
      const offset = int(size)
      if (!messy && (offset < 4 || offset === size - 1 || taken.has(base + offset))) continue
      taken.add(base + offset)
      privateIps.push(ip(base + offset))
    }
    const ipv4Prefixes: string[] = []
    for (let k = 0; k < int(4); k++) {
      const block = int(blocks)
      const start = base + block * 16
      const clash = Array.from({ length: 16 }, (_, a) => start + a).some(
        (address) => taken.has(address) || address - base < 4 || address - base === size - 1,
      )
      if (clash && !messy) continue
      for (let a = 0; a < 16; a++) taken.add(start + a)
      ipv4Prefixes.push(`${ip(start)}/28`)
    }
    const kind = int(3)
    enis.push(
      eni({
        networkInterfaceId: `eni-${n}`,
        instanceId: kind === 2 ? null : `i-${int(3)}`,
        deviceIndex: kind === 2 ? null : int(2),
        status: kind === 2 ? 'available' : 'in-use',
        privateIps,
        ipv4Prefixes,
      }),
    )
  }
  if (messy) enis.push(conflictingEni(random, base, size, enis))
  const reservations: CidrReservationFacts[] = []
  for (let n = 0; n < int(3); n++) {
    const length = Math.max(prefixLength, 24 + int(9))
    const span = 2 ** (32 - length)
    const start = base + int(size / span) * span
    reservations.push(
      reservation(`${ip(start)}/${length}`, random() < 0.5 ? 'prefix' : 'explicit', `scr-${n}`),
    )
  }
  return { cidr: `${ip(base)}/${prefixLength}`, base, size, enis, reservations }
}

/** An ENI claiming what EC2 would refuse: each kind of conflict with even odds. */
function conflictingEni(random: () => number, base: number, size: number, others: EniFacts[]): EniFacts {
  const int = (below: number) => Math.floor(random() * below)
  const pick = <T>(list: T[]) => list[int(list.length)]
  const prefixes = others.flatMap((e) => e.ipv4Prefixes)
  const ips = others.flatMap((e) => e.privateIps)
  const privateIps: string[] = []
  const ipv4Prefixes: string[] = []
  const inside = pick(prefixes)
  if (inside && random() < 0.5) privateIps.push(ip(addressOf(inside) + int(16)))
  if (random() < 0.5) privateIps.push(ip(base + (pick([0, 1, 2, 3, size - 1]) ?? 0)))
  const twice = pick(ips)
  if (twice && random() < 0.5) privateIps.push(twice)
  if (random() < 0.5) ipv4Prefixes.push(`${ip(base + (pick([0, size - 16]) ?? 0))}/28`)
  const again = pick(prefixes)
  if (again && random() < 0.5) ipv4Prefixes.push(again)
  return eni({ networkInterfaceId: 'eni-messy', instanceId: 'i-messy', privateIps, ipv4Prefixes })
}

const addressOf = (cidr: string) =>
  cidr
    .split('/')[0]
    ?.split('.')
    .reduce((v, o) => v * 256 + Number(o), 0) ?? 0

/** The reference: every address looked at one by one. */
function bruteForce(c: Case) {
  const awsReserved = (address: number) => address - c.base < 4 || address === c.base + c.size - 1
  const prefixAddresses = (cidr: string) => Array.from({ length: 16 }, (_, a) => addressOf(cidr) + a)
  const prefixes = new Set<string>(c.enis.flatMap((e) => e.ipv4Prefixes))
  // An address is used once, whoever claims it and however often; the five AWS keeps are never "used".
  const used = new Set<number>()
  for (const text of c.enis.flatMap((e) => e.privateIps)) used.add(addressOf(text))
  for (const prefix of prefixes) for (const address of prefixAddresses(prefix)) used.add(address)
  for (const address of [...used]) if (awsReserved(address)) used.delete(address)

  // Every claim EC2 would refuse, named: prefixes first (they own whole blocks), then private IPs.
  const conflicts: string[] = []
  const seenPrefixes = new Set<string>()
  for (const prefix of c.enis.flatMap((e) => e.ipv4Prefixes)) {
    if (prefixAddresses(prefix).some(awsReserved) || seenPrefixes.has(prefix)) conflicts.push(prefix)
    seenPrefixes.add(prefix)
  }
  const seenIps = new Set<string>()
  for (const text of c.enis.flatMap((e) => e.privateIps)) {
    const address = addressOf(text)
    const inPrefix = [...prefixes].some((prefix) => prefixAddresses(prefix).includes(address))
    if (awsReserved(address) || inPrefix || seenIps.has(text)) conflicts.push(text)
    seenIps.add(text)
  }

  const inRange = (address: number, cidr: string) =>
    address >= addressOf(cidr) && address < addressOf(cidr) + 2 ** (32 - Number(cidr.split('/')[1]))
  const states: string[] = []
  const usedPerBlock: number[] = []
  const flags: { prefixRes: boolean; explicitRes: boolean }[] = []
  for (let start = c.base; start < c.base + c.size; start += 16) {
    const addresses = Array.from({ length: 16 }, (_, a) => start + a)
    const inUse = addresses.filter((address) => used.has(address)).length
    usedPerBlock.push(inUse)
    states.push(
      addresses.some(awsReserved)
        ? 'awsReserved'
        : prefixes.has(`${ip(start)}/28`)
          ? 'prefixAllocated'
          : inUse === 0
            ? 'free'
            : inUse === 16
              ? 'full'
              : 'fragmented',
    )
    flags.push({
      prefixRes: c.reservations.some(
        (r) => r.type === 'prefix' && addresses.some((address) => inRange(address, r.cidr)),
      ),
      explicitRes: c.reservations.some(
        (r) => r.type === 'explicit' && addresses.some((address) => inRange(address, r.cidr)),
      ),
    })
  }
  const count = (state: string) => states.filter((s) => s === state).length
  const candidates = count('free') + count('fragmented') + count('full')
  // Prefix delegation can take a free block outside explicit reservations; a new reservation needs
  // a free block outside every reservation.
  const assignable = states.map((s, i) => s === 'free' && !flags[i]?.explicitRes)
  const reservable = states.map((s, i) => s === 'free' && !flags[i]?.explicitRes && !flags[i]?.prefixRes)
  let run = 0
  let longest = 0
  for (const ok of assignable) {
    run = ok ? run + 1 : 0
    longest = Math.max(longest, run)
  }
  return {
    states,
    usedPerBlock,
    counts: {
      total: states.length,
      free: count('free'),
      fragmented: count('fragmented'),
      full: count('full'),
      awsReserved: count('awsReserved'),
      prefixAllocated: count('prefixAllocated'),
      inPrefixReservation: flags.filter((f) => f.prefixRes).length,
      inExplicitReservation: flags.filter((f) => f.explicitRes).length,
      assignable: assignable.filter(Boolean).length,
    },
    usedIps: used.size,
    freeIps: c.size - 5 - used.size,
    score: candidates === 0 ? null : Math.ceil(((count('fragmented') + count('full')) / candidates) * 100),
    longestRun: longest,
    largestFreeCidr: largestAligned(c, assignable),
    largestReservableCidr: largestAligned(c, reservable),
    conflicts,
  }
}

function largestAligned(c: Case, ok: boolean[]): string | null {
  for (let span = ok.length; span >= 1; span /= 2) {
    for (let first = 0; first + span <= ok.length; first += span) {
      if (ok.slice(first, first + span).every(Boolean)) {
        return `${ip(c.base + first * 16)}/${28 - Math.log2(span)}`
      }
    }
  }
  return null
}

describe('analyzeSubnet against a brute-force reference', () => {
  it('agrees on 300 random subnets from /16 to /28, half of them with claims EC2 would refuse', () => {
    const random = seededRandom(20261122)
    let checked = 0
    let messyWithConflicts = 0
    for (let n = 0; n < 300; n++) {
      const c = randomCase(random, n % 2 === 1)
      const analysis = analyzeSubnet(subnet({ cidr: c.cidr }), c.enis, c.reservations)
      const expected = bruteForce(c)
      const label = `case ${n}: ${c.cidr}`
      expect(
        analysis.blockList.map((block) => block.state),
        label,
      ).toEqual(expected.states)
      expect(
        analysis.blockList.map((block) => block.usedIps),
        label,
      ).toEqual(expected.usedPerBlock)
      expect(analysis.blocks, label).toEqual(expected.counts)
      expect(analysis.usedIps, label).toBe(expected.usedIps)
      expect(analysis.freeIps, label).toBe(expected.freeIps)
      expect(analysis.freeIps, label).toBeGreaterThanOrEqual(0)
      expect(
        analysis.owners.reduce((sum, owner) => sum + owner.ips, 0),
        label,
      ).toBe(expected.usedIps)
      expect(analysis.fragmentationScore, label).toBe(expected.score)
      expect(analysis.largestFreeRun.blocks, label).toBe(expected.longestRun)
      expect(analysis.largestFreeCidr, label).toBe(expected.largestFreeCidr)
      expect(largestReservableCidr(analysis), label).toBe(expected.largestReservableCidr)
      // Each refused claim is named (up to the cap, then counted); no warning without one.
      const named = expected.conflicts.slice(0, MAX_CONFLICTS_NAMED)
      for (const claim of named)
        expect(
          analysis.warnings.some((warning) => warning.includes(`${claim} `)),
          `${label}: ${claim}`,
        ).toBe(true)
      expect(analysis.warnings, label).toHaveLength(
        named.length + (expected.conflicts.length > MAX_CONFLICTS_NAMED ? 1 : 0),
      )
      if (expected.conflicts.length > 0) messyWithConflicts++
      checked++
    }
    expect(checked).toBe(300)
    // The messy half must really exercise the conflict rules.
    expect(messyWithConflicts).toBeGreaterThan(100)
  })
})
