import { Agent, request } from 'node:http'
import { DEMO_VPC_ID } from '../../lib/adapters/demo/demo-vpc.ts'
import { type ReportPageTarget, signedPagePath } from '../../lib/domain/report-link.ts'
import { slackSignature } from '../../lib/domain/slack-signature.ts'
import { withSecurityHeaders } from '../../lib/http/security-headers.ts'
import { LOCAL_REPORT_LINK_KEY, LOCAL_SLACK_SIGNING_SECRET } from '../../scripts/local/start-local.ts'
import { demoNetwork } from './demo-network.ts'
import { FITS_ON_HEALTHY } from './demo-node-groups.ts'

// One request to every HTTP route of serverless.yml, as the local server's concurrency test and the
// local-server bench fire them all at once; and the faults an answer must never show.

export interface RouteRequest {
  /** The route, as serverless.yml names it. */
  route: string
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** The fragmented demo subnet: the one with the most blocks to draw and drain. */
const DEMO_SUBNET = 'subnet-demo-fragmented'

/**
 * A request to each route. The report id is read from the server (its seeded reports are stamped with the
 * day it started); slash commands are signed now, so the list is good for Slack's five-minute window.
 */
export async function everyRouteRequests(baseUrl: string): Promise<RouteRequest[]> {
  const latest = JSON.parse((await send(baseUrl, get('/v1/reports/latest'))).text) as { reportId: string }
  const demo = await demoNetwork()
  const json = (route: string, path: string, body: unknown): RouteRequest => ({
    route,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return [
    get('/v1/instance-types?family=m5&limit=50', '/v1/instance-types'),
    get('/v1/instance-types/m5.large', '/v1/instance-types/{instanceType}'),
    get(
      '/v1/instance-types/m5.large/max-pods?prefixDelegation=true',
      '/v1/instance-types/{instanceType}/max-pods',
    ),
    json('/v1/max-pods', '/v1/max-pods', {
      settings: { prefixDelegation: true },
      requests: [{ instanceType: 'm5.large' }, { nodeGroup: ['m5.24xlarge', 'c5.4xlarge', 't2.medium'] }],
    }),
    json('/v1/ip-usage', '/v1/ip-usage', { instanceType: 'm5.large', pods: 10 }),
    get('/v1/health'),
    get(`/v1/subnets?vpcId=${DEMO_VPC_ID}`, '/v1/subnets'),
    get(`/v1/subnets/${DEMO_SUBNET}`, '/v1/subnets/{subnetId}'),
    get(`/v1/subnets/${DEMO_SUBNET}/map.svg`, '/v1/subnets/{subnetId}/map.svg'),
    json('/v1/subnets/analyze', '/v1/subnets/analyze', {
      subnets: { Subnets: demo.subnets },
      networkInterfaces: { NetworkInterfaces: demo.networkInterfaces },
      cidrReservations: [{ SubnetIpv4CidrReservations: demo.reservations }],
    }),
    json('/v1/plans', '/v1/plans', {
      subnets: { vpcId: DEMO_VPC_ID },
      nodeGroups: [FITS_ON_HEALTHY],
    }),
    json('/v1/sizing', '/v1/sizing', {
      vpc: { vpcId: DEMO_VPC_ID },
      nodeGroups: [
        {
          name: 'general',
          instanceTypes: ['m5.large'],
          desiredNodes: 4,
          maxNodes: 12,
          pods: 20,
          availabilityZones: ['us-east-1a', 'us-east-1b'],
        },
      ],
    }),
    get('/v1/reports?limit=5', '/v1/reports'),
    get('/v1/reports/latest'),
    get(`/v1/reports/${encodeURIComponent(latest.reportId)}`, '/v1/reports/{reportId}'),
    get(`/v1/subnets/${DEMO_SUBNET}/history.svg`, '/v1/subnets/{subnetId}/history.svg'),
    get(signedPage({ reportId: latest.reportId }), '/reports/{reportId}'),
    get(signedPage({ latestOf: 'default' }), '/reports/latest'),
    get('/reports/table.js'),
    get('/docs'),
    get('/docs/redoc.standalone.js'),
    get('/openapi.yaml'),
    slashCommand('max-pods m5.large --cni-prefix-delegation-enabled'),
  ]
}

/** A report page's link as the local server signs them, open for an hour. */
export function signedPage(target: ReportPageTarget): string {
  const expires = Math.floor(Date.now() / 1000) + 3600
  return signedPagePath(LOCAL_REPORT_LINK_KEY, target, expires)
}

function get(path: string, route = path): RouteRequest {
  return { route, method: 'GET', path }
}

/** An inline slash command (no response_url work), signed with the local server's secret. */
function slashCommand(text: string): RouteRequest {
  const body = new URLSearchParams({
    command: '/capacity',
    text,
    // Nothing listens on port 9: an inline answer never posts there.
    response_url: 'http://127.0.0.1:9/slack-response',
    user_id: 'U0LOCAL',
  }).toString()
  const timestamp = String(Math.floor(Date.now() / 1000))
  return {
    route: '/slack/commands',
    method: 'POST',
    path: '/slack/commands',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(LOCAL_SLACK_SIGNING_SECRET, timestamp, body),
    },
    body,
  }
}

/**
 * All the requests at once, each on its own connection: fetch shares a small pool per origin, which would
 * queue them in the client and hide what the server does with a crowd.
 */
export async function sendAtOnce(baseUrl: string, requests: readonly RouteRequest[]): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: false, maxSockets: requests.length })
  try {
    return await Promise.all(requests.map((each) => send(baseUrl, each, agent)))
  } finally {
    agent.destroy()
  }
}

export function send(baseUrl: string, each: RouteRequest, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(each.path, baseUrl),
      { method: each.method, headers: each.headers, ...(agent ? { agent } : {}) },
      (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        incoming.on('error', reject)
      },
    )
    outgoing.on('error', reject)
    outgoing.end(each.body)
  })
}

/** The headers every answer carries, whatever the route (the handlers add them in one place). */
const SECURITY_HEADERS = Object.keys(withSecurityHeaders({ statusCode: 200 }).headers ?? {})

/**
 * What is wrong with an answer whatever the route: a missing security header, or a body that is the
 * runner's error rather than the API's (a Lambda timeout, a crash's stack trace).
 */
export function answerFaults(answer: Answer): string[] {
  const faults = SECURITY_HEADERS.filter((header) => answer.headers[header] === undefined).map(
    (header) => `no ${header} header`,
  )
  for (const marker of ['Lambda timeout', 'errorMessage', 'stackTrace']) {
    if (answer.text.includes(marker)) faults.push(`body contains "${marker}"`)
  }
  return faults
}

/** An answer's faults, and whether it differs from the answer the same request gets alone. */
export function faultsAgainst(alone: Answer, answer: Answer): string[] {
  const faults = answerFaults(answer)
  if (answer.status !== alone.status) faults.push(`status ${answer.status}, alone ${alone.status}`)
  else if (answer.text !== alone.text) faults.push('a body other than the one it gets alone')
  return faults
}
