import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { apiClient } from '../support/api-client.ts'
import { freePort } from '../support/free-port.ts'

// The trend chart as a wiki embeds it: `npm start`'s runner, whose two seeded reports (a day apart) are
// the history, real HTTP, every answer checked against openapi.yaml.

let service: LocalService

const call = apiClient(() => service.url)

beforeAll(async () => {
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
})

/** Per series, the report windows of its points, read by Python's XML parser rather than ours. */
function seriesWindows(svg: string): Record<string, string[]> {
  const reader = `
import json, sys
import xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.fromstring(sys.stdin.read())
print(json.dumps({g.get('data-series'): [c.get('data-at') for c in g.iter(NS + 'circle')] for g in root.iter(NS + 'g')}))
`
  return JSON.parse(execFileSync('python3', ['-c', reader], { input: svg, encoding: 'utf8' }))
}

describe('GET /v1/subnets/{subnetId}/history.svg', () => {
  it('draws the fragmented demo subnet from both seeded reports, oldest first', async () => {
    // Prepare
    const listed = await call('GET', '/v1/reports?limit=10')
    const windows = listed.body.items.map((item: { window: string }) => item.window).reverse()

    // Act
    const reply = await call('GET', '/v1/subnets/subnet-demo-fragmented/history.svg')

    // Assess
    expect(reply.status).toBe(200)
    expect(reply.contentType).toBe('image/svg+xml')
    expect(windows).toHaveLength(2)
    expect(seriesWindows(reply.text)).toEqual({
      'assignable-blocks': windows,
      'free-ips': windows,
      'fragmentation-score': windows,
    })
  })

  it('narrowed to the account and region the reports name, draws the same subnet', async () => {
    // Prepare
    const latest = await call('GET', '/v1/reports/latest')
    const entry = latest.body.subnets.find(
      (subnet: { subnetId: string }) => subnet.subnetId === 'subnet-demo-fragmented',
    )

    // Act
    const reply = await call(
      'GET',
      `/v1/subnets/subnet-demo-fragmented/history.svg?days=2&account=${entry.account}&region=${entry.region}`,
    )

    // Assess
    expect(reply.status).toBe(200)
    expect(seriesWindows(reply.text)['assignable-blocks']).toHaveLength(2)
  })

  it.each([
    ['a subnet no report has', '/v1/subnets/subnet-nope/history.svg', 404, 'subnetId'],
    [
      'a region no report has',
      '/v1/subnets/subnet-demo-fragmented/history.svg?region=eu-west-3',
      404,
      'subnetId',
    ],
    ['days of zero', '/v1/subnets/subnet-demo-fragmented/history.svg?days=0', 400, 'days'],
    ['days past the limit', '/v1/subnets/subnet-demo-fragmented/history.svg?days=91', 400, 'days'],
    ['days that are not a number', '/v1/subnets/subnet-demo-fragmented/history.svg?days=week', 400, 'days'],
    ['a malformed account', '/v1/subnets/subnet-demo-fragmented/history.svg?account=12', 400, 'account'],
    ['a malformed subnet id', '/v1/subnets/sub-1/history.svg', 400, 'subnetId'],
  ])('%s is a problem naming the field', async (_why, path, status, field) => {
    // Act
    const reply = await call('GET', path)

    // Assess
    expect(reply.status).toBe(status)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.errors.map((error: { field: string }) => error.field)).toContain(field)
  })
})
