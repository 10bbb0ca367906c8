import { describe, expect, it } from 'vitest'
import {
  BLOCK_MAP_PAGE_BYTES,
  MAX_AT_RISK_SECTIONS,
  MAX_TABLE_ROWS,
  reportPage,
} from '../../../lib/http/report-page.ts'
import { fleet } from '../../builders/report-fleet.ts'

// A page is one Lambda answer (at most 6 MB) that people open on phones: a large scope must still give a
// page, with the parts left out said to be left out.

const LAMBDA_ANSWER_LIMIT = 6 * 1024 * 1024

const count = (html: string, text: string) => html.split(text).length - 1

describe('a report page’s size', () => {
  it.each([
    ['5,000 /16 subnets, 200 at risk, 60 reports of history', 5000, 200, 16, 60],
    ['1,000 /20 subnets, 1,000 at risk', 1000, 1000, 20, 60],
    ['200 /24 subnets, 20 at risk, one report', 200, 20, 24, 1],
  ])('stays within one Lambda answer: %s', (_why, subnets, atRisk, prefix, reports) => {
    const html = reportPage(fleet(subnets, atRisk, prefix, reports), { tableScript: 'table.js' })
    // The limit is on the function's whole answer: the page as a JSON string with its headers.
    const answer = JSON.stringify({ statusCode: 200, headers: { 'content-type': 'text/html' }, body: html })
    expect(Buffer.byteLength(answer)).toBeLessThan(LAMBDA_ANSWER_LIMIT)
  })

  it('draws the worst at-risk subnets in full and says how many more the table holds', () => {
    const html = reportPage(fleet(300, 120, 24, 4), { tableScript: 'table.js' })
    expect(count(html, '<section class="at-risk"')).toBe(MAX_AT_RISK_SECTIONS)
    expect(html).toContain(`data-more-at-risk="${120 - MAX_AT_RISK_SECTIONS}"`)
    expect(count(html, '<tr class="risk"')).toBe(120)
    // The table links only to the sections there are.
    expect(count(html, '<a href="#at-risk-')).toBe(MAX_AT_RISK_SECTIONS)
  })

  it('draws block maps until their share of the page is spent, and says so for the rest', () => {
    // A /16's map is several hundred KB: only a few fit the share.
    const html = reportPage(fleet(10, 10, 16, 4), { tableScript: 'table.js' })
    const drawn = count(html, '<figure class="block-map">')
    expect(drawn).toBeGreaterThan(0)
    expect(drawn).toBeLessThan(10)
    expect(count(html, 'Block map left out')).toBe(10 - drawn)
    const maps = html
      .split('<figure class="block-map">')
      .slice(1)
      .map((part) => part.split('</figure>')[0] ?? '')
    expect(maps.reduce((sum, map) => sum + map.length, 0)).toBeLessThanOrEqual(BLOCK_MAP_PAGE_BYTES)
  })

  it('lists at most the table’s rows, and says where the rest are', () => {
    const html = reportPage(fleet(MAX_TABLE_ROWS + 5, 0, 24, 1), { tableScript: 'table.js' })
    expect(count(html, '<tr data-subnet-id=')).toBe(MAX_TABLE_ROWS)
    expect(html).toContain('data-more-subnets="5"')
  })
})
