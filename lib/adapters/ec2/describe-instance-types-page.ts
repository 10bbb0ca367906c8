import * as z from 'zod'

// The parts of a DescribeInstanceTypes answer that the catalog uses, in the API's own field names.
// Objects are loose: EC2 adds fields often, and an export must not be refused for carrying more.
const count = z.number().int().min(0)

export const Ec2NetworkCard = z.looseObject({
  NetworkCardIndex: count,
  MaximumNetworkInterfaces: count,
})

export const Ec2InstanceType = z.looseObject({
  InstanceType: z.string().min(1),
  CurrentGeneration: z.boolean().optional(),
  BareMetal: z.boolean().optional(),
  // Absent on bare metal, as in the real API.
  Hypervisor: z.string().optional(),
  VCpuInfo: z.looseObject({ DefaultVCpus: z.number().int().positive() }),
  MemoryInfo: z.looseObject({ SizeInMiB: count }).optional(),
  ProcessorInfo: z.looseObject({ SupportedArchitectures: z.array(z.string()).optional() }).optional(),
  NetworkInfo: z.looseObject({
    Ipv4AddressesPerInterface: z.number().int().positive(),
    Ipv6AddressesPerInterface: count.optional(),
    Ipv6Supported: z.boolean().optional(),
    MaximumNetworkInterfaces: z.number().int().positive(),
    DefaultNetworkCardIndex: count.optional(),
    NetworkCards: z.array(Ec2NetworkCard).optional(),
  }),
})
export type Ec2InstanceType = z.infer<typeof Ec2InstanceType>

/** One page of `aws ec2 describe-instance-types --output json` (a whole export is one page without NextToken). */
export const DescribeInstanceTypesPage = z.looseObject({
  InstanceTypes: z.array(Ec2InstanceType),
  NextToken: z.string().optional(),
})
export type DescribeInstanceTypesPage = z.infer<typeof DescribeInstanceTypesPage>
