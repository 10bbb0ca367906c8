import { describe, expect, it } from 'vitest'
import {
  addonConfigurationEnv,
  awsNodeDaemonSetEnv,
  cniVersionOfAddon,
} from '../../../../lib/domain/cluster/vpc-cni-env.ts'
import { InvalidInputError } from '../../../../lib/errors.ts'
import { CniVersion } from '../../../../lib/schemas/max-pods.ts'
import { awsNodeDaemonSet, AWS_NODE_IMAGE as IMAGE } from '../../../builders/aws-node.ts'

const SHIPPED_ENV = [
  { name: 'ADDITIONAL_ENI_TAGS', value: '{}' },
  { name: 'ENABLE_PREFIX_DELEGATION', value: 'true' },
  { name: 'WARM_ENI_TARGET', value: '1' },
  { name: 'WARM_PREFIX_TARGET', value: '1' },
  { name: 'MY_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
  { name: 'WARM_IP_TARGET', valueFrom: { configMapKeyRef: { name: 'cni-tuning', key: 'warm-ip' } } },
]

describe('cniVersionOfAddon', () => {
  it.each([
    ['v1.19.2-eksbuild.1', '1.19.2-eksbuild.1', 'an add-on version keeps its build suffix'],
    ['v1.20.0', '1.20.0', 'the leading v goes'],
    ['1.18.3', '1.18.3', 'already plain'],
    ['latest', null, 'not a version'],
    ['v1.19', null, 'no patch number'],
  ] as const)('%s → %s (%s)', (addonVersion, expected, _reason) => {
    // Act
    const version = cniVersionOfAddon(addonVersion)

    // Assess
    expect(version).toBe(expected)
    if (version !== null) expect(CniVersion.safeParse(version).success).toBe(true)
  })
})

describe('addonConfigurationEnv', () => {
  it.each([
    ['JSON', '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"}}'],
    ['YAML', 'env:\n  ENABLE_PREFIX_DELEGATION: "true"\n  WARM_PREFIX_TARGET: "1"\n'],
  ])('reads the env map from %s', (_format, text) => {
    expect(addonConfigurationEnv(text)).toEqual({
      env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
      notes: [],
    })
  })

  it('takes bare numbers and booleans as the text they stand for, and says so', () => {
    // Act
    const { env, notes } = addonConfigurationEnv('env:\n  WARM_IP_TARGET: 5\n  ENABLE_POD_ENI: true\n')

    // Assess
    expect(env).toEqual({ WARM_IP_TARGET: '5', ENABLE_POD_ENI: 'true' })
    expect(notes).toHaveLength(2)
  })

  it.each([
    ['', 'an empty configuration'],
    ['{}', 'no env key'],
    ['{"enableNetworkPolicy":"true"}', 'other settings only'],
  ])('gives an empty env for %j (%s)', (text) => {
    expect(addonConfigurationEnv(text).env).toEqual({})
  })

  it.each([
    ['{"env": {"WARM_IP_TARGET": "5"', 'configurationValues', 'unterminated JSON'],
    ['env: [a, b', 'configurationValues', 'broken YAML'],
    ['"just a string"', 'configurationValues', 'not an object'],
    ['{"env": ["WARM_IP_TARGET=5"]}', 'configurationValues.env', 'env as a list'],
    [
      '{"env": {"WARM_IP_TARGET": {"value": "5"}}}',
      'configurationValues.env.WARM_IP_TARGET',
      'a nested value',
    ],
  ])('refuses %j naming %s (%s)', (text, field) => {
    // Act
    const act = () => addonConfigurationEnv(text)

    // Assess
    expect(act).toThrow(InvalidInputError)
    try {
      act()
    } catch (error) {
      expect((error as InvalidInputError).issues[0]?.field).toBe(field)
    }
  })
})

describe('awsNodeDaemonSetEnv', () => {
  it('reads the aws-node container’s literal env and the image version', () => {
    // Act
    const result = awsNodeDaemonSetEnv(awsNodeDaemonSet(SHIPPED_ENV))

    // Assess
    expect(result.env).toEqual({
      ADDITIONAL_ENI_TAGS: '{}',
      ENABLE_PREFIX_DELEGATION: 'true',
      WARM_ENI_TARGET: '1',
      WARM_PREFIX_TARGET: '1',
    })
    expect(result.cniVersion).toBe('1.19.2-eksbuild.1')
    expect(result.image).toBe(IMAGE)
    // A capacity setting from elsewhere is said; the manifest's own field references (MY_NODE_NAME) are not.
    expect(result.notes.join('\n')).toMatch(/WARM_IP_TARGET comes from valueFrom/)
    expect(result.notes.join('\n')).not.toMatch(/MY_NODE_NAME/)
  })

  it('finds the DaemonSet inside a List', () => {
    // Prepare
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ kind: 'ConfigMap', metadata: { name: 'amazon-vpc-cni' } }, awsNodeDaemonSet(SHIPPED_ENV)],
    }

    // Act
    const result = awsNodeDaemonSetEnv(list)

    // Assess
    expect(result.env.WARM_PREFIX_TARGET).toBe('1')
  })

  it.each([
    [`${IMAGE.split(':')[0]}:v1.18.3`, '1.18.3', 'a plain release tag'],
    ['localhost:5000/amazon-k8s-cni:v1.20.1@sha256:abcd', '1.20.1', 'a registry port and a digest'],
    ['amazon-k8s-cni@sha256:abcd', null, 'a digest only'],
    ['amazon-k8s-cni:latest', null, 'a tag that is not a version'],
  ])('reads %s as version %s (%s)', (image: string, expected: string | null, _reason: string) => {
    expect(awsNodeDaemonSetEnv(awsNodeDaemonSet([], image)).cniVersion).toBe(expected)
  })

  it('says when variables come from envFrom', () => {
    const daemonSet = awsNodeDaemonSet([], IMAGE, { envFrom: [{ configMapRef: { name: 'cni-env' } }] })
    expect(awsNodeDaemonSetEnv(daemonSet).notes.join('\n')).toMatch(/envFrom/)
  })

  it.each([
    [{ kind: 'Deployment', metadata: { name: 'coredns' } }, 'daemonSet', 'a Deployment'],
    ['aws-node', 'daemonSet', 'a string'],
    [
      { kind: 'List', items: [{ kind: 'DaemonSet', metadata: { name: 'kube-proxy' } }] },
      'daemonSet.items',
      'a List without aws-node',
    ],
    [
      {
        kind: 'DaemonSet',
        metadata: { name: 'aws-node' },
        spec: { template: { spec: { containers: [{ name: 'other' }] } } },
      },
      'daemonSet.spec.template.spec.containers',
      'no aws-node container',
    ],
    [
      awsNodeDaemonSet([{ value: '1' }]),
      'daemonSet.spec.template.spec.containers[0].env[0]',
      'an env entry without a name',
    ],
  ])('refuses %j naming %s (%s)', (input: unknown, field: string, _reason: string) => {
    // Act
    let caught: unknown
    try {
      awsNodeDaemonSetEnv(input)
    } catch (error) {
      caught = error
    }

    // Assess
    expect(caught).toBeInstanceOf(InvalidInputError)
    expect((caught as InvalidInputError).issues[0]?.field).toBe(field)
  })
})
