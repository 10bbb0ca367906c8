import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../lib/errors.ts'
import { parseReportScope } from '../../../lib/report-scope-setting.ts'

describe('REPORT_SCOPE', () => {
  it('unset or blank: this account, the home region', () => {
    for (const text of [undefined, '', '  ']) {
      expect(parseReportScope(text, 'eu-west-1').regions).toEqual(['eu-west-1'])
    }
  })

  it('set: taken as written', () => {
    const scope = parseReportScope(
      JSON.stringify({ name: 'fleet', regions: ['us-east-1', 'eu-west-1'] }),
      'x',
    )
    expect(scope).toMatchObject({ name: 'fleet', regions: ['us-east-1', 'eu-west-1'] })
  })

  it.each([
    ['not JSON', '{regions', 'REPORT_SCOPE'],
    ['an array instead of an object', '[]', 'REPORT_SCOPE'],
    ['a region that is not a string', JSON.stringify({ regions: [1] }), 'REPORT_SCOPE.regions[0]'],
  ])('%s: an error naming the field', (_why, text, field) => {
    let caught: unknown
    try {
      parseReportScope(text, 'us-east-1')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidInputError)
    expect((caught as InvalidInputError).issues.map((issue) => issue.field)).toContain(field)
  })
})
