import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CLUSTER } from '../../lib/adapters/demo/demo-vpc.ts'
import type { EmitFormat } from '../../lib/schemas/emit-formats.ts'
import type { PlanResult } from '../../lib/schemas/plan.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { apiClient } from '../support/api-client.ts'
import { groupKey, readSnippet } from '../support/emitted-snippets.ts'
import { freePort } from '../support/free-port.ts'

// `emit` and cluster plans over real HTTP: `npm start`'s own runner, whose subnets and cluster are the demo
// VPC's; every answer is checked against the committed openapi.yaml by the client.

let service: LocalService

const call = apiClient(() => service.url)

beforeAll(async () => {
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
}, 180_000)
afterAll(async () => {
  await service?.stop()
})

interface Configuration {
  format: EmitFormat
  files: { name: string; nodeGroup: string | null; content: string }[]
  sources: string[]
}

/** The one file of a configuration, read back by its format's parser. */
async function readOnlyFile(configuration: Configuration) {
  expect(configuration.files).toHaveLength(1)
  return readSnippet(configuration.format, configuration.files[0]?.content ?? '')
}

/** The field paths a problem names. */
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field)

describe('GET /v1/instance-types/{type}/max-pods?emit=', () => {
  it('karpenter: an EC2NodeClass whose kubelet.maxPods is the answer (110 with prefix delegation)', async () => {
    // Act
    const reply = await call(
      'GET',
      '/v1/instance-types/m5.large/max-pods?prefixDelegation=true&emit=karpenter',
    )

    // Assess
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ instanceType: 'm5.large', maxPods: 110 })
    const configuration = reply.body.configuration as Configuration
    expect(configuration.format).toBe('karpenter')
    expect(configuration.sources.length).toBeGreaterThan(0)
    expect((await readOnlyFile(configuration)).maxPods).toEqual({
      [groupKey('m5.large')]: reply.body.maxPods,
    })
  })

  it('without emit, no configuration', async () => {
    const reply = await call('GET', '/v1/instance-types/m5.large/max-pods?prefixDelegation=true')
    expect(reply.body.configuration).toBeUndefined()
  })

  it('an unknown format is a 400 problem naming emit', async () => {
    const reply = await call('GET', '/v1/instance-types/m5.large/max-pods?emit=bogus')
    expect(reply.status).toBe(400)
    expect(reply.contentType).toBe('application/problem+json')
    expect(fieldsOf(reply.body)).toEqual(['emit'])
  })
})

describe('POST /v1/ip-usage with emit', () => {
  const node = { instanceType: 'm5.large', pods: 20, warmIpTarget: 5 }

  it.each([
    ['nodeadm', 'the kubelet max pods the answer used'],
    ['eksctl', 'the kubelet max pods and the warm target on the add-on'],
  ] as const)('%s: %s', async (format, _what) => {
    // Act
    const reply = await call('POST', '/v1/ip-usage', { ...node, emit: format })

    // Assess
    expect(reply.status).toBe(200)
    const read = await readOnlyFile(reply.body.configuration as Configuration)
    expect(read.maxPods).toEqual({ [groupKey('m5.large')]: reply.body.kubeletMaxPods })
    if (format === 'eksctl') expect(read.env).toEqual({ WARM_IP_TARGET: String(node.warmIpTarget) })
  })

  it('an unknown format is a 400 problem naming emit', async () => {
    const reply = await call('POST', '/v1/ip-usage', { ...node, emit: 'helm' })
    expect(reply.status).toBe(400)
    expect(fieldsOf(reply.body)).toEqual(['emit'])
  })
})

describe('POST /v1/plans of a cluster', () => {
  it('{"cluster":"demo","emit":"eksctl"}: the plan, the cluster, and a ClusterConfig with each group’s max pods', async () => {
    // Act
    const reply = await call('POST', '/v1/plans', { cluster: DEMO_CLUSTER, emit: 'eksctl' })

    // Assess
    expect(reply.status).toBe(200)
    const plan = reply.body as PlanResult & { configuration: Configuration }
    expect(plan.cluster).toMatchObject({ name: DEMO_CLUSTER, vpcId: 'vpc-demo' })
    expect(plan.cluster?.sources.length).toBeGreaterThan(0)
    expect(plan.configuration.format).toBe('eksctl')
    const read = await readOnlyFile(plan.configuration)
    expect(read.maxPods).toEqual(
      Object.fromEntries(plan.nodeGroups.map((group) => [groupKey(group.name), group.kubeletMaxPods])),
    )
  })

  it('an unknown cluster is a 404 unknown-cluster problem naming cluster', async () => {
    const reply = await call('POST', '/v1/plans', { cluster: 'nope' })
    expect(reply.status).toBe(404)
    expect(reply.contentType).toBe('application/problem+json')
    expect(reply.body.type).toBe('urn:eks-ip-capacity:problem:unknown-cluster')
    expect(fieldsOf(reply.body)).toEqual(['cluster'])
    expect(reply.body.detail).toMatch(/nope/)
  })

  it.each([
    [
      'subnets beside a cluster: the cluster’s VPC is read',
      { cluster: DEMO_CLUSTER, subnets: { vpcId: 'vpc-demo' } },
      'subnets',
    ],
    ['awsNode without a cluster', { awsNode: {}, subnets: { vpcId: 'vpc-demo' }, nodeGroups: [] }, 'awsNode'],
    ['pods without a cluster', { pods: 20, subnets: { vpcId: 'vpc-demo' }, nodeGroups: [] }, 'pods'],
    ['an unknown emit format', { cluster: DEMO_CLUSTER, emit: 'cloudformation' }, 'emit'],
  ])('%s is a 400 problem naming %s', async (_why, body, field) => {
    const reply = await call('POST', '/v1/plans', body)
    expect(reply.status).toBe(400)
    expect(reply.contentType).toBe('application/problem+json')
    expect(fieldsOf(reply.body)).toContain(field)
  })

  it('{"awsNode": {}} alone names awsNode, not a server error', async () => {
    const reply = await call('POST', '/v1/plans', { awsNode: {} })
    expect(reply.status).toBe(400)
    expect(fieldsOf(reply.body)).toContain('awsNode')
  })
})
