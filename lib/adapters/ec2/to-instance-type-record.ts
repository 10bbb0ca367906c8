import type { InstanceTypeRecord, NetworkCard, Trunking } from '../../schemas/instance-type.ts'
import type { Ec2InstanceType } from './describe-instance-types-page.ts'

/**
 * Turns one EC2 instance type into the catalog record. Shared by the snapshot importer and the
 * scheduled refresher, so both store exactly the same facts.
 */
export function toInstanceTypeRecord(ec2: Ec2InstanceType, trunking: Trunking | null): InstanceTypeRecord {
  const network = ec2.NetworkInfo
  const defaultNetworkCardIndex = network.DefaultNetworkCardIndex ?? 0
  const networkCards = readNetworkCards(ec2)
  const defaultCard = networkCards.find((card) => card.index === defaultNetworkCardIndex)
  if (!defaultCard) {
    throw new Error(`${ec2.InstanceType}: no network card has the default index ${defaultNetworkCardIndex}`)
  }
  return {
    instanceType: ec2.InstanceType,
    family: familyOf(ec2.InstanceType),
    vcpus: ec2.VCpuInfo.DefaultVCpus,
    memoryMiB: ec2.MemoryInfo?.SizeInMiB ?? 0,
    hypervisor: ec2.Hypervisor ?? null,
    bareMetal: ec2.BareMetal ?? false,
    architectures: [...(ec2.ProcessorInfo?.SupportedArchitectures ?? [])].sort(),
    currentGeneration: ec2.CurrentGeneration ?? false,
    networkCards,
    defaultNetworkCardIndex,
    defaultCardMaxEnis: defaultCard.maxEnis,
    maxEnisAllCards: network.MaximumNetworkInterfaces,
    ipv4PerEni: network.Ipv4AddressesPerInterface,
    ipv6PerEni: network.Ipv6AddressesPerInterface ?? 0,
    ipv6Supported: network.Ipv6Supported ?? false,
    trunking,
    sources: {
      limits: 'describe-instance-types',
      details: 'describe-instance-types',
      trunking: trunking ? 'vpc-resource-controller-limits' : null,
    },
  }
}

/** `m5` of `m5.large`, `u-6tb1` of `u-6tb1.metal`. */
export function familyOf(instanceType: string): string {
  return instanceType.split('.', 1)[0] ?? instanceType
}

function readNetworkCards(ec2: Ec2InstanceType): NetworkCard[] {
  const cards = ec2.NetworkInfo.NetworkCards
  // Answers older than network cards describe a single card holding every ENI.
  if (!cards || cards.length === 0) return [{ index: 0, maxEnis: ec2.NetworkInfo.MaximumNetworkInterfaces }]
  return cards
    .map((card) => ({ index: card.NetworkCardIndex, maxEnis: card.MaximumNetworkInterfaces }))
    .sort((a, b) => a.index - b.index)
}
