import { execFileSync } from 'node:child_process'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { subnetKey } from '../../../lib/domain/report.ts'
import { type PageObservation, type ReportPageData, reportPage } from '../../../lib/http/report-page.ts'
import { REPORT_TABLE_SCRIPT } from '../../../lib/http/report-table-script.ts'
import type { BlockMapView } from '../../../lib/http/subnet-map-svg.ts'
import type { Report, SubnetReportEntry } from '../../../lib/schemas/report.ts'
import type { BlockCounts, SubnetBlock } from '../../../lib/schemas/subnets.ts'

// The page is read back by an independent HTML parser (Python's html.parser) into a plain tree, so the
// assertions see what a browser's tokenizer sees, not what our own string building meant.

interface HtmlNode {
  tag: string
  attrs: Record<string, string | null>
  children: HtmlNode[]
  text: string
}

const READER = `
import json, sys
from html.parser import HTMLParser
VOID = {'area','base','br','col','embed','hr','img','input','link','meta','source','track','wbr'}
class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = {'tag': '#document', 'attrs': {}, 'children': [], 'text': ''}
        self.stack = [self.root]
        self.doctype = None
    def node(self, tag, attrs):
        n = {'tag': tag, 'attrs': dict(attrs), 'children': [], 'text': ''}
        self.stack[-1]['children'].append(n)
        return n
    def handle_decl(self, decl):
        self.doctype = decl
    def handle_starttag(self, tag, attrs):
        n = self.node(tag, attrs)
        if tag not in VOID:
            self.stack.append(n)
    def handle_startendtag(self, tag, attrs):
        self.node(tag, attrs)
    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]['tag'] == tag:
                del self.stack[i:]
                break
    def handle_data(self, data):
        self.stack[-1]['text'] += data
        self.stack[-1]['children'].append({'tag': '#text', 'attrs': {}, 'children': [], 'text': data})
tree = Tree()
tree.feed(sys.stdin.read())
tree.close()
print(json.dumps({'doctype': tree.doctype, 'root': tree.root}))
`

function parseHtml(html: string): { doctype: string | null; root: HtmlNode } {
  return JSON.parse(execFileSync('python3', ['-c', READER], { input: html, encoding: 'utf8' }))
}

function all(node: HtmlNode, match: (n: HtmlNode) => boolean): HtmlNode[] {
  return [...(match(node) ? [node] : []), ...node.children.flatMap((child) => all(child, match))]
}
const byTag = (tag: string) => (n: HtmlNode) => n.tag === tag
const hasClass = (name: string) => (n: HtmlNode) => (n.attrs.class ?? '').split(/\s+/).includes(name)
const textOf = (node: HtmlNode): string =>
  node.tag === '#text' ? node.text : node.children.map(textOf).join('')

// ---- the report a test page is built from ----

const WINDOW = '2026-12-01T06:00:00.000Z'
const DAY_MS = 86_400_000
const HOSTILE_ERROR = '<script>alert(1)</script>'
const HOSTILE_VPC = 'vpc-"><img src=x onerror=alert(1)>'

/** A /26 is four /28s; its first and last hold the addresses AWS keeps, so they can never be prefixes. */
const SLASH26_BLOCKS: SubnetBlock[] = [
  {
    cidr: '10.0.0.0/28',
    state: 'awsReserved',
    usedIps: 4,
    inPrefixReservation: false,
    inExplicitReservation: false,
  },
  {
    cidr: '10.0.0.16/28',
    state: 'free',
    usedIps: 0,
    inPrefixReservation: false,
    inExplicitReservation: false,
  },
  {
    cidr: '10.0.0.32/28',
    state: 'fragmented',
    usedIps: 3,
    inPrefixReservation: false,
    inExplicitReservation: false,
  },
  {
    cidr: '10.0.0.48/28',
    state: 'awsReserved',
    usedIps: 1,
    inPrefixReservation: false,
    inExplicitReservation: false,
  },
]

/** The counts a block map shows, computed from its block list so the two cannot disagree. */
function blockMapOf(subnetId: string, cidr: string, blockList: SubnetBlock[]): BlockMapView {
  const count = (match: (block: SubnetBlock) => boolean) => blockList.filter(match).length
  const blocks: BlockCounts = {
    total: blockList.length,
    free: count((b) => b.state === 'free'),
    fragmented: count((b) => b.state === 'fragmented'),
    full: count((b) => b.state === 'full'),
    awsReserved: count((b) => b.state === 'awsReserved'),
    prefixAllocated: count((b) => b.state === 'prefixAllocated'),
    inPrefixReservation: count((b) => b.inPrefixReservation),
    inExplicitReservation: count((b) => b.inExplicitReservation),
    assignable: count((b) => b.state === 'free' && !b.inExplicitReservation),
  }
  const candidates = blocks.free + blocks.fragmented + blocks.full
  return {
    subnetId,
    cidr,
    blocks,
    blockList,
    fragmentationScore: candidates ? Math.ceil(((blocks.fragmented + blocks.full) / candidates) * 100) : null,
    largestFreeCidr: blockList.find((b) => b.state === 'free')?.cidr ?? null,
  }
}

function entry(
  subnetId: string,
  overrides: Partial<SubnetReportEntry> & Pick<SubnetReportEntry, 'assignableBlocks' | 'atRisk'>,
): SubnetReportEntry {
  return {
    account: '111122223333',
    region: 'eu-west-1',
    subnetId,
    vpcId: 'vpc-0a1b2c3d',
    cidr: '10.0.0.0/24',
    freeBlocks: overrides.assignableBlocks,
    fragmentedBlocks: 0,
    fragmentationScore: 10,
    freeIps: 200,
    unaccountedAddresses: 0,
    worstOwners: [],
    trend: { assignableChange: null, blocksPerDay: null, daysToExhaustion: null },
    ...overrides,
  }
}

const AT_RISK = entry('subnet-0risky', {
  cidr: '10.0.0.0/26',
  assignableBlocks: 1,
  fragmentationScore: 50,
  freeIps: 40,
  atRisk: true,
  trend: { assignableChange: -1, blocksPerDay: 0.5, daysToExhaustion: 2 },
})
const CALM = [
  entry('subnet-0calm', { assignableBlocks: 12, atRisk: false, vpcId: HOSTILE_VPC }),
  entry('subnet-0roomy', { assignableBlocks: 14, fragmentationScore: null, atRisk: false }),
]

function pageData(subnets: SubnetReportEntry[], keepBlockMap = true, complete = false): ReportPageData {
  const report: Report = {
    reportId: `nightly@${WINDOW}`,
    scope: 'nightly',
    window: WINDOW,
    complete,
    targets: [
      {
        account: '111122223333',
        region: 'eu-west-1',
        status: 'ok',
        error: null,
        scannedAt: WINDOW,
        subnets: subnets.length,
      },
      {
        account: '444455556666',
        region: 'us-east-1',
        status: 'failed',
        error: HOSTILE_ERROR,
        scannedAt: WINDOW,
        subnets: 0,
      },
    ],
    subnets,
    subnetsAtRisk: subnets.filter((s) => s.atRisk).length,
  }
  const atRisk = subnets.filter((s) => s.atRisk)
  const histories = new Map<string, PageObservation[]>(
    atRisk.map((s) => [
      subnetKey(s),
      [3, 2, s.assignableBlocks].map((assignableBlocks, index, list) => ({
        at: new Date(Date.parse(WINDOW) - (list.length - 1 - index) * DAY_MS).toISOString(),
        assignableBlocks,
        freeIps: s.freeIps,
        fragmentationScore: s.fragmentationScore,
      })),
    ]),
  )
  const blockMaps = new Map(
    keepBlockMap
      ? atRisk.map((s) => [subnetKey(s), blockMapOf(s.subnetId, s.cidr, SLASH26_BLOCKS)] as const)
      : [],
  )
  return {
    report,
    thresholds: { assignableBelow: 4, scoreAbove: 80 },
    expectedTargets: 3,
    histories,
    blockMaps,
    historyDays: 30,
  }
}

const render = (data: ReportPageData) => reportPage(data, { tableScript: 'table.js' })

describe('reportPage', () => {
  it('is one self-contained HTML5 document that runs only its one deferred script', () => {
    // Prepare
    const html = render(pageData([AT_RISK, ...CALM]))

    // Act
    const { doctype, root } = parseHtml(html)

    // Assess
    expect(doctype?.toLowerCase()).toBe('doctype html')
    expect(all(root, byTag('html'))[0]?.attrs.lang).toBe('en')
    const metas = all(root, byTag('meta'))
    expect(metas.some((m) => m.attrs.charset === 'utf-8')).toBe(true)
    expect(metas.find((m) => m.attrs.name === 'viewport')?.attrs.content).toBe(
      'width=device-width, initial-scale=1',
    )
    expect(textOf(all(root, byTag('title'))[0] as HtmlNode)).toContain('nightly')
    expect(all(root, byTag('style'))).toHaveLength(1)
    const scripts = all(root, byTag('script'))
    expect(
      scripts.map((s) => ({ src: s.attrs.src, defer: 'defer' in s.attrs, body: textOf(s).trim() })),
    ).toEqual([{ src: 'table.js', defer: true, body: '' }])
    const attributes = all(root, () => true).flatMap((n) => Object.entries(n.attrs))
    expect(attributes.filter(([name]) => name.startsWith('on'))).toEqual([])
    expect(attributes.filter(([, value]) => /^\s*javascript:/i.test(value ?? ''))).toEqual([])
    expect(
      attributes.filter(([name, value]) => ['src', 'href'].includes(name) && /https?:/i.test(value ?? '')),
    ).toEqual([])
    expect(all(root, (n) => ['img', 'iframe', 'object', 'embed'].includes(n.tag))).toEqual([])
    // The one link is the empty icon, so a browser does not ask for /favicon.ico (a 404 in the console).
    expect(all(root, (n) => n.tag === 'link').map((n) => n.attrs)).toEqual([{ rel: 'icon', href: 'data:,' }])
    // The SVG namespace is a name, not a fetch; no other address appears anywhere.
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//)
    expect(textOf(all(root, hasClass('table-scroll'))[0] as HtmlNode)).not.toBe('')
    expect(html).toMatch(/svg\s*\{[^}]*max-width:\s*100%[^}]*height:\s*auto/)
  })

  it('shows the header facts: scope, window in UTC, report id, counts and the thresholds', () => {
    // Prepare
    const data = pageData([AT_RISK, ...CALM])

    // Act
    const header = all(parseHtml(render(data)).root, byTag('header'))[0] as HtmlNode

    // Assess
    const text = textOf(header)
    expect(text).toContain('2026-12-01 06:00 UTC')
    expect(text).toContain(data.report.reportId)
    expect(textOf(all(header, (n) => n.attrs['data-count'] === 'subnets')[0] as HtmlNode)).toBe('3')
    expect(textOf(all(header, (n) => n.attrs['data-count'] === 'at-risk')[0] as HtmlNode)).toBe('1')
    expect(textOf(all(header, (n) => n.attrs['data-count'] === 'targets')[0] as HtmlNode)).toMatch(
      new RegExp(`^2 of ${data.expectedTargets} answered`),
    )
    expect(text).toContain(`fewer than ${data.thresholds.assignableBelow} assignable`)
    expect(text).toContain(`above ${data.thresholds.scoreAbove}`)
  })

  it.each([
    ['an incomplete report says how many targets have not answered', false, 1],
    ['a complete report has no notice', true, null],
  ])('%s', (_why, complete, missing) => {
    // Prepare
    const data = pageData([AT_RISK, ...CALM], true, complete)

    // Act
    const notices = all(parseHtml(render(data)).root, (n) => n.attrs['data-report-complete'] === 'false')

    // Assess
    if (missing === null) return expect(notices).toEqual([])
    expect(notices).toHaveLength(1)
    expect(notices[0]?.attrs['data-missing-targets']).toBe(String(missing))
    expect(textOf(notices[0] as HtmlNode)).toContain(`${missing} of ${data.expectedTargets} targets`)
  })

  it('lists the failed target with its error as text, never as markup', () => {
    // Prepare
    const html = render(pageData([AT_RISK, ...CALM]))

    // Act
    const { root } = parseHtml(html)

    // Assess
    const failed = all(root, (n) => n.attrs['data-target-status'] === 'failed')
    expect(failed).toHaveLength(1)
    expect(textOf(failed[0] as HtmlNode)).toContain('444455556666/us-east-1')
    expect(textOf(failed[0] as HtmlNode)).toContain(HOSTILE_ERROR)
    expect(html).not.toContain(HOSTILE_ERROR)
    expect(all(root, hasClass('failed-targets'))[0]?.tag).toBe('section')
  })

  it('gives each subnet at risk a section with its facts, its sparkline and its block map', () => {
    // Prepare
    const data = pageData([AT_RISK, ...CALM])

    // Act
    const sections = all(parseHtml(render(data)).root, (n) => n.tag === 'section' && hasClass('at-risk')(n))

    // Assess
    expect(sections.map((s) => s.attrs['data-subnet-id'])).toEqual([AT_RISK.subnetId])
    const section = sections[0] as HtmlNode
    const text = textOf(section)
    for (const fact of [
      AT_RISK.cidr,
      AT_RISK.vpcId,
      `${AT_RISK.account}/${AT_RISK.region}`,
      '~2 days to exhaustion',
      '-1',
    ])
      expect(text).toContain(fact)
    const svgs = all(section, byTag('svg'))
    const sparkline = svgs.find(hasClass('sparkline'))
    expect(all(sparkline as HtmlNode, (n) => 'data-series-point' in n.attrs)).toHaveLength(
      data.histories.get(subnetKey(AT_RISK))?.length ?? -1,
    )
    expect(all(sparkline as HtmlNode, (n) => n.attrs['data-series'] === 'exhaustion')).toHaveLength(1)
    const blockMap = svgs.find((svg) => !hasClass('sparkline')(svg))
    expect(
      all(blockMap as HtmlNode, byTag('rect')).filter((r) => r.children.some(byTag('title'))),
    ).toHaveLength(SLASH26_BLOCKS.length)
  })

  it.each([
    ['no subnet at risk: one clear line instead of sections', [...CALM], true, 'none-at-risk'],
    [
      'an at-risk subnet whose block map was not kept: a note instead of the map',
      [AT_RISK, ...CALM],
      false,
      'no-block-map',
    ],
  ])('%s', (_why, subnets, keepBlockMap, marker) => {
    // Prepare
    const data = pageData(subnets, keepBlockMap)

    // Act
    const { root } = parseHtml(render(data))

    // Assess
    expect(all(root, hasClass(marker))).toHaveLength(1)
    const sections = all(root, (n) => n.tag === 'section' && hasClass('at-risk')(n))
    expect(sections).toHaveLength(subnets.filter((s) => s.atRisk).length)
    for (const section of sections)
      expect(all(section, byTag('svg')).map((s) => s.attrs.class)).toEqual(['sparkline'])
  })

  it('puts every subnet in the sortable table, in report order, with a data-value per cell', () => {
    // Prepare
    const data = pageData([AT_RISK, ...CALM])

    // Act
    const table = all(
      parseHtml(render(data)).root,
      (n) => n.tag === 'table' && n.attrs.id === 'subnets',
    )[0] as HtmlNode

    // Assess
    const keys = all(table, byTag('button')).map((b) => [b.attrs.type, b.attrs['data-sort']])
    expect(keys).toEqual(
      [
        'subnet',
        'account',
        'region',
        'vpc',
        'cidr',
        'assignable',
        'score',
        'free-ips',
        'change',
        'blocks-per-day',
        'days-to-exhaustion',
        'at-risk',
      ].map((key) => ['button', key]),
    )
    const rows = all(all(table, byTag('tbody'))[0] as HtmlNode, byTag('tr'))
    expect(rows.map((r) => r.attrs['data-subnet-id'])).toEqual(data.report.subnets.map((s) => s.subnetId))
    for (const [index, row] of rows.entries()) {
      const subnet = data.report.subnets[index] as SubnetReportEntry
      const values = all(row, byTag('td')).map((td) => td.attrs['data-value'])
      expect(values).toEqual([
        subnet.subnetId,
        subnet.account,
        subnet.region,
        subnet.vpcId,
        String(addressOrder(subnet.cidr)),
        String(subnet.assignableBlocks),
        subnet.fragmentationScore === null ? '' : String(subnet.fragmentationScore),
        String(subnet.freeIps),
        subnet.trend.assignableChange === null ? '' : String(subnet.trend.assignableChange),
        subnet.trend.blocksPerDay === null ? '' : String(subnet.trend.blocksPerDay),
        subnet.trend.daysToExhaustion === null ? '' : String(subnet.trend.daysToExhaustion),
        subnet.atRisk ? '1' : '0',
      ])
      // The marker is a word, not a colour alone.
      expect(textOf(all(row, byTag('td')).at(-1) as HtmlNode)).toBe(subnet.atRisk ? 'at risk' : 'ok')
    }
  })
})

/** A CIDR's address as a number, then its prefix length as hundredths: 10.20.4.0/24 before 10.20.37.0/24. */
function addressOrder(cidr: string): number {
  const [address = '', length = ''] = cidr.split('/')
  const octets = address.split('.').map(Number)
  return octets.reduce((sum, octet) => sum * 256 + octet, 0) + Number(length) / 100
}

describe('the CIDR column', () => {
  it('sorts by address, not as text', () => {
    expect(addressOrder('10.20.4.0/24')).toBeLessThan(addressOrder('10.20.37.0/24'))
  })
})

// ---- the table script, run in node:vm against a hand-made DOM ----

class StubElement {
  readonly attributes = new Map<string, string>()
  readonly children: StubElement[] = []
  parent: StubElement | null = null
  readonly listeners = new Map<string, (() => void)[]>()
  constructor(readonly tagName: string) {}
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, String(value))
  }
  removeAttribute(name: string) {
    this.attributes.delete(name)
  }
  get dataset() {
    return Object.fromEntries(
      [...this.attributes].filter(([k]) => k.startsWith('data-')).map(([k, v]) => [k.slice(5), v]),
    )
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  click() {
    for (const listener of this.listeners.get('click') ?? []) listener()
  }
  appendChild(child: StubElement) {
    if (child.parent) child.parent.children.splice(child.parent.children.indexOf(child), 1)
    child.parent = this
    this.children.push(child)
    return child
  }
  get rows() {
    return this.children.filter((c) => c.tagName === 'tr')
  }
  get cells() {
    return this.children.filter((c) => c.tagName === 'td' || c.tagName === 'th')
  }
  get tBodies() {
    return this.children.filter((c) => c.tagName === 'tbody')
  }
  descendants(): StubElement[] {
    return this.children.flatMap((c) => [c, ...c.descendants()])
  }
  /** Just the selectors the script uses: `tag`, `tag#id`, `tag[attr]`, and the descendant space. */
  querySelectorAll(selector: string): StubElement[] {
    const parts = selector.trim().split(/\s+/)
    let scope: StubElement[] = [this]
    for (const part of parts) {
      const [, tag, id, attr] = /^([a-z]+)(?:#([\w-]+))?(?:\[([\w-]+)\])?$/.exec(part) ?? []
      if (!tag) throw new Error(`stub does not understand ${part}`)
      scope = [...new Set(scope.flatMap((s) => s.descendants()))].filter(
        (e) =>
          e.tagName === tag &&
          (id === undefined || e.getAttribute('id') === id) &&
          (attr === undefined || e.attributes.has(attr)),
      )
    }
    return scope
  }
  querySelector(selector: string) {
    return this.querySelectorAll(selector)[0] ?? null
  }
}

function element(tag: string, attributes: Record<string, string> = {}, children: StubElement[] = []) {
  const node = new StubElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  for (const child of children) node.appendChild(child)
  return node
}

/** A table#subnets with an id column and one value column, rows in the order given. */
function stubTable(values: readonly string[]) {
  const headings = ['id', 'value'].map((key) =>
    element('th', {}, [element('button', { type: 'button', 'data-sort': key })]),
  )
  const rows = values.map((value, index) =>
    element('tr', {}, [
      element('td', { 'data-value': `row-${index}` }),
      element('td', { 'data-value': value }),
    ]),
  )
  const table = element('table', { id: 'subnets' }, [
    element('thead', {}, [element('tr', {}, headings)]),
    element('tbody', {}, rows),
  ])
  return { root: element('body', {}, [table]), table, headings }
}

function runScript(root: StubElement, readyState = 'complete') {
  const document = {
    readyState,
    listeners: new Map<string, () => void>(),
    querySelector: (selector: string) => root.querySelector(selector),
    querySelectorAll: (selector: string) => root.querySelectorAll(selector),
    addEventListener(type: string, listener: () => void) {
      this.listeners.set(type, listener)
    },
  }
  runInNewContext(REPORT_TABLE_SCRIPT, { document })
  return document
}

const orderOf = (table: StubElement) =>
  table.tBodies[0]?.rows.map((r) => r.cells[0]?.getAttribute('data-value'))
const buttonOf = (heading: StubElement | undefined) =>
  heading?.querySelector('button[data-sort]') as StubElement

/** The order the rules give: values, ascending or descending, equal ones in row order, empty ones last. */
function expectedOrder(values: readonly string[], direction: 1 | -1) {
  const rows = values.map((value, index) => ({ id: `row-${index}`, value }))
  const numeric = rows.every((r) => r.value === '' || Number.isFinite(Number(r.value)))
  const filled = rows
    .filter((r) => r.value !== '')
    .sort(
      (a, b) => direction * (numeric ? Number(a.value) - Number(b.value) : a.value.localeCompare(b.value)),
    )
  return [...filled, ...rows.filter((r) => r.value === '')].map((r) => r.id)
}

describe('REPORT_TABLE_SCRIPT', () => {
  it.each([
    ['numbers sort as numbers, not as text (2 before 10)', ['10', '2', '33', '2.5', '-1']],
    ['empty values stay last in both directions', ['4', '', '1', '', '3']],
    ['equal values keep their order (stable)', ['5', '1', '5', '1', '5']],
    ['text sorts by localeCompare', ['subnet-b', 'subnet-a', '', 'subnet-c']],
  ])('%s', (_why, values) => {
    // Prepare
    const { root, table, headings } = stubTable(values)
    runScript(root)

    // Act
    buttonOf(headings[1]).click()
    const ascending = orderOf(table)
    buttonOf(headings[1]).click()
    const descending = orderOf(table)

    // Assess
    expect(ascending).toEqual(expectedOrder(values, 1))
    expect(descending).toEqual(expectedOrder(values, -1))
  })

  it('moves aria-sort to the sorted column and says its direction', () => {
    // Prepare
    const { root, headings } = stubTable(['2', '1'])
    runScript(root)
    const [id, value] = headings as [StubElement, StubElement]

    // Act & Assess
    buttonOf(value).click()
    expect([id.getAttribute('aria-sort'), value.getAttribute('aria-sort')]).toEqual([null, 'ascending'])
    buttonOf(value).click()
    expect([id.getAttribute('aria-sort'), value.getAttribute('aria-sort')]).toEqual([null, 'descending'])
    buttonOf(id).click()
    expect([id.getAttribute('aria-sort'), value.getAttribute('aria-sort')]).toEqual(['ascending', null])
  })

  it.each([
    ['a page without the table', 'complete'],
    ['a page without the table, still loading', 'loading'],
  ])('does not throw on %s', (_why, readyState) => {
    // Prepare
    const root = element('body', {}, [element('p')])

    // Act & Assess
    const document = runScript(root, readyState)
    expect(() => document.listeners.get('DOMContentLoaded')?.()).not.toThrow()
  })

  it('waits for DOMContentLoaded when the document is still loading', () => {
    // Prepare
    const { root, table, headings } = stubTable(['3', '1', '2'])
    const document = runScript(root, 'loading')

    // Act
    buttonOf(headings[1]).click()
    const beforeLoaded = orderOf(table)
    document.listeners.get('DOMContentLoaded')?.()
    buttonOf(headings[1]).click()

    // Assess
    expect(beforeLoaded).toEqual(['row-0', 'row-1', 'row-2'])
    expect(orderOf(table)).toEqual(expectedOrder(['3', '1', '2'], 1))
  })

  it('sorts the page’s own table: rows by assignable blocks, the at-risk one first', () => {
    // Prepare: the rendered page, parsed, rebuilt as stub elements.
    const data = pageData([...CALM].reverse().concat(AT_RISK))
    const { root } = parseHtml(render(data))
    const toStub = (node: HtmlNode): StubElement =>
      element(
        node.tag,
        Object.fromEntries(Object.entries(node.attrs).map(([k, v]) => [k, v ?? ''])),
        node.children.filter((c) => c.tag !== '#text').map(toStub),
      )
    const page = toStub(root)
    runScript(page)
    const table = page.querySelector('table#subnets') as StubElement
    const assignable = page
      .querySelectorAll('button[data-sort]')
      .find((b) => b.getAttribute('data-sort') === 'assignable')

    // Act
    assignable?.click()

    // Assess
    const expected = [...data.report.subnets].sort((a, b) => a.assignableBlocks - b.assignableBlocks)
    expect(table.tBodies[0]?.rows.map((r) => r.getAttribute('data-subnet-id'))).toEqual(
      expected.map((s) => s.subnetId),
    )
  })
})
