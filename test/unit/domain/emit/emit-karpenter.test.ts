import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { emitConfiguration } from '../../../../lib/domain/emit/emit-configuration.ts'
import { CLUSTER_NAME_PLACEHOLDER } from '../../../../lib/domain/emit/emit-sources.ts'
import { EMIT_INPUTS, oneGroupKnownCluster, oneLine, severalGroupsNoCluster } from './configuration-inputs.ts'

interface EC2NodeClass {
  apiVersion: string
  kind: string
  metadata: { name: string }
  spec: {
    role?: string
    instanceProfile?: string
    amiSelectorTerms: { alias?: string }[]
    subnetSelectorTerms: { tags?: Record<string, string> }[]
    securityGroupSelectorTerms: { tags?: Record<string, string> }[]
    kubelet: { maxPods: number }
  }
}

function nodeClassesOf(content: string) {
  return parseAllDocuments(content).map((document) => {
    if ('errors' in document && document.errors.length > 0) throw new Error(document.errors.join('; '))
    return document.toJS() as EC2NodeClass
  })
}

// DNS-1123 subdomain, the rule for a Kubernetes object's name.
const KUBERNETES_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/

describe('karpenter: Karpenter v1 EC2NodeClass per node group', () => {
  it.each(EMIT_INPUTS)(
    'one EC2NodeClass per group with its kubelet.maxPods and the CRD’s required fields: %s',
    (_why, input) => {
      // Act
      const emitted = emitConfiguration('karpenter', input)
      const [file] = emitted.files
      const nodeClasses = nodeClassesOf(file?.content ?? '')

      // Assess
      expect(emitted.files).toHaveLength(1)
      expect(nodeClasses.map((nodeClass) => nodeClass.spec.kubelet.maxPods)).toEqual(
        input.nodeGroups.map((group) => group.maxPods),
      )
      const cluster = input.clusterName ?? CLUSTER_NAME_PLACEHOLDER
      for (const nodeClass of nodeClasses) {
        expect(nodeClass).toMatchObject({ apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass' })
        expect(nodeClass.metadata.name).toMatch(KUBERNETES_NAME)
        expect(nodeClass.spec.amiSelectorTerms).toEqual([{ alias: 'al2023@latest' }])
        expect(nodeClass.spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': cluster } }])
        expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([
          { tags: { 'karpenter.sh/discovery': cluster } },
        ])
        // The CRD wants exactly one of role and instanceProfile.
        expect(nodeClass.spec.role).toBeTruthy()
        expect(nodeClass.spec.instanceProfile).toBeUndefined()
      }
      expect(new Set(nodeClasses.map((nodeClass) => nodeClass.metadata.name)).size).toBe(nodeClasses.length)
      for (const group of input.nodeGroups) expect(file?.content).toContain(oneLine(group.maxPodsSource))
    },
  )

  it('each document carries the comment of its own group, above its content', () => {
    // Act
    const content = emitConfiguration('karpenter', severalGroupsNoCluster).files[0]?.content ?? ''
    const documents = content.split(/^---$/m).filter((text) => text.trim())

    // Assess
    expect(documents).toHaveLength(severalGroupsNoCluster.nodeGroups.length)
    severalGroupsNoCluster.nodeGroups.forEach((group, index) => {
      const commentLines = (documents[index] ?? '').split('\n').filter((line) => line.startsWith('#'))
      expect(commentLines.join('\n')).toContain(`maxPods ${group.maxPods}, ${oneLine(group.maxPodsSource)}`)
    })
  })

  it.each([
    ['no cluster name: the placeholder is written and named in the notes', severalGroupsNoCluster, true],
    ['a known cluster name: no placeholder note', oneGroupKnownCluster, false],
  ])('%s', (_why, input, placeholder) => {
    // Act
    const emitted = emitConfiguration('karpenter', input)

    // Assess
    expect(emitted.files[0]?.content.includes(CLUSTER_NAME_PLACEHOLDER)).toBe(placeholder)
    expect(emitted.notes.some((note) => note.includes(CLUSTER_NAME_PLACEHOLDER))).toBe(placeholder)
    expect(emitted.notes.some((note) => note.includes('spec.role'))).toBe(true)
  })
})
