import { describe, expect, it } from 'vitest'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import { largestReservableCidr } from '../../../lib/domain/subnet-analysis-ranges.ts'
import { InvalidInputError } from '../../../lib/errors.ts'
import { eni, reservation, subnet } from '../../builders/subnets.ts'

describe('analyzeSubnet, worked examples', () => {
  it('an empty /24 has 16 blocks, 14 of them candidates: the first and last hold AWS-reserved addresses', () => {
    const analysis = analyzeSubnet(subnet(), [], [])
    expect(analysis.blocks).toEqual({
      total: 16,
      free: 14,
      fragmented: 0,
      full: 0,
      awsReserved: 2,
      prefixAllocated: 0,
      inPrefixReservation: 0,
      inExplicitReservation: 0,
      assignable: 14,
    })
    expect(analysis.freeIps).toBe(251)
    expect(analysis.fragmentationScore).toBe(0)
    expect(analysis.largestFreeRun).toEqual({
      blocks: 14,
      firstAddress: '10.0.0.16',
      lastAddress: '10.0.0.239',
    })
    // /25s would need block 0 or block 15; the first aligned /26 that is all free is the second one.
    expect(analysis.largestFreeCidr).toBe('10.0.0.64/26')
  })

  it('one secondary IP fragments its block: score ceil(1/14·100) = 8', () => {
    const analysis = analyzeSubnet(subnet(), [eni({ privateIps: ['10.0.0.4', '10.0.0.20'] })], [])
    expect(analysis.blocks).toMatchObject({ free: 13, fragmented: 1, awsReserved: 2 })
    expect(analysis.fragmentationScore).toBe(8)
    expect(analysis.blockList[1]).toEqual({
      cidr: '10.0.0.16/28',
      state: 'fragmented',
      usedIps: 1,
      inPrefixReservation: false,
      inExplicitReservation: false,
    })
    expect(analysis.usedIps).toBe(2)
  })

  it('a block with all 16 addresses taken is full', () => {
    const ips = Array.from({ length: 16 }, (_, index) => `10.0.0.${32 + index}`)
    expect(analyzeSubnet(subnet(), [eni({ privateIps: ips })], []).blockList[2]?.state).toBe('full')
  })

  it('a prefix in a prefix reservation is prefix-allocated and flagged', () => {
    const analysis = analyzeSubnet(
      subnet(),
      [eni({ privateIps: ['10.0.0.5'], ipv4Prefixes: ['10.0.0.64/28'] })],
      [reservation('10.0.0.64/27', 'prefix')],
    )
    expect(analysis.blockList[4]).toMatchObject({
      state: 'prefixAllocated',
      usedIps: 16,
      inPrefixReservation: true,
    })
    expect(analysis.blockList[5]).toMatchObject({ state: 'free', inPrefixReservation: true })
    expect(analysis.blocks).toMatchObject({ prefixAllocated: 1, inPrefixReservation: 2, assignable: 13 })
    expect(analysis.usedIps).toBe(17)
  })

  it('an explicit reservation keeps its free blocks out of assignable, even one it only partly covers', () => {
    const analysis = analyzeSubnet(
      subnet(),
      [],
      [reservation('10.0.0.128/26', 'explicit'), reservation('10.0.0.200/30', 'explicit')],
    )
    expect(analysis.blocks).toMatchObject({ free: 14, inExplicitReservation: 5, assignable: 9 })
  })

  it('a /28 subnet has one block and no candidate: no score', () => {
    const analysis = analyzeSubnet(subnet({ cidr: '10.0.0.16/28' }), [], [])
    expect(analysis.blocks).toMatchObject({ total: 1, awsReserved: 1, assignable: 0 })
    expect(analysis.fragmentationScore).toBeNull()
    expect(analysis.largestFreeCidr).toBeNull()
  })

  it('reconciles with EC2’s available count and warns about addresses it cannot see', () => {
    const analysis = analyzeSubnet(
      subnet({ availableIpAddressCount: 240 }),
      [eni({ privateIps: ['10.0.0.4'] })],
      [],
    )
    expect(analysis.freeIps).toBe(250)
    expect(analysis.unaccountedAddresses).toBe(10)
    expect(analysis.warnings[0]).toMatch(/10 addresses are used by something not visible/)
  })

  it('says a dual-stack subnet was analysed for IPv4', () => {
    expect(analyzeSubnet(subnet({ ipv6Cidrs: ['2600:1f18::/64'] }), [], []).warnings).toContain(
      'dual-stack subnet: IPv4 analysed; IPv6 prefixes (/80 per ENI) are not scarce',
    )
  })

  it('counts owners by kind and suggests draining the instance that alone fragments blocks', () => {
    const analysis = analyzeSubnet(
      subnet(),
      [
        eni({
          networkInterfaceId: 'eni-a',
          instanceId: 'i-a',
          privateIps: ['10.0.0.20', '10.0.0.40', '10.0.0.41'],
        }),
        eni({
          networkInterfaceId: 'eni-b',
          instanceId: 'i-a',
          deviceIndex: 1,
          description: 'aws-K8S-i-a',
          privateIps: ['10.0.0.60'],
        }),
        eni({
          networkInterfaceId: 'eni-n',
          instanceId: null,
          deviceIndex: null,
          interfaceType: 'nat_gateway',
          privateIps: ['10.0.0.61'],
        }),
        eni({
          networkInterfaceId: 'eni-o',
          instanceId: null,
          deviceIndex: null,
          status: 'available',
          privateIps: ['10.0.0.90'],
        }),
      ],
      [],
    )
    expect(analysis.owners).toEqual([
      { kind: 'ec2-primary', enis: 1, ips: 3 },
      { kind: 'eks-pod-eni', enis: 1, ips: 1 },
      { kind: 'nat-gateway', enis: 1, ips: 1 },
      { kind: 'orphaned', enis: 1, ips: 1 },
    ])
    // Blocks 1 and 2 hold only i-a's addresses; block 3 mixes i-a and a NAT gateway; block 5 only the orphan.
    expect(analysis.drainSuggestions).toEqual([
      {
        owner: { kind: 'instance', id: 'i-a' },
        action: 'drain and replace i-a',
        blocksRecovered: 2,
        blocks: ['10.0.0.16/28', '10.0.0.32/28'],
      },
      {
        owner: { kind: 'eni', id: 'eni-o' },
        action: 'delete the unattached eni-o',
        blocksRecovered: 1,
        blocks: ['10.0.0.80/28'],
      },
    ])
  })
})

describe('largest free run and CIDR: only blocks prefix delegation can take (free, outside explicit reservations)', () => {
  // Blocks of a /24 are 16 addresses each: block 4 is 10.0.0.64/28, block 8 10.0.0.128/28.
  it.each(
    [
      {
        why: 'an explicit /26 in the middle splits the run, and the /26 it covers is not offered',
        reservations: [reservation('10.0.0.64/26', 'explicit')],
        run: { blocks: 7, firstAddress: '10.0.0.128', lastAddress: '10.0.0.239' },
        cidr: '10.0.0.128/26',
      },
      {
        why: 'an explicit /30 takes out the whole block it touches (a prefix may overlap no reserved address)',
        reservations: [reservation('10.0.0.200/30', 'explicit')],
        run: { blocks: 11, firstAddress: '10.0.0.16', lastAddress: '10.0.0.191' },
        cidr: '10.0.0.64/26',
      },
      {
        why: 'explicit reservations over every candidate block leave nothing',
        reservations: [
          '10.0.0.16/28',
          '10.0.0.32/27',
          '10.0.0.64/26',
          '10.0.0.128/26',
          '10.0.0.192/27',
          '10.0.0.224/28',
        ].map((cidr) => reservation(cidr, 'explicit')),
        run: { blocks: 0, firstAddress: null, lastAddress: null },
        cidr: null,
      },
      {
        why: 'a prefix reservation keeps its free blocks assignable: they stay in the run',
        reservations: [reservation('10.0.0.64/26', 'prefix')],
        run: { blocks: 14, firstAddress: '10.0.0.16', lastAddress: '10.0.0.239' },
        cidr: '10.0.0.64/26',
      },
    ].map((row) => [row.why, row] as const),
  )('%s', (_why, { reservations, run, cidr }) => {
    const analysis = analyzeSubnet(subnet(), [], reservations)
    expect(analysis.largestFreeRun).toEqual(run)
    expect(analysis.largestFreeCidr).toBe(cidr)
  })
})

describe('largestReservableCidr: where a new prefix reservation can go (free blocks touching no reservation)', () => {
  it.each(
    [
      { why: 'no reservation: the largest free aligned range', reservations: [], cidr: '10.0.0.64/26' },
      {
        why: 'not inside an existing prefix reservation (reservations may not overlap)',
        reservations: [reservation('10.0.0.64/26', 'prefix')],
        cidr: '10.0.0.128/26',
      },
      {
        why: 'never inside an explicit reservation',
        reservations: [reservation('10.0.0.64/26', 'explicit')],
        cidr: '10.0.0.128/26',
      },
      {
        why: 'both /26s taken: the largest free /27 outside them',
        reservations: [reservation('10.0.0.64/26', 'prefix'), reservation('10.0.0.128/26', 'explicit')],
        cidr: '10.0.0.32/27',
      },
    ].map((row) => [row.why, row] as const),
  )('%s', (_why, { reservations, cidr }) => {
    expect(largestReservableCidr(analyzeSubnet(subnet(), [], reservations))).toBe(cidr)
  })

  it('a fragmented block breaks the range: one secondary IP per /26 leaves /27s', () => {
    const ips = ['10.0.0.4', '10.0.0.70', '10.0.0.130', '10.0.0.200']
    expect(largestReservableCidr(analyzeSubnet(subnet(), [eni({ privateIps: ips })], []))).toBe(
      '10.0.0.32/27',
    )
  })
})

describe('data EC2 would refuse: every address counted once, never a negative free count, the conflict named', () => {
  const a = (overrides: Parameters<typeof eni>[0]) => eni({ networkInterfaceId: 'eni-a', ...overrides })
  const b = (overrides: Parameters<typeof eni>[0]) =>
    eni({ networkInterfaceId: 'eni-b', instanceId: 'i-2', ...overrides })
  it.each(
    [
      {
        why: 'a prefix in the first /28 covers the four addresses AWS keeps: 12 more in use, not 16',
        cidr: '10.0.0.0/24',
        enis: [a({ ipv4Prefixes: ['10.0.0.0/28'] })],
        usedIps: 12,
        freeIps: 239,
        warning: /prefix 10\.0\.0\.0\/28 of eni-a covers addresses AWS reserves/,
      },
      {
        why: 'a prefix in the last /28 covers the subnet’s last address: 15 more in use',
        cidr: '10.0.0.0/24',
        enis: [a({ ipv4Prefixes: ['10.0.0.240/28'] })],
        usedIps: 15,
        freeIps: 236,
        warning: /prefix 10\.0\.0\.240\/28 of eni-a covers addresses AWS reserves/,
      },
      {
        why: 'a /28 subnet whose only block is a prefix: its 11 usable addresses used, 0 free (not −5)',
        cidr: '10.0.0.16/28',
        enis: [a({ ipv4Prefixes: ['10.0.0.16/28'] })],
        usedIps: 11,
        freeIps: 0,
        warning: /prefix 10\.0\.0\.16\/28 of eni-a covers addresses AWS reserves/,
      },
      {
        why: 'a private IP inside another ENI’s prefix is one address, not two',
        cidr: '10.0.0.0/24',
        enis: [a({ privateIps: ['10.0.0.20'] }), b({ ipv4Prefixes: ['10.0.0.16/28'] })],
        usedIps: 16,
        freeIps: 235,
        warning: /10\.0\.0\.20 of eni-a is inside prefix 10\.0\.0\.16\/28 of eni-b/,
      },
      {
        why: 'the same with the prefix’s ENI listed first',
        cidr: '10.0.0.0/24',
        enis: [b({ ipv4Prefixes: ['10.0.0.16/28'] }), a({ privateIps: ['10.0.0.20'] })],
        usedIps: 16,
        freeIps: 235,
        warning: /10\.0\.0\.20 of eni-a is inside prefix 10\.0\.0\.16\/28 of eni-b/,
      },
      {
        why: 'a private IP on an address AWS reserves is one of the five already reserved',
        cidr: '10.0.0.0/24',
        enis: [a({ privateIps: ['10.0.0.1'] })],
        usedIps: 0,
        freeIps: 251,
        warning: /10\.0\.0\.1 of eni-a is an address AWS reserves/,
      },
      {
        why: 'one private IP on two ENIs is one address',
        cidr: '10.0.0.0/24',
        enis: [a({ privateIps: ['10.0.0.20'] }), b({ privateIps: ['10.0.0.20'] })],
        usedIps: 1,
        freeIps: 250,
        warning: /10\.0\.0\.20 is claimed by eni-a and eni-b/,
      },
      {
        why: 'one prefix on two ENIs is 16 addresses',
        cidr: '10.0.0.0/24',
        enis: [a({ ipv4Prefixes: ['10.0.0.32/28'] }), b({ ipv4Prefixes: ['10.0.0.32/28'] })],
        usedIps: 16,
        freeIps: 235,
        warning: /prefix 10\.0\.0\.32\/28 is claimed by eni-a and eni-b/,
      },
    ].map((row) => [row.why, row] as const),
  )('%s', (_why, { cidr, enis, usedIps, freeIps, warning }) => {
    const analysis = analyzeSubnet(subnet({ cidr }), enis, [])
    expect(analysis.usedIps).toBe(usedIps)
    expect(analysis.freeIps).toBe(freeIps)
    // The same addresses, counted per block and per owner.
    expect(analysis.blockList.reduce((sum, block) => sum + block.usedIps, 0)).toBe(usedIps)
    expect(analysis.owners.reduce((sum, owner) => sum + owner.ips, 0)).toBe(usedIps)
    expect(analysis.warnings.some((text) => warning.test(text))).toBe(true)
  })

  it('names the first 10 conflicts and counts the rest, so a bad export cannot flood the answer', () => {
    const ips = Array.from({ length: 12 }, (_, index) => `10.0.0.${20 + index}`)
    const analysis = analyzeSubnet(subnet(), [a({ privateIps: ips }), b({ privateIps: ips })], [])
    expect(analysis.usedIps).toBe(12)
    expect(analysis.warnings).toHaveLength(11)
    expect(analysis.warnings[9]).toMatch(/10\.0\.0\.29 is claimed by eni-a and eni-b/)
    expect(analysis.warnings[10]).toMatch(/and 2 more conflicting claims/)
  })
})

describe('analyzeSubnet refuses impossible input, naming each field', () => {
  it.each([
    [
      'an IP outside the subnet',
      [eni({ privateIps: ['10.0.1.5'] })],
      [],
      'networkInterfaces[eni-1].privateIps[0]',
    ],
    ['a malformed IP', [eni({ privateIps: ['10.0.0.300'] })], [], 'networkInterfaces[eni-1].privateIps[0]'],
    [
      'a prefix that is not a /28',
      [eni({ ipv4Prefixes: ['10.0.0.0/27'] })],
      [],
      'networkInterfaces[eni-1].ipv4Prefixes[0]',
    ],
    [
      'an unaligned prefix',
      [eni({ ipv4Prefixes: ['10.0.0.8/28'] })],
      [],
      'networkInterfaces[eni-1].ipv4Prefixes[0]',
    ],
    [
      'a reservation outside the subnet',
      [],
      [reservation('10.0.1.0/28', 'explicit')],
      'cidrReservations[0].cidr',
    ],
  ] as const)('%s', (_why, enis, reservations, field) => {
    const failure = (() => {
      try {
        analyzeSubnet(subnet(), [...enis], [...reservations])
      } catch (error) {
        return error
      }
    })()
    expect(failure).toBeInstanceOf(InvalidInputError)
    expect((failure as InvalidInputError).issues.map((issue) => issue.field)).toEqual([field])
  })

  it.each(['10.0.0.0/15', '10.0.0.0/29', '10.0.0.1/24', 'not-a-cidr'])('a subnet CIDR of %s', (cidr) => {
    expect(() => analyzeSubnet(subnet({ cidr }), [], [])).toThrow(/expected an IPv4 CIDR from \/16 to \/28/)
  })
})
