import { beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { renderEmitted } from '../../cli/render-emitted.ts'
import { DEMO_CLUSTER_REGION, DemoClusterSource } from '../../lib/adapters/demo/demo-cluster.ts'
import { DEMO_CLUSTER } from '../../lib/adapters/demo/demo-vpc.ts'
import { EMIT_FORMATS, type EmitFormat } from '../../lib/schemas/emit-formats.ts'
import type { PlanResult } from '../../lib/schemas/plan.ts'
import { cniEnvOf } from '../../lib/services/configuration.ts'
import { groupKey, readSnippet, type SnippetSettings } from '../support/emitted-snippets.ts'
import { runCli } from '../support/run-cli.ts'

// The CLI as a user runs it (the development runner): a cluster plan of the demo cluster, and --emit on every
// command that takes it. An emitted snippet is read back with its format's own parser, and must set the
// number the same command prints without --emit.

const cli = (...args: string[]) => runCli(args)

async function json<T>(...args: string[]): Promise<T> {
  const outcome = await cli(...args, '-o', 'json')
  expect(outcome.code).toBe(0)
  return JSON.parse(outcome.stdout) as T
}

/** The demo cluster's add-on settings, as EKS would describe them. */
async function demoAddonEnv(): Promise<Record<string, string>> {
  const facts = await new DemoClusterSource().describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)
  if (!facts.vpcCni.found || facts.vpcCni.configurationValues === null) throw new Error('no add-on settings')
  return (JSON.parse(facts.vpcCni.configurationValues) as { env: Record<string, string> }).env
}

/** What each command says without --emit: the figures its snippet must set. */
interface Expected {
  maxPods: Record<string, number>
  env: Record<string, string>
}

const ANSWERS: { name: string; args: string[]; expected: () => Promise<Expected> }[] = [
  {
    name: 'max-pods',
    args: ['max-pods', '--instance-type', 'm5.large', '--cni-prefix-delegation-enabled'],
    async expected() {
      const bare = await cli('max-pods', '--instance-type', 'm5.large', '--cni-prefix-delegation-enabled')
      return {
        maxPods: { [groupKey('m5.large')]: Number(bare.stdout) },
        env: { ENABLE_PREFIX_DELEGATION: 'true' },
      }
    },
  },
  {
    name: 'ip-usage',
    args: ['ip-usage', '--instance-type', 'm5.large', '--pods', '20', '--warm-ip-target', '5'],
    async expected() {
      const usage = await json<{ kubeletMaxPods: number }>(
        'ip-usage',
        '--instance-type',
        'm5.large',
        '--pods',
        '20',
        '--warm-ip-target',
        '5',
      )
      return { maxPods: { [groupKey('m5.large')]: usage.kubeletMaxPods }, env: { WARM_IP_TARGET: '5' } }
    },
  },
  {
    name: 'plan --demo',
    args: ['plan', '--demo'],
    async expected() {
      const plan = await json<PlanResult>('plan', '--demo')
      const recommended = (group: string) =>
        plan.recommendations.filter((item) => item.nodeGroup === group && item.settings)
      const maxPods = Object.fromEntries(
        plan.nodeGroups.map((group) => {
          const prefix = recommended(group.name).find((item) => item.kind === 'prefix-delegation')
          return [groupKey(group.name), Number(prefix?.effect.kubeletMaxPods ?? group.kubeletMaxPods)]
        }),
      )
      const env = { ...(await demoAddonEnv()) }
      for (const group of plan.nodeGroups)
        for (const item of recommended(group.name)) Object.assign(env, cniEnvOf(item.settings ?? {}))
      return { maxPods, env }
    },
  },
]

/** Formats that carry the vpc-cni add-on's settings; the node formats carry only the kubelet's. */
const CARRIES_ADDON: readonly EmitFormat[] = ['eksctl', 'terraform', 'vpc-cni-addon']

describe('plan --demo: the demo cluster as it is', () => {
  let plan: PlanResult
  beforeAll(async () => {
    plan = await json<PlanResult>('plan', '--demo')
  })

  it('text opens with the cluster and today’s verdict, and ends with where each input came from', async () => {
    // Act
    const outcome = await cli('plan', '--demo')

    // Assess
    expect(outcome.code).toBe(0)
    const cluster = plan.cluster as NonNullable<PlanResult['cluster']>
    const lines = outcome.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(
      `cluster ${cluster.name} (${cluster.region}, ${cluster.vpcId}, Kubernetes ${cluster.kubernetesVersion})`,
    )
    expect(lines[1]).toMatch(new RegExp(`^today \\(desired size\\): ${cluster.today.verdict}\\b`))
    expect(lines[2]).toBe(`plan: ${plan.verdict} at max size`)
    const inputs = lines.indexOf('inputs:')
    expect(inputs).toBeGreaterThan(2)
    expect(lines.slice(inputs + 1)).toEqual(cluster.sources.map((item) => `- ${item.input}: ${item.source}`))
  })

  it('-o json is the API’s body: the cluster, its sources and today’s size', () => {
    expect(plan.cluster).toMatchObject({ name: DEMO_CLUSTER, region: DEMO_CLUSTER_REGION })
    expect(plan.cluster?.sources.length).toBeGreaterThan(0)
    expect(plan.cluster?.sources.map((item) => item.input)).toEqual(
      expect.arrayContaining(['vpc-cni settings', 'subnets']),
    )
    expect(plan.cluster?.today.nodeGroups.map((group) => group.name)).toEqual(
      plan.nodeGroups.map((group) => group.name),
    )
  })

  it('--cluster names the demo cluster too; an unknown name is a usage mistake naming it', async () => {
    const named = await cli('plan', '--demo', '--cluster', DEMO_CLUSTER, '-o', 'json')
    expect(JSON.parse(named.stdout).cluster.name).toBe(DEMO_CLUSTER)
    const unknown = await cli('plan', '--demo', '--cluster', 'nope')
    expect(unknown.code).not.toBe(0)
    expect(unknown.stdout).toBe('')
    expect(unknown.stderr).toMatch(/--cluster: no EKS cluster 'nope' in us-east-1/)
  })
})

describe('plan --demo --emit eksctl keeps each node group’s scaling as EKS describes it', () => {
  it('minSize, desiredCapacity and maxSize are DescribeNodegroup’s', async () => {
    // Prepare
    const facts = await new DemoClusterSource().describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)

    // Act
    const outcome = await cli('plan', '--demo', '--emit', 'eksctl')

    // Assess
    const config = parseYaml(outcome.stdout) as {
      managedNodeGroups: { name: string; minSize: number; desiredCapacity: number; maxSize: number }[]
    }
    const scaling = (name: string) =>
      config.managedNodeGroups
        .filter((group) => group.name === name)
        .map(({ minSize, desiredCapacity, maxSize }) => ({ minSize, desiredSize: desiredCapacity, maxSize }))
    for (const group of facts.nodeGroups) expect(scaling(group.name)).toEqual([group.scaling])
  })
})

describe.each(ANSWERS)('$name --emit', ({ args, expected }) => {
  let figures: Expected
  beforeAll(async () => {
    figures = await expected()
  })

  it.each(EMIT_FORMATS)(
    '--emit %s: stdout is only the snippet, setting the figures of the answer',
    async (format) => {
      // Act
      const outcome = await cli(...args, '--emit', format)

      // Assess
      expect(outcome.code).toBe(0)
      const read: SnippetSettings = await readSnippet(format, outcome.stdout)
      expect(read.maxPods).toEqual(format === 'vpc-cni-addon' ? {} : figures.maxPods)
      if (CARRIES_ADDON.includes(format)) expect(read.env).toEqual(figures.env)
      expect(outcome.stderr).toMatch(/^eks-ip-capacity: source: /m)
      // Nothing but the snippet on stdout: every line of stderr is a source or a note.
      for (const line of outcome.stderr.trimEnd().split('\n'))
        expect(line).toMatch(/^eks-ip-capacity: (source|note): /)
    },
  )

  it.each(EMIT_FORMATS)('--emit %s -o json: the whole answer, with the configuration', async (format) => {
    // Act
    const answer = await json<{ configuration?: Parameters<typeof renderEmitted>[0] }>(
      ...args,
      '--emit',
      format,
    )
    const printed = await cli(...args, '--emit', format)

    // Assess
    expect(answer.configuration?.format).toBe(format)
    expect(Object.keys(answer).length).toBeGreaterThan(1)
    const configuration = answer.configuration as Parameters<typeof renderEmitted>[0]
    expect(`${renderEmitted(configuration).stdout}\n`).toBe(printed.stdout)
  })
})
