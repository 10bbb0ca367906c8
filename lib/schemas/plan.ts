import * as z from 'zod'
import { AwsRegion, SubnetId, VpcId } from './aws-ids.ts'
import { EmittedConfiguration, emitField } from './configuration.ts'
import { SubnetExports } from './ec2-subnet-exports.ts'
import { NodeHolding, WarmPoolSettings } from './ip-usage.ts'
import { MaxPodsSettingsPatch } from './max-pods.ts'

/** Far beyond any cluster (EKS supports thousands of nodes), and within exact integer arithmetic. */
export const MAX_PLANNED_NODES = 100_000

const nonNegative = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(MAX_PLANNED_NODES, `must be at most ${MAX_PLANNED_NODES}`)

/** What a node group is in a plan and in a sizing: its types, its size, its pods and settings. */
export const NODE_GROUP_FIELDS = {
  name: z.string().min(1).max(100),
  instanceTypes: z.array(z.string().min(1).max(64)).min(1, 'name at least one instance type').max(50),
  desiredNodes: nonNegative,
  maxNodes: nonNegative
    .optional()
    .meta({ description: 'The most nodes the group may scale to (default: desiredNodes)' }),
  pods: z.union([nonNegative, z.literal('max')]).meta({ description: 'Pods per node, or "max"' }),
  settings: MaxPodsSettingsPatch.extend(WarmPoolSettings.shape).strict().optional(),
}

export const NodeGroupPlan = z
  .object({
    ...NODE_GROUP_FIELDS,
    subnetIds: z
      .array(SubnetId)
      .min(1)
      .optional()
      .meta({ description: 'Subnets the nodes (and, without custom networking, their pods) use' }),
    availabilityZones: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: 'Or: every selected subnet in these zones' }),
    podSubnetIds: z.array(SubnetId).min(1).optional().meta({
      description:
        'With custom networking: the ENIConfig subnets pods use, one or more in every zone of the node subnets (pods get ENIs in their node’s zone)',
    }),
  })
  .strict()
  .superRefine((group, ctx) => {
    if (group.maxNodes !== undefined && group.maxNodes < group.desiredNodes) {
      ctx.addIssue({ code: 'custom', path: ['maxNodes'], message: 'must be at least desiredNodes' })
    }
    if (group.subnetIds && group.availabilityZones) {
      ctx.addIssue({
        code: 'custom',
        path: ['availabilityZones'],
        message: 'give subnetIds or availabilityZones, not both',
      })
    }
  })
export type NodeGroupPlan = z.infer<typeof NodeGroupPlan>

const PodsPerNode = z.union([nonNegative, z.literal('max')])

export const PlanRequest = z
  .object({
    region: AwsRegion.optional(),
    cluster: z.string().min(1).max(100).optional().meta({
      description:
        'Plan an EKS cluster as it is: its managed node groups (at max size and at today’s size), its vpc-cni add-on settings and its VPC’s subnets, read from the EKS and EC2 APIs',
    }),
    awsNode: z.record(z.string(), z.unknown()).optional().meta({
      description:
        'With cluster: `kubectl get daemonset aws-node -n kube-system -o json`, for CNI settings that are not in the add-on (a self-managed aws-node); it wins over the add-on, as it is what runs',
    }),
    karpenter: z
      .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
      .optional()
      .meta({
        description:
          'With cluster: `kubectl get nodepools,ec2nodeclasses -o yaml` (as JSON): each NodePool becomes a node group, its instance types resolved against the catalog and its limits as max nodes',
      }),
    pods: PodsPerNode.optional().meta({
      description: 'With cluster: pods per node on every node group (default "max": full nodes)',
    }),
    subnets: z
      .object({
        vpcId: VpcId.optional(),
        subnetIds: z.array(SubnetId).min(1).optional(),
        cluster: z.string().min(1).optional(),
      })
      .strict()
      .optional()
      .meta({
        description: 'Which subnets to plan against, from the inventory (EC2, or the demo VPC locally)',
      }),
    exports: SubnetExports.optional().meta({
      description: 'Or: AWS CLI exports of the subnets, as for POST /v1/subnets/analyze',
    }),
    nodeGroups: z
      .array(NodeGroupPlan)
      .min(1, 'a plan needs at least one node group')
      .max(100)
      .optional()
      .meta({ description: 'The node groups; with cluster, groups planned beside the cluster’s own' }),
    emit: emitField(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.cluster !== undefined) {
      for (const field of ['subnets', 'exports'] as const)
        if (plan[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'a cluster plan reads the subnets of the cluster’s VPC; leave this out',
          })
      return
    }
    for (const field of ['awsNode', 'karpenter', 'pods'] as const)
      if (plan[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'only with cluster' })
    if (plan.nodeGroups === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['nodeGroups'],
        message: 'a plan needs node groups, or a cluster',
      })
    const given = [plan.subnets, plan.exports].filter((value) => value !== undefined).length
    if (given !== 1)
      ctx.addIssue({ code: 'custom', path: ['subnets'], message: 'give exactly one of subnets and exports' })
    const selectors = plan.subnets
      ? [plan.subnets.vpcId, plan.subnets.subnetIds, plan.subnets.cluster].filter(
          (value) => value !== undefined,
        ).length
      : 1
    if (selectors !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['subnets'],
        message: 'give exactly one of vpcId, subnetIds and cluster',
      })
  })
  .meta({ id: 'PlanRequest' })
export type PlanRequest = z.infer<typeof PlanRequest>

export const VERDICTS = ['fits', 'tight', 'does-not-fit'] as const
export const Verdict = z.enum(VERDICTS)
export type Verdict = z.infer<typeof Verdict>

export const NodeGroupAssessment = z.object({
  name: z.string(),
  instanceTypes: z.array(z.string()),
  kubeletMaxPods: z.number().int(),
  boundingInstanceType: z
    .string()
    .meta({ description: 'The type with the smallest max pods: it sets kubelet maxPods for the group' }),
  podsPerNode: z.number().int(),
  mode: z.string(),
  /** The type that takes the most addresses per node: plans size for it. */
  hungriestInstanceType: z.string(),
  perNode: z.object({ steady: NodeHolding, peak: NodeHolding }),
  desiredNodes: z.number().int(),
  maxNodes: z.number().int(),
  subnetIds: z.array(z.string()),
  podSubnetIds: z.array(z.string()),
  verdict: Verdict.meta({
    description: 'The group’s own verdict: does-not-fit when the VPC CNI leaves pods without an address',
  }),
  reasons: z.array(z.string()).meta({ description: 'Why the group’s own verdict is not fits' }),
})
export type NodeGroupAssessment = z.infer<typeof NodeGroupAssessment>

export const SubnetAssessment = z.object({
  subnetId: z.string(),
  cidr: z.string(),
  availabilityZone: z.string(),
  supply: z.object({
    freeIps: z.number().int(),
    addresses: z.number().int().meta({
      description:
        'Free addresses outside every CIDR reservation: what secondary IPs and ENI primary addresses may use',
    }),
    assignableBlocks: z.number().int().meta({
      description: 'Free /28 blocks automatic prefixes may take (prefix reservations included)',
    }),
    prefixReservationBlocks: z.number().int().meta({
      description: 'Of those, the blocks wholly inside prefix reservations: prefixes are taken there first',
    }),
  }),
  demand: z.object({
    nodes: z.record(z.string(), z.number().int()),
    addresses: z.number().int().meta({
      description: 'Secondary IPs and ENI primary addresses at max nodes (prefixes are counted in blocks)',
    }),
    blocks: z.number().int().meta({ description: '/28 prefixes at max nodes' }),
    peakAddresses: z.number().int(),
    peakBlocks: z.number().int(),
  }),
  utilization: z.number().nullable().meta({
    description:
      'The share of the binding supply the demand at max nodes takes, counting what the other kind takes of it (above 1: it does not fit); null when the subnet has none of a supply that is wanted',
  }),
  verdict: Verdict,
  bindingLimit: z.enum(['addresses', 'contiguous-28-blocks']),
  moreNodes: z.array(
    z.object({
      nodeGroup: z.string(),
      nodes: z.number().int().meta({ description: 'Nodes that fit here beyond the planned max' }),
      plannedNodes: z.number().int().meta({ description: 'The group’s nodes planned here at max' }),
      nodesThatFit: z.number().int().meta({ description: 'How many of the planned nodes fit' }),
    }),
  ),
})
export type SubnetAssessment = z.infer<typeof SubnetAssessment>

export const Recommendation = z.object({
  kind: z.enum([
    'warm-ip-target',
    'prefix-delegation',
    'prefix-reservation',
    'larger-subnet',
    'instance-type',
  ]),
  nodeGroup: z.string().optional(),
  subnetId: z.string().optional(),
  summary: z.string(),
  /** Computed, not guessed: the figures after the change. */
  effect: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  settings: z
    .record(z.string(), z.union([z.number(), z.boolean()]))
    .optional()
    .meta({ description: 'The node group’s settings the change sets (what emitted configuration writes)' }),
})
export type Recommendation = z.infer<typeof Recommendation>

export const InputSource = z.object({
  input: z.string().meta({ description: 'What was read: a node group, the CNI settings, the subnets' }),
  source: z.string().meta({ description: 'Where it came from' }),
})
export type InputSource = z.infer<typeof InputSource>

export const ClusterPlanInfo = z
  .object({
    name: z.string(),
    region: z.string(),
    vpcId: z.string(),
    kubernetesVersion: z.string().nullable(),
    sources: z.array(InputSource),
    today: z
      .object({
        verdict: Verdict,
        nodeGroups: z.array(z.object({ name: z.string(), nodes: z.number().int() })),
        subnets: z.array(
          z.object({ subnetId: z.string(), verdict: Verdict, utilization: z.number().nullable() }),
        ),
      })
      .meta({
        description: 'The same plan at today’s node counts (desired size); the plan itself is at max size',
      }),
  })
  .meta({ id: 'ClusterPlanInfo' })
export type ClusterPlanInfo = z.infer<typeof ClusterPlanInfo>

export const PlanResult = z
  .object({
    cluster: ClusterPlanInfo.optional(),
    verdict: Verdict,
    nodeGroups: z.array(NodeGroupAssessment),
    subnets: z.array(SubnetAssessment),
    recommendations: z.array(Recommendation),
    warnings: z.array(z.string()),
    configuration: EmittedConfiguration.optional(),
  })
  .meta({ id: 'PlanResult' })
export type PlanResult = z.infer<typeof PlanResult>
