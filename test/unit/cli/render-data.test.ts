import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderData } from '../../../cli/render-data.ts'

describe('json and yaml print one value', () => {
  it('yaml holds exactly what json holds: no field json leaves out, dates as json writes them', async () => {
    // Prepare: what a schema's output may carry that JSON drops or rewrites.
    const value = { name: 'm5.large', note: undefined, at: new Date(0), nested: [{ count: 2, none: null }] }
    // Act
    const [json, yaml] = await Promise.all([renderData(value, 'json'), renderData(value, 'yaml')])
    // Assess
    expect(parse(yaml)).toEqual(JSON.parse(json))
    expect(yaml).not.toContain('note')
  })

  it('a string YAML 1.1 or 1.2 would read as a date, a boolean or a number reads back as that string', async () => {
    // Prepare: strings the two YAML versions read differently.
    const value = { refreshedAt: '2026-08-22', answer: 'yes', switch: 'on', octal: '0o12', plain: 'm5.large' }
    // Act
    const yaml = await renderData(value, 'yaml')
    // Assess
    expect(parse(yaml, { version: '1.1' })).toEqual(value)
    expect(parse(yaml, { version: '1.2' })).toEqual(value)
  })

  it('a long string stays on one line in yaml', async () => {
    const reason = 'word '.repeat(40).trim()
    expect(await renderData({ reason }, 'yaml')).toBe(`reason: ${reason}`)
  })
})
