import { EC2Client } from '@aws-sdk/client-ec2'
import { Ec2SubnetInventory } from '../../lib/adapters/ec2/ec2-subnet-inventory.ts'
import { formatIpv4 } from '../../lib/domain/ipv4.ts'
import { analyzeSubnet } from '../../lib/domain/subnet-analysis.ts'
import type { EniFacts, SubnetFacts } from '../../lib/schemas/subnets.ts'
import { analyseFacts, createSubnetAnalysisService } from '../../lib/services/subnet-analysis.ts'
import { busySlash16 } from '../../test/builders/busy-slash16.ts'
import { toEc2NetworkInterface, toEc2Subnet } from '../../test/builders/ec2-shapes.ts'
import { eni, subnet } from '../../test/builders/subnets.ts'
import { FakeEc2 } from '../../test/support/fake-ec2.ts'
import { type BenchSection, fixed, quantile, sortedNumbers, thousands } from './measure.ts'

const RUNS = 25
const VPC_SUBNETS = 200
const VPC_ENIS = 50_000

/** 200 /22 subnets in one VPC sharing 50,000 ENIs of two addresses each. */
function bigVpc(): { subnets: SubnetFacts[]; enis: EniFacts[] } {
  const subnets = Array.from({ length: VPC_SUBNETS }, (_, index) =>
    subnet({
      subnetId: `subnet-${index}`,
      vpcId: 'vpc-big',
      cidr: `${formatIpv4(10 * 2 ** 24 + index * 1024)}/22`,
    }),
  )
  const enis = Array.from({ length: VPC_ENIS }, (_, index) => {
    const home = index % VPC_SUBNETS
    const slot = Math.floor(index / VPC_SUBNETS)
    const first = 10 * 2 ** 24 + home * 1024 + 4 + slot * 2
    return eni({
      networkInterfaceId: `eni-${index}`,
      subnetId: `subnet-${home}`,
      instanceId: `i-${index}`,
      privateIps: [formatIpv4(first), formatIpv4(first + 1)],
    })
  })
  return { subnets, enis }
}

export async function benchSubnets(): Promise<BenchSection> {
  const busy = busySlash16()
  const times: number[] = []
  for (let run = 0; run <= RUNS; run++) {
    const start = process.hrtime.bigint()
    analyzeSubnet(busy.subnet, busy.enis, [])
    if (run > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  const slash16 = sortedNumbers(times)

  const vpc = bigVpc()
  const ec2 = new FakeEc2()
  const endpoint = await ec2.start()
  ec2.setNetwork('us-east-1', {
    subnets: vpc.subnets.map(toEc2Subnet),
    networkInterfaces: vpc.enis.map((item) => toEc2NetworkInterface(item, 'vpc-big')),
    reservations: [],
  })
  const client = new EC2Client({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  })
  const service = createSubnetAnalysisService(() => new Ec2SubnetInventory(() => client), 'us-east-1')
  const scanStart = process.hrtime.bigint()
  const scan = await service.scan({ vpcId: 'vpc-big' })
  const scanMs = Number(process.hrtime.bigint() - scanStart) / 1e6
  const calls = ec2.calls.length
  const minimum = Math.ceil(VPC_SUBNETS / 1000) + Math.ceil(VPC_ENIS / 1000) + VPC_SUBNETS
  client.destroy()
  await ec2.stop()
  if (scan.analyses.length !== VPC_SUBNETS) throw new Error('the VPC scan lost subnets')

  const analyseStart = process.hrtime.bigint()
  analyseFacts(vpc.subnets, vpc.enis, [])
  const analyseMs = Number(process.hrtime.bigint() - analyseStart) / 1e6

  return {
    title: 'Subnet analysis (issue 4)',
    method: `analyzeSubnet() on a /16 with 40,000 used addresses in 800 ENIs and 500 prefixes (median of ${RUNS} after one warm-up); a VPC of ${VPC_SUBNETS} subnets and ${thousands(VPC_ENIS)} ENIs scanned through the real EC2 client against the fake EC2 endpoint on 127.0.0.1 (Query/XML, paged), and analysed in-process.`,
    headers: ['measure', 'value'],
    rows: [
      ['/16, 40,000 addresses, 500 prefixes: median ms', fixed(quantile(slash16, 0.5), 2)],
      ['/16: p90 ms', fixed(quantile(slash16, 0.9), 2)],
      [`VPC of ${VPC_SUBNETS} subnets, ${thousands(VPC_ENIS)} ENIs: analysis only, ms`, fixed(analyseMs)],
      ['same VPC: full scan over HTTP (EC2 calls + XML + analysis), ms', fixed(scanMs)],
      ['EC2 calls made / minimum for the data', `${calls} / ${minimum}`],
    ],
  }
}
