import * as z from 'zod'
import { parseCidr } from '../domain/ipv4.ts'
import { AwsRegion, VpcId } from './aws-ids.ts'
import { EmittedConfiguration, LayoutFormat } from './configuration.ts'
import { Ec2Subnet } from './ec2-subnet-exports.ts'
import { NodeHolding } from './ip-usage.ts'
import { NODE_GROUP_FIELDS, Verdict } from './plan.ts'

// Greenfield sizing: node groups and an address space in, the subnets (and prefix reservations) they need
// out, carved from the space's free CIDRs and proved by the plan.

/** An IPv4 CIDR as written (10.0.0.0/16): its network address aligned to its length. */
// A VPC's IPv4 CIDR blocks, primary and secondary, are /16 to /28 (VPC user guide).
export const Ipv4CidrText = z.string().refine(
  (text) => {
    const cidr = parseCidr(text)
    return cidr !== undefined && cidr.prefixLength >= 16 && cidr.prefixLength <= 28
  },
  { message: 'expected an aligned IPv4 CIDR from /16 to /28 (what a VPC takes), such as 10.0.0.0/16' },
)

/** The region of an availability zone: us-east-1a → us-east-1. */
export function zoneRegion(zone: string): string {
  return zone.replace(/[a-z]$/, '')
}

export const SizingNodeGroup = z
  .object({
    ...NODE_GROUP_FIELDS,
    availabilityZones: z
      .array(
        z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/, 'expected an availability zone such as us-east-1a'),
      )
      .min(1, 'name at least one availability zone')
      .max(6),
  })
  .strict()
  .superRefine((group, ctx) => {
    if (group.maxNodes !== undefined && group.maxNodes < group.desiredNodes)
      ctx.addIssue({ code: 'custom', path: ['maxNodes'], message: 'must be at least desiredNodes' })
    const seen = new Set<string>()
    group.availabilityZones.forEach((zone, index) => {
      if (seen.has(zone))
        ctx.addIssue({
          code: 'custom',
          path: ['availabilityZones', index],
          message: `${zone} is named twice`,
        })
      seen.add(zone)
    })
    // An IPv6 cluster's pods take /80 prefixes from the subnets' IPv6 CIDRs: nothing here to size in IPv4.
    if (group.settings?.ipFamily === 'ipv6')
      ctx.addIssue({
        code: 'custom',
        path: ['settings', 'ipFamily'],
        message: 'sizing lays out IPv4 subnets; an IPv6 cluster takes a /64 per subnet and a /80 per ENI',
      })
  })
export type SizingNodeGroup = z.infer<typeof SizingNodeGroup>

export const SizingRequest = z
  .object({
    region: AwsRegion.optional(),
    nodeGroups: z.array(SizingNodeGroup).min(1, 'size at least one node group').max(50),
    headroomPercent: z
      .number()
      .int()
      .min(0)
      .max(400)
      .default(30)
      .meta({ description: 'Room above the demand at max nodes, in percent (default 30)' }),
    addressSpace: z
      .object({
        vpcCidr: Ipv4CidrText,
        secondaryCidrs: z.array(Ipv4CidrText).max(4).optional().meta({
          description: 'Secondary VPC CIDRs, such as 100.64.0.0/16 for custom networking pod subnets',
        }),
      })
      .strict()
      .optional()
      .meta({ description: 'A new VPC: its CIDR and secondary CIDRs, all free' }),
    vpc: z.object({ vpcId: VpcId }).strict().optional().meta({
      description:
        'Or: an existing VPC from the inventory (EC2, the demo VPC locally); its subnets are avoided',
    }),
    exports: z
      .object({
        vpcs: z
          .looseObject({
            Vpcs: z
              .array(
                z.looseObject({
                  VpcId: z.string(),
                  CidrBlock: z.string().optional(),
                  CidrBlockAssociationSet: z
                    .array(
                      z.looseObject({
                        CidrBlock: z.string(),
                        CidrBlockState: z.looseObject({ State: z.string().optional() }).optional(),
                      }),
                    )
                    .optional(),
                }),
              )
              .length(1, 'export exactly one VPC: aws ec2 describe-vpcs --vpc-ids vpc-…'),
          })
          .meta({ description: 'The output of `aws ec2 describe-vpcs --vpc-ids vpc-…`' }),
        subnets: z
          .looseObject({ Subnets: z.array(Ec2Subnet) })
          .meta({ description: 'The output of `aws ec2 describe-subnets` for that VPC' }),
      })
      .strict()
      .optional()
      .meta({ description: 'Or: AWS CLI exports of an existing VPC and its subnets' }),
    clusterName: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Written into the emitted layout' }),
    emit: LayoutFormat.optional().meta({
      description:
        'Also answer with the layout as terraform (aws_subnet, aws_ec2_subnet_cidr_reservation), cloudformation or eksctl',
    }),
  })
  .strict()
  .superRefine((request, ctx) => {
    const names = new Set<string>()
    request.nodeGroups.forEach((group, index) => {
      if (names.has(group.name))
        ctx.addIssue({
          code: 'custom',
          path: ['nodeGroups', index, 'name'],
          message: `'${group.name}' is named twice`,
        })
      names.add(group.name)
    })
    // Every zone is of one region, the request's own when it names one.
    const regions = new Set(request.nodeGroups.flatMap((group) => group.availabilityZones.map(zoneRegion)))
    if (regions.size > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['nodeGroups'],
        message: `the zones are of several regions (${[...regions].join(', ')}): a VPC is in one`,
      })
    else if (request.region !== undefined && regions.size === 1 && !regions.has(request.region))
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `the zones are in ${[...regions][0]}, not ${request.region}`,
      })
    const given = [request.addressSpace, request.vpc, request.exports].filter((value) => value !== undefined)
    if (given.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['addressSpace'],
        message: 'give exactly one of addressSpace (a new VPC), vpc (an existing one) and exports',
      })
  })
  .meta({ id: 'SizingRequest' })
export type SizingRequest = z.infer<typeof SizingRequest>
export type SizingRequestInput = z.input<typeof SizingRequest>

const Load = z.object({ addresses: z.number().int(), blocks: z.number().int() })

export const ProposedSubnet = z
  .object({
    name: z.string().meta({ description: 'nodes-us-east-1a, pods-us-east-1a' }),
    role: z.enum(['nodes', 'pods']),
    availabilityZone: z.string(),
    cidr: z.string().nullable().meta({ description: 'null when the address space could not hold it' }),
    prefixLength: z.number().int(),
    addresses: z.number().int().meta({ description: 'The subnet’s size' }),
    prefixReservations: z.array(z.string()).meta({
      description:
        'Prefix-type CIDR reservations inside it: prefixes are taken there first, and secondary IPs and other ENIs never fragment them',
    }),
    demand: z.object({
      desired: Load.meta({
        description: 'Addresses (secondary IPs, ENI primaries) and /28 prefixes at desired nodes',
      }),
      max: Load.meta({ description: 'The same at max nodes' }),
      peak: Load.meta({ description: 'At max nodes with every node at kubelet max pods' }),
    }),
    capacity: Load.meta({
      description: 'Addresses outside the reservations (AWS’s five taken off) and /28 blocks inside them',
    }),
    headroomPercent: z.object({ addresses: z.number().nullable(), blocks: z.number().nullable() }).meta({
      description: 'Room left above the demand at max nodes; null where nothing of that kind is needed',
    }),
    nodes: z.record(z.string(), z.number().int()).meta({ description: 'Nodes of each group here at max' }),
  })
  .meta({ id: 'ProposedSubnet' })
export type ProposedSubnet = z.infer<typeof ProposedSubnet>

export const SizingAlternative = z.object({
  kind: z.enum(['fewer-nodes', 'prefix-delegation', 'secondary-cidr']),
  summary: z.string(),
  fits: z.boolean(),
})
export type SizingAlternative = z.infer<typeof SizingAlternative>

export const SizingResult = z
  .object({
    verdict: Verdict.meta({
      description:
        'The plan of the layout at max nodes (fits with the default headroom); does-not-fit when the space could not hold it',
    }),
    addressSpace: z.object({
      vpcId: z.string().nullable(),
      cidrs: z.array(z.string()),
      existingSubnets: z.array(z.string()).meta({ description: 'The CIDRs avoided' }),
    }),
    headroomPercent: z.number().int(),
    nodeGroups: z.array(
      z.object({
        name: z.string(),
        instanceTypes: z.array(z.string()),
        kubeletMaxPods: z.number().int(),
        mode: z.string(),
        perNode: z.object({ steady: NodeHolding, peak: NodeHolding }),
        availabilityZones: z.array(z.string()),
        desiredNodes: z.number().int(),
        maxNodes: z.number().int(),
      }),
    ),
    subnets: z.array(ProposedSubnet),
    shortfall: z
      .object({
        missing: z.array(z.string()).meta({ description: 'What the address space could not hold' }),
        largestFree: z.record(z.string(), z.string().nullable()),
        alternatives: z.array(SizingAlternative),
      })
      .nullable(),
    proof: z
      .object({
        verdict: Verdict,
        subnets: z.array(
          z.object({ name: z.string(), verdict: Verdict, utilization: z.number().nullable() }),
        ),
        reasons: z.array(z.string()),
      })
      .nullable()
      .meta({
        description:
          'The layout run back through the plan (as subnets with no ENIs yet); null when it was not carved',
      }),
    warnings: z.array(z.string()),
    configuration: EmittedConfiguration.optional(),
  })
  .meta({ id: 'SizingResult' })
export type SizingResult = z.infer<typeof SizingResult>
