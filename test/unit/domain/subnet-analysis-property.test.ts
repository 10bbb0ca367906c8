import { describe, expect, it } from 'vitest'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import type { CidrReservationFacts, EniFacts } from '../../../lib/schemas/subnets.ts'
import { eni, reservation, seededRandom, subnet } from '../../builders/subnets.ts'

// Random subnets from /16 to /28 with random ENIs, prefixes and reservations, checked against a
// brute-force reference written here with plain per-address arithmetic (strings and Sets, no bitsets).

const ip = (value: number) => [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')

interface Case {
  cidr: string
  base: number
  size: number
  enis: EniFacts[]
  reservations: CidrReservationFacts[]
}

function randomCase(random: () => number): Case {
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
      if (offset < 4 || offset === size - 1 || taken.has(base + offset)) continue
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
      if (clash) continue
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

/** The reference: every address looked at one by one. */
function bruteForce(c: Case) {
  const ips = new Set<string>(c.enis.flatMap((e) => e.privateIps))
  const prefixes = new Set<string>(c.enis.flatMap((e) => e.ipv4Prefixes))
  const inRange = (address: number, cidr: string) => {
    const [start, length] = cidr.split('/')
    const first = start?.split('.').reduce((v, o) => v * 256 + Number(o), 0) ?? 0
    return address >= first && address < first + 2 ** (32 - Number(length))
  }
  const states: string[] = []
  const flags: { prefixRes: boolean; explicitRes: boolean }[] = []
  for (let start = c.base; start < c.base + c.size; start += 16) {
    const addresses = Array.from({ length: 16 }, (_, a) => start + a)
    const reserved = addresses.some((address) => address - c.base < 4 || address === c.base + c.size - 1)
    const used = addresses.filter((address) => ips.has(ip(address))).length
    states.push(
      reserved
        ? 'awsReserved'
        : prefixes.has(`${ip(start)}/28`)
          ? 'prefixAllocated'
          : used === 0
            ? 'free'
            : used === 16
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
  let run = 0
  let longest = 0
  for (const state of states) {
    run = state === 'free' ? run + 1 : 0
    longest = Math.max(longest, run)
  }
  return {
    states,
    counts: {
      total: states.length,
      free: count('free'),
      fragmented: count('fragmented'),
      full: count('full'),
      awsReserved: count('awsReserved'),
      prefixAllocated: count('prefixAllocated'),
      inPrefixReservation: flags.filter((f) => f.prefixRes).length,
      inExplicitReservation: flags.filter((f) => f.explicitRes).length,
      assignable: states.filter((s, i) => s === 'free' && !flags[i]?.explicitRes).length,
    },
    freeIps: c.size - 5 - ips.size - 16 * prefixes.size,
    score: candidates === 0 ? null : Math.ceil(((count('fragmented') + count('full')) / candidates) * 100),
    longestRun: longest,
    largestFreeCidr: largestAlignedFree(c, states),
  }
}

function largestAlignedFree(c: Case, states: string[]): string | null {
  for (let span = states.length; span >= 1; span /= 2) {
    for (let first = 0; first + span <= states.length; first += span) {
      if (states.slice(first, first + span).every((state) => state === 'free')) {
        return `${ip(c.base + first * 16)}/${28 - Math.log2(span)}`
      }
    }
  }
  return null
}

describe('analyzeSubnet against a brute-force reference', () => {
  it('agrees on 300 random subnets from /16 to /28', () => {
    const random = seededRandom(20261122)
    let checked = 0
    for (let n = 0; n < 300; n++) {
      const c = randomCase(random)
      const analysis = analyzeSubnet(subnet({ cidr: c.cidr }), c.enis, c.reservations)
      const expected = bruteForce(c)
      const label = `case ${n}: ${c.cidr}`
      expect(
        analysis.blockList.map((block) => block.state),
        label,
      ).toEqual(expected.states)
      expect(analysis.blocks, label).toEqual(expected.counts)
      expect(analysis.freeIps, label).toBe(expected.freeIps)
      expect(analysis.fragmentationScore, label).toBe(expected.score)
      expect(analysis.largestFreeRun.blocks, label).toBe(expected.longestRun)
      expect(analysis.largestFreeCidr, label).toBe(expected.largestFreeCidr)
      checked++
    }
    expect(checked).toBe(300)
  })
})
