import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { currentEksCluster, type KubeChoice } from '../../../cli/kube-context.ts'
import { InvalidInputError } from '../../../lib/errors.ts'

const ARN = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-blue'

/** A kubeconfig with one context per entry; the cluster and user entries are named after the context. */
function kubeconfig(
  current: string | undefined,
  contexts: { name: string; cluster: string; tokenArgs?: string[]; tokenEnv?: Record<string, string> }[],
): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    ...(current ? { 'current-context': current } : {}),
    clusters: contexts.map(({ cluster }) => ({ name: cluster, cluster: { server: 'https://example.test' } })),
    contexts: contexts.map(({ name, cluster }) => ({ name, context: { cluster, user: `${name}-user` } })),
    users: contexts.map(({ name, tokenArgs, tokenEnv }) => ({
      name: `${name}-user`,
      user: tokenArgs
        ? {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: 'aws',
              args: tokenArgs,
              // As `aws eks update-kubeconfig --profile P` writes it: a list of name/value pairs.
              ...(tokenEnv
                ? { env: Object.entries(tokenEnv).map(([envName, value]) => ({ name: envName, value })) }
                : {}),
            },
          }
        : { token: 't' },
    })),
  })
}

/** A HOME (for ~/.kube/config) and files in it; returns the env and home to read them with. */
function machine(files: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), 'kube-context-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(home, name, '..'), { recursive: true })
    writeFileSync(join(home, name), text)
  }
  return { home, path: (name: string) => join(home, name) }
}

describe('the EKS cluster of the current kube context', () => {
  it.each([
    [
      'aws eks update-kubeconfig: the context and cluster are the ARN, which gives name and region',
      kubeconfig(ARN, [{ name: ARN, cluster: ARN }]),
      { context: ARN, cluster: 'prod-blue', region: 'eu-west-1' },
    ],
    [
      'a renamed context (update-kubeconfig --alias) whose cluster entry is still the ARN',
      kubeconfig('prod', [{ name: 'prod', cluster: ARN }]),
      { context: 'prod', cluster: 'prod-blue', region: 'eu-west-1' },
    ],
    [
      'an ARN in another partition (aws-cn)',
      kubeconfig('cn', [{ name: 'cn', cluster: 'arn:aws-cn:eks:cn-north-1:111122223333:cluster/east' }]),
      { context: 'cn', cluster: 'east', region: 'cn-north-1' },
    ],
    [
      'a hand-named cluster entry: the token command’s --cluster-name and --region',
      kubeconfig('ops', [
        {
          name: 'ops',
          cluster: 'ops-cluster',
          tokenArgs: [
            '--region',
            'ap-south-1',
            'eks',
            'get-token',
            '--cluster-name',
            'ops-eks',
            '--output',
            'json',
          ],
        },
      ]),
      { context: 'ops', cluster: 'ops-eks', region: 'ap-south-1' },
    ],
    [
      'a token command with no --region: the name alone, the region left to the AWS chain',
      kubeconfig('ops', [
        { name: 'ops', cluster: 'ops-cluster', tokenArgs: ['eks', 'get-token', '--cluster-name', 'ops-eks'] },
      ]),
      { context: 'ops', cluster: 'ops-eks', region: undefined },
    ],
    [
      'eksctl: cluster NAME.REGION.eksctl.io, context USER@NAME.REGION.eksctl.io',
      kubeconfig('admin@data.us-west-2.eksctl.io', [
        { name: 'admin@data.us-west-2.eksctl.io', cluster: 'data.us-west-2.eksctl.io' },
      ]),
      { context: 'admin@data.us-west-2.eksctl.io', cluster: 'data', region: 'us-west-2' },
    ],
    [
      'the current context, not the first one listed',
      kubeconfig('second', [
        { name: 'first', cluster: 'arn:aws:eks:us-east-1:111122223333:cluster/one' },
        { name: 'second', cluster: 'arn:aws:eks:us-east-2:111122223333:cluster/two' },
      ]),
      { context: 'second', cluster: 'two', region: 'us-east-2' },
    ],
  ])('%s', (_why, text, expected) => {
    // Prepare
    const { home } = machine({ '.kube/config': text })
    // Act
    const found = currentEksCluster({}, {}, home)
    // Assess
    expect(found).toEqual(expected)
  })

  it('KUBECONFIG lists files merged as kubectl does: the first current-context wins, contexts come from any file', () => {
    // Prepare: the first file sets the current context, the second defines it; the third would disagree.
    const { home, path } = machine({
      'a.yaml': stringify({ 'current-context': 'prod' }),
      'b.yaml': kubeconfig(undefined, [{ name: 'prod', cluster: ARN }]),
      'c.yaml': kubeconfig('other', [
        { name: 'other', cluster: 'arn:aws:eks:us-east-1:111122223333:cluster/c' },
      ]),
      '.kube/config': kubeconfig('ignored', [
        { name: 'ignored', cluster: 'arn:aws:eks:us-east-1:111122223333:cluster/x' },
      ]),
    })
    const env = { KUBECONFIG: ['missing.yaml', 'a.yaml', 'b.yaml', 'c.yaml'].map(path).join(delimiter) }
    // Act
    const found = currentEksCluster({}, env, home)
    // Assess
    expect(found).toEqual({ context: 'prod', cluster: 'prod-blue', region: 'eu-west-1' })
  })
})

describe('kubectl’s habits: the token command’s profile, --context and --kubeconfig', () => {
  const tokenArgs = ['eks', 'get-token', '--cluster-name', 'prod-blue', '--output', 'json']

  it.each([
    [
      'AWS_PROFILE in the token command’s env, as aws eks update-kubeconfig --profile writes it',
      { tokenArgs, tokenEnv: { AWS_PROFILE: 'prod' } },
      'prod',
    ],
    ['--profile in the token command’s args', { tokenArgs: [...tokenArgs, '--profile', 'ops'] }, 'ops'],
    [
      'both: --profile, which the AWS CLI running the token command obeys over AWS_PROFILE',
      { tokenArgs: [...tokenArgs, '--profile', 'ops'], tokenEnv: { AWS_PROFILE: 'prod' } },
      'ops',
    ],
    ['neither: no profile, the AWS chain decides', { tokenArgs }, undefined],
  ])('%s', (_why, user, profile) => {
    // Prepare
    const { home } = machine({ '.kube/config': kubeconfig(ARN, [{ name: ARN, cluster: ARN, ...user }]) })
    // Act
    const found = currentEksCluster({}, {}, home)
    // Assess
    expect(found.profile).toBe(profile)
  })

  it('--context: that context’s cluster, not the current one’s', () => {
    // Prepare
    const { home } = machine({
      '.kube/config': kubeconfig('first', [
        { name: 'first', cluster: 'arn:aws:eks:us-east-1:111122223333:cluster/one' },
        { name: 'second', cluster: ARN },
      ]),
    })
    // Act
    const found = currentEksCluster({ context: 'second' }, {}, home)
    // Assess
    expect(found).toEqual({ context: 'second', cluster: 'prod-blue', region: 'eu-west-1' })
  })

  it('--kubeconfig: that file alone, not KUBECONFIG nor ~/.kube/config', () => {
    // Prepare
    const other = 'arn:aws:eks:us-east-1:111122223333:cluster/other'
    const { home, path } = machine({
      'chosen.yaml': kubeconfig(ARN, [{ name: ARN, cluster: ARN }]),
      'listed.yaml': kubeconfig(other, [{ name: other, cluster: other }]),
      '.kube/config': kubeconfig(other, [{ name: other, cluster: other }]),
    })
    // Act
    const found = currentEksCluster(
      { kubeconfig: path('chosen.yaml') },
      { KUBECONFIG: path('listed.yaml') },
      home,
    )
    // Assess
    expect(found.cluster).toBe('prod-blue')
  })

  it.each([
    [
      '--context that no file defines: named under --context',
      { context: 'gone' } as KubeChoice,
      /^--context: the kube context 'gone' is defined in no kubeconfig file; pass --cluster NAME/,
    ],
    [
      '--kubeconfig that does not exist (kubectl refuses it too)',
      { kubeconfig: 'missing.yaml' } as KubeChoice,
      /^--kubeconfig: .*missing\.yaml does not exist$/,
    ],
  ])('%s', (_why, choice, message) => {
    // Prepare
    const { home, path } = machine({ '.kube/config': kubeconfig(ARN, [{ name: ARN, cluster: ARN }]) })
    const chosen = choice.kubeconfig ? { kubeconfig: path(choice.kubeconfig) } : choice
    // Act
    const attempt = () => currentEksCluster(chosen, {}, home)
    // Assess
    expect(attempt).toThrow(InvalidInputError)
    expect(attempt).toThrow(message)
  })
})

describe('no EKS cluster to default to: a usage error (exit 2) that says to pass --cluster', () => {
  it.each([
    ['no kubeconfig at all', {}],
    [
      'a kubeconfig with no current context',
      { '.kube/config': kubeconfig(undefined, [{ name: 'a', cluster: ARN }]) },
    ],
    [
      'a current context that is not an EKS cluster (kind)',
      { '.kube/config': kubeconfig('kind-dev', [{ name: 'kind-dev', cluster: 'kind-dev' }]) },
    ],
    ['a current context that no file defines', { '.kube/config': kubeconfig('gone', []) }],
    ['a kubeconfig that is not YAML', { '.kube/config': 'clusters: [unclosed' }],
  ])('%s', (_why, files) => {
    // Prepare
    const { home } = machine(files)
    // Act
    const attempt = () => currentEksCluster({}, {}, home)
    // Assess
    expect(attempt).toThrow(InvalidInputError)
    expect(attempt).toThrow(/^--cluster: .*pass --cluster NAME \(or --vpc-id, --subnet-id\)$/)
  })
})
