import type { Ec2InstanceType } from '../../lib/adapters/ec2/describe-instance-types-page.ts'
import { BundledCatalog } from '../../lib/adapters/snapshot/bundled-catalog.ts'
import type { InstanceTypeRecord } from '../../lib/schemas/instance-type.ts'
import { MaxPodsSettings, type MaxPodsSettingsInput } from '../../lib/schemas/max-pods.ts'

export const bundledCatalog = new BundledCatalog()

/** A real type from the bundled catalog; fails loudly if the catalog lost it. */
export async function catalogType(name: string): Promise<InstanceTypeRecord> {
  const entry = await bundledCatalog.get(name)
  if (!entry) throw new Error(`the bundled catalog has no ${name}`)
  return entry.record
}

export function settings(input: MaxPodsSettingsInput = {}): MaxPodsSettings {
  return MaxPodsSettings.parse(input)
}

/** The bundled records that came from DescribeInstanceTypes: the ones an EC2 answer can carry. */
export async function describedRecords(): Promise<InstanceTypeRecord[]> {
  return (await bundledCatalog.list()).filter((record) => record.sources.details !== null)
}

/** A made-up single-card type for edge cases no real type has. */
export function instanceType(overrides: Partial<InstanceTypeRecord> = {}): InstanceTypeRecord {
  const enis = overrides.defaultCardMaxEnis ?? 3
  return {
    instanceType: 'x9.test',
    family: 'x9',
    vcpus: 2,
    memoryMiB: 8192,
    hypervisor: 'nitro',
    bareMetal: false,
    architectures: ['x86_64'],
    currentGeneration: true,
    networkCards: [{ index: 0, maxEnis: enis }],
    defaultNetworkCardIndex: 0,
    defaultCardMaxEnis: enis,
    maxEnisAllCards: enis,
    ipv4PerEni: 10,
    ipv6PerEni: 10,
    ipv6Supported: true,
    trunking: { compatible: true, branchEnis: 9 },
    ...overrides,
    sources: {
      limits: 'describe-instance-types',
      // A type whose vCPUs are unknown came from a limits table, as the record's schema requires.
      details: overrides.vcpus === null ? null : 'describe-instance-types',
      trunking: 'vpc-resource-controller-limits',
      ...overrides.sources,
    },
  }
}

/** The DescribeInstanceTypes shape a record came from: lets importer tests build exports of any size. */
export function toEc2InstanceType(record: InstanceTypeRecord): Ec2InstanceType {
  if (record.vcpus === null)
    throw new Error(`${record.instanceType} came from a limits table: EC2 would describe its vCPUs`)
  return {
    InstanceType: record.instanceType,
    CurrentGeneration: record.currentGeneration ?? undefined,
    BareMetal: record.bareMetal,
    ...(record.hypervisor === null ? {} : { Hypervisor: record.hypervisor }),
    VCpuInfo: { DefaultVCpus: record.vcpus },
    ...(record.memoryMiB === null ? {} : { MemoryInfo: { SizeInMiB: record.memoryMiB } }),
    ProcessorInfo: { SupportedArchitectures: record.architectures },
    NetworkInfo: {
      Ipv4AddressesPerInterface: record.ipv4PerEni,
      Ipv6AddressesPerInterface: record.ipv6PerEni ?? undefined,
      Ipv6Supported: record.ipv6Supported ?? undefined,
      MaximumNetworkInterfaces: record.maxEnisAllCards,
      DefaultNetworkCardIndex: record.defaultNetworkCardIndex,
      MaximumNetworkCards: record.networkCards.length,
      NetworkCards: record.networkCards.map((card) => ({
        NetworkCardIndex: card.index,
        MaximumNetworkInterfaces: card.maxEnis,
        NetworkPerformance: 'Up to 10 Gigabit',
      })),
    },
  }
}
