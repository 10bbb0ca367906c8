import * as z from 'zod'
import { AwsRegion } from './aws-ids.ts'
import { MaxPodsSettingsPatch } from './max-pods.ts'

const count = (description: string) =>
  z.number().int('must be a whole number').min(0, 'must be 0 or more').meta({ description })

/** The VPC CNI's warm-pool settings (aws-node environment), unset where the CNI's defaults apply. */
export const WarmPoolSettings = z
  .object({
    warmEniTarget: count('WARM_ENI_TARGET (default 1)').optional(),
    warmIpTarget: count('WARM_IP_TARGET').optional(),
    minimumIpTarget: count('MINIMUM_IP_TARGET').optional(),
    warmPrefixTarget: count('WARM_PREFIX_TARGET (default 1 in the shipped manifest)').optional(),
    kubeletMaxPods: z.number().int().positive('must be a positive integer').optional().meta({
      description: 'kubelet maxPods on the node (default: the max-pods profile’s figure for the type)',
    }),
    branchPods: count(
      'Pods with security groups (branch ENIs, one address each); needs securityGroupsForPods',
    ).optional(),
  })
  .strict()
export type WarmPoolSettings = z.infer<typeof WarmPoolSettings>

export const IP_USAGE_MODES = ['warm-eni', 'warm-ip', 'warm-prefix', 'prefix-warm-ip', 'ipv6'] as const
export const IpUsageMode = z.enum(IP_USAGE_MODES)
export type IpUsageMode = z.infer<typeof IpUsageMode>

/** What a node holds at one pod count. */
export const NodeHolding = z
  .object({
    pods: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Pods on the node that take a pool address (not host-network, not branch)' }),
    enis: z.number().int().min(0).meta({ description: 'ENIs holding pod addresses' }),
    secondaryIps: z.number().int().min(0),
    prefixes: z
      .number()
      .int()
      .min(0)
      .meta({ description: '/28 prefixes; each needs a free, aligned /28 block of the subnet' }),
    ipv4Held: z.number().int().min(0).meta({
      description: 'IPv4 addresses taken from the pod subnet (the node subnet unless custom networking)',
    }),
    ipv4HeldNodeSubnet: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'With custom networking: addresses taken from the node subnet as well' }),
    blocksNeeded: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Free aligned /28 blocks the node needs (prefix modes)' }),
    idleAddresses: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Pod addresses held but not used: the warm pool' }),
    podsWithoutAddress: z.number().int().min(0).meta({
      description:
        'Pods the VPC CNI leaves without an address (stuck in ContainerCreating): 0 when every pod gets one',
    }),
  })
  .meta({ id: 'NodeHolding' })
export type NodeHolding = z.infer<typeof NodeHolding>

export const IpUsageRequest = MaxPodsSettingsPatch.extend(WarmPoolSettings.shape)
  .extend({
    instanceType: z.string().min(1).max(64),
    pods: z
      .union([z.number().int('must be a whole number').min(0, 'must be 0 or more'), z.literal('max')])
      .meta({
        description: 'Pods per node, or "max" for kubelet max pods less the two host-network pods',
      }),
    region: AwsRegion.optional(),
  })
  .strict()
  .meta({ id: 'IpUsageRequest' })
export type IpUsageRequest = z.infer<typeof IpUsageRequest>

export const IpUsageResult = NodeHolding.extend({
  instanceType: z.string(),
  mode: IpUsageMode,
  modeReason: z.string(),
  kubeletMaxPods: z.number().int().positive(),
  /** Held when the node runs kubelet max pods. */
  peak: NodeHolding,
  explanation: z.array(z.string()),
  warnings: z.array(z.string()),
  errors: z.array(z.string()).meta({
    description:
      'Error-level findings: pods that would get no address (steady state or at kubelet max pods), with the cause and the fix',
  }),
}).meta({ id: 'IpUsageResult' })
export type IpUsageResult = z.infer<typeof IpUsageResult>
