import { describe, expect, it } from 'vitest'
import { formatIpv4, parseCidr, parseIpv4 } from '../../../lib/domain/ipv4.ts'

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.1.5', 167_772_421],
    ['255.255.255.255', 4_294_967_295],
    ['192.168.0.10', 3_232_235_530],
  ])('%s is %i, and formats back', (text, value) => {
    expect(parseIpv4(text)).toBe(value)
    expect(formatIpv4(value)).toBe(text)
  })

  it.each([
    '',
    '10.0.0',
    '10.0.0.0.0',
    '256.0.0.1',
    '10.0.0.01',
    '10..0.1',
    '10.0.0.1 ',
    'a.b.c.d',
    '1.2.3.-4',
    '10.0.0.',
  ])('refuses %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined()
  })

  it('agrees with a split-and-parse reading on every octet value', () => {
    for (let octet = 0; octet < 256; octet++) {
      const text = `${octet}.${255 - octet}.${octet}.${octet % 7}`
      const expected = text.split('.').reduce((value, part) => value * 256 + Number(part), 0)
      expect(parseIpv4(text)).toBe(expected)
    }
  })
})

describe('parseCidr', () => {
  it('reads a network and its size', () => {
    expect(parseCidr('10.20.0.0/20')).toEqual({ network: 169_082_880, prefixLength: 20, size: 4096 })
  })

  it.each(['10.0.0.1/24', '10.0.0.0/33', '10.0.0.0', '10.0.0.0/2x', '10.0.0.0/24/1'])(
    'refuses %s',
    (text) => {
      expect(parseCidr(text)).toBeUndefined()
    },
  )
})
