import { describe, expect, it } from 'vitest'
import { emitConfiguration } from '../../../../lib/domain/emit/emit-configuration.ts'
import { nodeConfigUserData } from '../../../../lib/domain/emit/nodeconfig-user-data.ts'
import { nodeConfigsOf, userDataParts } from '../../../support/user-data-parts.ts'
import { EMIT_INPUTS, oneLine, sameMaxPodsTwice, severalGroupsNoCluster } from './configuration-inputs.ts'

describe('nodeadm: AL2023 NodeConfig in MIME multi-part user data', () => {
  it.each(EMIT_INPUTS)(
    'every node group finds a NodeConfig with its maxPods and its source: %s',
    (_why, input) => {
      // Act
      const emitted = emitConfiguration('nodeadm', input)

      // Assess
      expect(emitted.mediaType).toBe('multipart/mixed')
      for (const group of input.nodeGroups) {
        const file = emitted.files.find((candidate) => candidate.nodeGroup === group.name) ?? emitted.files[0]
        const configs = nodeConfigsOf(file?.content ?? '')
        expect(configs).toHaveLength(1)
        const [config] = configs
        expect(config).toMatchObject({
          apiVersion: 'node.eks.aws/v1alpha1',
          kind: 'NodeConfig',
          maxPods: group.maxPods,
        })
        expect(config?.paths).toEqual(['apiVersion', 'kind', 'spec.kubelet.config.maxPods'])
        expect(config?.comment).toContain(oneLine(group.maxPodsSource))
        for (const source of input.cni.sources) expect(config?.comment).toContain(oneLine(source))
      }
    },
  )

  it.each([
    ['groups that differ in maxPods get one file each', severalGroupsNoCluster, 3],
    ['groups that need the same maxPods share one file', sameMaxPodsTwice, 1],
  ])('%s', (_why, input, files) => {
    // Act
    const emitted = emitConfiguration('nodeadm', input)

    // Assess
    expect(emitted.files).toHaveLength(files)
    expect(new Set(emitted.files.map((file) => file.name)).size).toBe(files)
  })

  it('says that a managed node group without a custom AMI takes EKS’s own maxPods, not the user data’s', () => {
    // Act
    const emitted = emitConfiguration('nodeadm', severalGroupsNoCluster)

    // Assess
    expect(emitted.notes.join('\n')).toMatch(
      /without a custom AMI, EKS documents that its own maxPods .* takes precedence over this value/,
    )
  })

  it('a part line that would read as the delimiter makes the boundary longer, so the part stays whole', () => {
    // Prepare
    const nodeConfig = 'apiVersion: node.eks.aws/v1alpha1\n--NODECONFIG-BOUNDARY\nkind: NodeConfig\n'

    // Act
    const parts = userDataParts(nodeConfigUserData(nodeConfig))

    // Assess
    expect(parts).toHaveLength(1)
    expect(parts[0]?.body.trim()).toBe(nodeConfig.trim())
  })
})
