import { describe, expect, it } from 'vitest'
import { maxPodsFromUserData } from '../../../../lib/domain/cluster/user-data-max-pods.ts'

function nodeConfig(kubelet: string): string {
  return [
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    '    name: prod',
    '    apiServerEndpoint: https://example.com',
    '    certificateAuthority: Y2VydGlmaWNhdGVBdXRob3JpdHk=',
    '    cidr: 10.100.0.0/16',
    kubelet,
  ].join('\n')
}

const withMaxPods = (maxPods: number) =>
  `  kubelet:\n    config:\n      maxPods: ${maxPods}\n      shutdownGracePeriod: 30s`

function mime(parts: { type: string; body: string; headers?: string[] }[], boundary = 'BOUNDARY'): string {
  const lines = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, '']
  for (const part of parts)
    lines.push(`--${boundary}`, `Content-Type: ${part.type}`, ...(part.headers ?? []), '', part.body, '')
  lines.push(`--${boundary}--`, '')
  return lines.join('\r\n')
}

function al2Script(bootstrapLine: string): string {
  return ['#!/bin/bash', 'set -ex', `/etc/eks/bootstrap.sh prod ${bootstrapLine}`].join('\n')
}

function bottlerocket(body: string): string {
  return [
    '[settings.kubernetes]',
    'api-server = "https://example.com"',
    'cluster-certificate = "Y2VydA=="',
    'cluster-name = "prod"',
    body,
    '',
    '[settings.host-containers.admin]',
    'enabled = false',
  ].join('\n')
}

const base64 = (text: string) => btoa(text)

describe('maxPodsFromUserData', () => {
  it.each([
    [
      'an AL2023 NodeConfig alone',
      nodeConfig(withMaxPods(110)),
      110,
      /NodeConfig spec.kubelet.config.maxPods/,
    ],
    [
      'a NodeConfig part of MIME user data (as managed node groups merge it)',
      mime([
        { type: 'text/x-shellscript; charset="us-ascii"', body: '#!/bin/bash\necho hello' },
        { type: 'application/node.eks.aws', body: nodeConfig(withMaxPods(58)) },
      ]),
      58,
      /in MIME multi-part/,
    ],
    [
      'two NodeConfig parts: nodeadm merges them, the later wins',
      mime([
        { type: 'application/node.eks.aws', body: nodeConfig(withMaxPods(29)) },
        { type: 'application/node.eks.aws', body: nodeConfig(withMaxPods(110)) },
      ]),
      110,
      /NodeConfig 2 of 2/,
    ],
    [
      'a later NodeConfig without maxPods keeps the earlier one',
      mime([
        { type: 'application/node.eks.aws', body: nodeConfig(withMaxPods(29)) },
        {
          type: 'application/node.eks.aws',
          body: nodeConfig('  kubelet:\n    config:\n      shutdownGracePeriod: 30s'),
        },
      ]),
      29,
      /NodeConfig 1 of 2/,
    ],
    [
      'a base64 NodeConfig part (nodeadm decodes it)',
      mime([
        {
          type: 'application/node.eks.aws',
          body: base64(nodeConfig(withMaxPods(234))),
          headers: ['Content-Transfer-Encoding: base64'],
        },
      ]),
      234,
      /NodeConfig/,
    ],
    [
      'a kubelet flag beats the config file',
      nodeConfig(`${withMaxPods(110)}\n    flags:\n      - --node-labels=team=a\n      - --max-pods=40`),
      40,
      /spec.kubelet.flags/,
    ],
    [
      'AL2 extra args in single quotes',
      al2Script("--use-max-pods false --kubelet-extra-args '--max-pods=58'"),
      58,
      /bootstrap.sh/,
    ],
    [
      'AL2 extra args in double quotes with a space form',
      al2Script('--kubelet-extra-args "--node-labels=a=b --max-pods 17" --b64-cluster-ca abc'),
      17,
      /bootstrap.sh/,
    ],
    [
      'AL2 extra args naming the flag twice: the kubelet takes the last',
      al2Script("--kubelet-extra-args '--max-pods=20 --register-with-taints=a=b:NoSchedule --max-pods=30'"),
      30,
      /bootstrap.sh/,
    ],
    [
      'AL2 script inside MIME',
      mime([{ type: 'text/x-shellscript', body: al2Script("--kubelet-extra-args '--max-pods=11'") }]),
      11,
      /shell-script part/,
    ],
    [
      'Bottlerocket [settings.kubernetes] max-pods',
      bottlerocket('max-pods = 110'),
      110,
      /settings.kubernetes.max-pods/,
    ],
    ['Bottlerocket dotted key', '[settings]\nkubernetes.max-pods = 42 # tuned\n', 42, /Bottlerocket/],
    [
      'a whole user data base64-encoded, as EC2 returns it',
      base64(nodeConfig(withMaxPods(64))),
      64,
      /base64-decoded/,
    ],
  ])('finds max pods in %s', (_case, userData, maxPods, where) => {
    // Act
    const found = maxPodsFromUserData(userData)

    // Assess
    expect(found?.maxPods).toBe(maxPods)
    expect(found?.where).toMatch(where)
  })

  it.each([
    ['a NodeConfig without maxPods', nodeConfig('  kubelet:\n    config:\n      shutdownGracePeriod: 30s')],
    ['AL2 without extra args', al2Script('--use-max-pods true')],
    ['an unrelated script mentioning --max-pods', "#!/bin/bash\necho '--kubelet-extra-args --max-pods=5'"],
    ['Bottlerocket without max-pods', bottlerocket('')],
    ['max-pods in another Bottlerocket table', '[settings.other]\nmax-pods = 5\n'],
    [
      'a MIME part that is not for nodeadm',
      mime([{ type: 'text/cloud-config', body: nodeConfig(withMaxPods(99)) }]),
    ],
    ['empty user data', ''],
  ])('finds none in %s', (_case, userData) => {
    expect(maxPodsFromUserData(userData)).toBeNull()
  })

  it.each([1, 17, 58, 110, 250, 737])('reads back %i from every format', (maxPods) => {
    // Prepare
    const formats = [
      nodeConfig(withMaxPods(maxPods)),
      mime([{ type: 'application/node.eks.aws', body: nodeConfig(withMaxPods(maxPods)) }], `//${maxPods}`),
      al2Script(`--kubelet-extra-args '--max-pods=${maxPods}'`),
      bottlerocket(`max-pods = ${maxPods}`),
    ]

    // Act
    const found = formats.map((userData) => maxPodsFromUserData(userData)?.maxPods)

    // Assess
    expect(found).toEqual(formats.map(() => maxPods))
  })
})
