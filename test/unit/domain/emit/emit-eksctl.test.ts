import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { emitConfiguration } from '../../../../lib/domain/emit/emit-configuration.ts'
import { CLUSTER_NAME_PLACEHOLDER, REGION_PLACEHOLDER } from '../../../../lib/domain/emit/emit-sources.ts'
import { EMIT_INPUTS, oneLine, severalGroupsNoCluster } from './configuration-inputs.ts'

interface ClusterConfig {
  apiVersion: string
  kind: string
  metadata: { name: string; region: string }
  managedNodeGroups: {
    name: string
    instanceType?: string
    instanceTypes?: string[]
    minSize?: number
    desiredCapacity?: number
    maxSize?: number
    maxPodsPerNode: number
  }[]
  addons?: { name: string; configurationValues: string }[]
}

// The EKS API's rule for a node group name.
const NODE_GROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/

describe('eksctl: ClusterConfig with maxPodsPerNode and the vpc-cni add-on', () => {
  it.each(EMIT_INPUTS)('each managed node group keeps its types, scaling and maxPods: %s', (_why, input) => {
    // Act
    const content = emitConfiguration('eksctl', input).files[0]?.content ?? ''
    const document = parseDocument(content)
    const config = document.toJS() as ClusterConfig

    // Assess
    expect(document.errors).toEqual([])
    expect(config).toMatchObject({
      apiVersion: 'eksctl.io/v1alpha5',
      kind: 'ClusterConfig',
      metadata: {
        name: input.clusterName ?? CLUSTER_NAME_PLACEHOLDER,
        region: input.region ?? REGION_PLACEHOLDER,
      },
    })
    expect(config.managedNodeGroups).toHaveLength(input.nodeGroups.length)
    input.nodeGroups.forEach((group, index) => {
      const written = config.managedNodeGroups[index]
      expect(written?.name).toMatch(NODE_GROUP_NAME)
      expect(written?.maxPodsPerNode).toBe(group.maxPods)
      expect(written?.instanceTypes ?? (written?.instanceType ? [written.instanceType] : [])).toEqual(
        group.instanceTypes,
      )
      // eksctl refuses both at once.
      expect(written?.instanceType !== undefined && written?.instanceTypes !== undefined).toBe(false)
      const scaling = group.scaling
        ? {
            minSize: group.scaling.minSize,
            desiredCapacity: group.scaling.desiredSize,
            maxSize: group.scaling.maxSize,
          }
        : { minSize: undefined, desiredCapacity: undefined, maxSize: undefined }
      expect({
        minSize: written?.minSize,
        desiredCapacity: written?.desiredCapacity,
        maxSize: written?.maxSize,
      }).toEqual(scaling)
      expect(content).toContain(oneLine(group.maxPodsSource))
    })
    expect(new Set(config.managedNodeGroups.map((group) => group.name)).size).toBe(input.nodeGroups.length)
  })

  it.each(EMIT_INPUTS)(
    'the vpc-cni add-on is there exactly when the answer has CNI settings, as a JSON string: %s',
    (_why, input) => {
      // Act
      const config = parseDocument(
        emitConfiguration('eksctl', input).files[0]?.content ?? '',
      ).toJS() as ClusterConfig

      // Assess
      if (Object.keys(input.cni.env).length === 0) {
        expect(config.addons).toBeUndefined()
        return
      }
      expect(config.addons).toHaveLength(1)
      const [addon] = config.addons ?? []
      expect(addon?.name).toBe('vpc-cni')
      expect(typeof addon?.configurationValues).toBe('string')
      expect(JSON.parse(addon?.configurationValues ?? '')).toEqual({ env: input.cni.env })
    },
  )

  it('no cluster name or region: placeholders are written and named in the notes', () => {
    // Act
    const emitted = emitConfiguration('eksctl', severalGroupsNoCluster)

    // Assess
    expect(emitted.notes.join('\n')).toContain(CLUSTER_NAME_PLACEHOLDER)
    expect(emitted.notes.join('\n')).toContain(REGION_PLACEHOLDER)
    expect(emitted.notes.join('\n')).toContain('karpenter/default is not an EKS node group name')
  })
})
