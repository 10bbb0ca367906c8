import { describe, expect, it } from 'vitest'
import { closestNames, editDistance, nearestNames } from '../../../lib/domain/closest-names.ts'

const KNOWN = ['m5.large', 'm5.xlarge', 'm5.2xlarge', 'c5.large', 'm6i.large', 't3.micro']

describe('closestNames', () => {
  it.each([
    ['a transposition', 'm5.lagre', 'm5.large'],
    ['a missing letter', 'm5.lage', 'm5.large'],
    ['a wrong size of a known family', 'm5.huge', 'm5.large'],
    ['a wrong generation', 'm6.large', 'm5.large'],
  ])('suggests the right name for %s', (_why, wanted, expected) => {
    expect(closestNames(wanted, KNOWN)[0]).toBe(expected)
  })

  it('suggests nothing for a name far from everything', () => {
    expect(closestNames('quantum.computer', KNOWN)).toEqual([])
  })

  it('gives at most the asked number', () => {
    expect(closestNames('m5.huge', KNOWN, 2)).toHaveLength(2)
  })
})

describe('nearestNames', () => {
  it.each([
    [
      'only the nearest of several close flags',
      '--warm-ip-targt',
      ['--warm-ip-target', '--warm-eni-target'],
      ['--warm-ip-target'],
    ],
    ['every name as near as the nearest', 'ipv5', ['ipv4', 'ipv6'], ['ipv4', 'ipv6']],
    ['a name whatever its case', 'al2', ['AL2', 'AL2023', 'Custom'], ['AL2']],
    ['nothing when nothing is close', 'powershell', ['bash', 'zsh', 'fish'], []],
  ])('gives %s', (_why, wanted, known, expected) => {
    expect(nearestNames(wanted, known)).toEqual(expected)
  })
})

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
    expect(editDistance(b, a)).toBe(distance)
  })
})
