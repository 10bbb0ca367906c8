import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import {
  DEMO_BATCH_MAX_PODS,
  DEMO_CLUSTER_REGION,
  DemoClusterSource,
} from '../../../../lib/adapters/demo/demo-cluster.ts'
import { DEMO_CLUSTER, DEMO_VPC_ID, DemoVpcInventory } from '../../../../lib/adapters/demo/demo-vpc.ts'
import { UnknownClusterError } from '../../../../lib/errors.ts'
import { catalogType } from '../../../builders/catalog.ts'

// The demo cluster must stand on the demo VPC: every subnet it names is one the demo inventory has.

describe('the demo cluster', () => {
  const clusters = new DemoClusterSource()

  it('names only subnets of the demo VPC, and its node groups span two zones', async () => {
    const facts = await clusters.describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)
    const subnets = await new DemoVpcInventory().subnets({ vpcId: DEMO_VPC_ID })
    const zoneOf = new Map(subnets.map((subnet) => [subnet.subnetId, subnet.availabilityZone]))

    const named = [...facts.subnetIds, ...facts.nodeGroups.flatMap((group) => group.subnetIds)]
    expect(named.filter((subnetId) => !zoneOf.has(subnetId))).toEqual([])
    const nodeZones = new Set(
      facts.nodeGroups.flatMap((group) => group.subnetIds.map((id) => zoneOf.get(id))),
    )
    expect(nodeZones.size).toBeGreaterThanOrEqual(2)
    expect(facts.vpcId).toBe(DEMO_VPC_ID)
  })

  it("sets batch's max pods in NodeConfig user data to c5.4xlarge's secondary-IP limit, E·(A−1)+2", async () => {
    const batch = (await clusters.describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)).nodeGroups.find(
      (group) => group.name === 'batch',
    )
    const c5 = await catalogType('c5.4xlarge')
    const part = batch?.launchTemplate?.userData
      ?.split('Content-Type: application/node.eks.aws')[1]
      ?.split('--//')[0]

    const nodeConfig = parseYaml(part ?? '')

    expect(batch?.instanceTypes).toEqual([batch?.launchTemplate?.instanceType])
    expect(nodeConfig.kind).toBe('NodeConfig')
    expect(nodeConfig.spec.kubelet.config.maxPods).toBe(DEMO_BATCH_MAX_PODS)
    expect(DEMO_BATCH_MAX_PODS).toBe(c5.defaultCardMaxEnis * (c5.ipv4PerEni - 1) + 2)
  })

  it.each([
    { group: 'general', reason: 'the prefix delegation nodes of the healthy subnet' },
    { group: 'batch', reason: 'busy nodes of the exhausted subnet' },
  ])(
    "has as many $group nodes as its desired size, $reason, each of one of the group's types",
    async ({ group }) => {
      const facts = await clusters.describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)
      const nodeGroup = facts.nodeGroups.find((candidate) => candidate.name === group)
      const enis = await new DemoVpcInventory().networkInterfaces(DEMO_VPC_ID)

      const nodes = facts.nodes.filter((node) => node.nodeGroup === group)

      expect(nodes).toHaveLength(nodeGroup?.scaling.desiredSize ?? -1)
      for (const node of nodes) expect(nodeGroup?.instanceTypes).toContain(node.instanceType)
      // A node lives in its group's subnets: its ENIs are there.
      const nodeSubnets = new Set(
        enis
          .filter((eni) => nodes.some((node) => node.instanceId === eni.instanceId))
          .map((eni) => eni.subnetId),
      )
      expect([...nodeSubnets].every((subnetId) => nodeGroup?.subnetIds.includes(subnetId))).toBe(true)
    },
  )

  it("lists each instance that holds an ENI in the demo VPC once, as the VPC's instances are", async () => {
    const { nodes, nodeGroups } = await clusters.describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)
    const enis = await new DemoVpcInventory().networkInterfaces(DEMO_VPC_ID)
    const instanceIds = new Set(enis.flatMap((eni) => (eni.instanceId ? [eni.instanceId] : [])))

    const ids = nodes.map((node) => node.instanceId)

    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(ids)).toEqual(instanceIds)
    // Everything beyond the groups' desired sizes is another workload, in no group.
    const inGroups = nodeGroups.reduce((sum, group) => sum + group.scaling.desiredSize, 0)
    expect(nodes.filter((node) => node.nodeGroup === null)).toHaveLength(instanceIds.size - inGroups)
  })

  it('has the vpc-cni add-on with prefix delegation in JSON configurationValues', async () => {
    const { vpcCni } = await clusters.describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)

    expect(vpcCni.found).toBe(true)
    if (vpcCni.found)
      expect(JSON.parse(vpcCni.configurationValues ?? '').env.ENABLE_PREFIX_DELEGATION).toBe('true')
  })

  it('answers a fresh copy: a caller editing its answer changes no later one', async () => {
    const first = await clusters.describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)
    first.nodeGroups[0]?.instanceTypes.push('x1.32xlarge')

    expect(await clusters.describe(DEMO_CLUSTER, DEMO_CLUSTER_REGION)).not.toEqual(first)
  })

  it.each([
    { reason: 'another name', name: 'prod', region: DEMO_CLUSTER_REGION },
    { reason: 'the demo name in another region', name: DEMO_CLUSTER, region: 'eu-west-1' },
  ])('does not know $reason', async ({ name, region }) => {
    await expect(clusters.describe(name, region)).rejects.toEqual(new UnknownClusterError(name, region))
  })
})
