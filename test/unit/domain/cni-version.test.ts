import { describe, expect, it } from 'vitest'
import { IPV6_SINCE, isAtLeast, PREFIX_DELEGATION_SINCE } from '../../../lib/domain/cni-version.ts'

describe('isAtLeast', () => {
  it.each([
    ['1.8.9', PREFIX_DELEGATION_SINCE, false],
    ['1.9.0', PREFIX_DELEGATION_SINCE, true],
    ['1.10.0', PREFIX_DELEGATION_SINCE, true],
    ['2.0.0', PREFIX_DELEGATION_SINCE, true],
    ['0.99.0', PREFIX_DELEGATION_SINCE, false],
    ['1.9.3-eksbuild.1', PREFIX_DELEGATION_SINCE, true],
    ['1.9.9', IPV6_SINCE, false],
    ['1.10.1', IPV6_SINCE, true],
  ] as const)('%s against %j is %s (minor compared as a number, not text)', (version, line, expected) => {
    expect(isAtLeast(version, line)).toBe(expected)
  })

  it('refuses text that is not a version', () => {
    expect(() => isAtLeast('v1.9.0', PREFIX_DELEGATION_SINCE)).toThrow(RangeError)
  })
})
