import { describe, expect, it } from 'vitest'
import { carve } from '../../../../lib/domain/sizing/carve.ts'
import type { CidrRequest } from '../../../../lib/domain/sizing/sizing-terms.ts'

const request = (key: string, prefixLength: number, spaces: string[]): CidrRequest => ({
  key,
  prefixLength,
  spaces,
})

describe('carve', () => {
  it.each([
    {
      reason: 'an empty space: the lowest aligned block',
      spaces: ['10.0.0.0/16'],
      taken: [],
      requests: [request('a/nodes', 20, ['10.0.0.0/16'])],
      placed: { 'a/nodes': '10.0.0.0/20' },
      largestFree: { '10.0.0.0/16': '10.0.128.0/17' },
    },
    {
      reason: 'the largest goes first, whatever order it was asked in',
      spaces: ['10.0.0.0/24'],
      taken: [],
      requests: [request('small', 28, ['10.0.0.0/24']), request('large', 25, ['10.0.0.0/24'])],
      placed: { large: '10.0.0.0/25', small: '10.0.0.128/28' },
      largestFree: { '10.0.0.0/24': '10.0.0.192/26' },
    },
    {
      reason: 'an existing subnet is stepped over to the next aligned position',
      spaces: ['10.0.0.0/16'],
      taken: ['10.0.0.0/24', '10.0.1.0/26'],
      requests: [request('a/nodes', 24, ['10.0.0.0/16']), request('a/pods', 26, ['10.0.0.0/16'])],
      placed: { 'a/nodes': '10.0.2.0/24', 'a/pods': '10.0.1.64/26' },
      largestFree: { '10.0.0.0/16': '10.0.128.0/17' },
    },
    {
      reason: 'the first space with room in the request’s order wins',
      spaces: ['10.0.0.0/24', '100.64.0.0/16'],
      taken: [],
      requests: [request('a/pods', 18, ['10.0.0.0/24', '100.64.0.0/16'])],
      placed: { 'a/pods': '100.64.0.0/18' },
      largestFree: { '10.0.0.0/24': '10.0.0.0/24', '100.64.0.0/16': '100.64.128.0/17' },
    },
    {
      reason: 'a subnet outside every space does not matter',
      spaces: ['10.0.0.0/24'],
      taken: ['10.0.1.0/24'],
      requests: [request('a', 24, ['10.0.0.0/24'])],
      placed: { a: '10.0.0.0/24' },
      largestFree: { '10.0.0.0/24': null },
    },
    {
      reason: 'a subnet covering the whole space leaves nothing',
      spaces: ['10.0.0.0/24'],
      taken: ['10.0.0.0/16'],
      requests: [request('a', 28, ['10.0.0.0/24'])],
      placed: {},
      largestFree: { '10.0.0.0/24': null },
    },
  ])('$reason', ({ spaces, taken, requests, placed, largestFree }) => {
    // Act
    const carving = carve(spaces, taken, requests)

    // Assess
    expect(Object.fromEntries(carving.placed)).toEqual(placed)
    expect(Object.fromEntries(carving.largestFree)).toEqual(largestFree)
  })

  it('reports what does not fit, largest first, and still places what does', () => {
    // Prepare: a /27 in each half of the /24 is used; no /25 is free, /27s are.
    const space = '10.0.0.0/24'
    const requests = [
      request('first-small', 27, [space]),
      request('too-large', 24, [space]),
      request('half', 25, [space]),
      request('second-small', 27, [space]),
    ]

    // Act
    const carving = carve([space], ['10.0.0.64/27', '10.0.0.192/27'], requests)

    // Assess
    expect(carving.unplaced.map(({ key }) => key)).toEqual(['too-large', 'half'])
    expect(Object.fromEntries(carving.placed)).toEqual({
      'first-small': '10.0.0.0/27',
      'second-small': '10.0.0.32/27',
    })
    expect(carving.largestFree.get(space)).toBe('10.0.0.128/26')
  })

  it('a request allowed fewer spaces can lose its room to one allowed more (the known limit of first fit)', () => {
    // Prepare: each space holds one /25; the one that may go anywhere prefers the primary and is asked first.
    const requests = [
      request('flexible', 25, ['10.0.0.0/25', '100.64.0.0/25']),
      request('primary-only', 25, ['10.0.0.0/25']),
    ]

    // Act
    const carving = carve(['10.0.0.0/25', '100.64.0.0/25'], [], requests)

    // Assess: a placement of both exists (flexible in 100.64.0.0/25), first fit does not find it.
    expect(carving.placed.get('flexible')).toBe('10.0.0.0/25')
    expect(carving.unplaced.map(({ key }) => key)).toEqual(['primary-only'])
  })

  it('answers the same carving for the same question, whatever the order of existing subnets', () => {
    // Prepare
    const spaces = ['10.0.0.0/20', '100.64.0.0/22']
    const taken = ['10.0.1.0/24', '10.0.4.0/22', '100.64.0.64/26']
    const requests = [
      request('a/nodes', 24, ['10.0.0.0/20']),
      request('b/nodes', 24, ['10.0.0.0/20']),
      request('a/pods', 23, ['100.64.0.0/22', '10.0.0.0/20']),
      request('b/pods', 23, ['100.64.0.0/22', '10.0.0.0/20']),
    ]

    // Act
    const once = carve(spaces, taken, requests)
    const again = carve(spaces, [...taken].reverse(), requests)

    // Assess
    expect(again).toEqual(once)
  })

  it.each([
    [
      'two requests with one key',
      ['10.0.0.0/24'],
      [request('a', 28, ['10.0.0.0/24']), request('a', 27, ['10.0.0.0/24'])],
    ],
    ['a request naming a space that is not given', ['10.0.0.0/24'], [request('a', 28, ['10.0.1.0/24'])]],
    ['a space that is not a CIDR', ['10.0.0.1/24'], [request('a', 28, ['10.0.0.1/24'])]],
    ['a length beyond /32', ['10.0.0.0/24'], [request('a', 33, ['10.0.0.0/24'])]],
  ])('refuses %s', (_reason, spaces, requests) => {
    expect(() => carve(spaces, [], requests)).toThrow(RangeError)
  })
})
