import { Ec2SubnetInventory } from '../lib/adapters/ec2/ec2-subnet-inventory.ts'
import { scanClient } from '../lib/adapters/ec2/scan-client.ts'
import type { Command } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { createSubnetAnalysisService, type SubnetScan } from '../lib/services/subnet-analysis.ts'
import { sortScan } from './subnets.ts'

/** `subnets scan`: live, with the caller's AWS credentials, telling progress on stderr. */
export async function scanLive(command: Extract<Command, { name: 'subnets-scan' }>): Promise<SubnetScan> {
  const region = command.aws.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION
  if (!region)
    throw new InvalidInputError([{ field: '--region', message: 'name the region (or set AWS_REGION)' }])
  const client = scanClient({ region, endpoint: process.env.EC2_ENDPOINT })

  try {
    const service = createSubnetAnalysisService(() => new Ec2SubnetInventory(() => client), region)
    const progress = (message: string) => process.stderr.write(`scan: ${message}\n`)
    if (!command.selector) throw new InvalidInputError([{ field: '--cluster', message: 'name the cluster' }])
    return sortScan(await service.scan(command.selector, region, progress))
  } finally {
    client.destroy()
  }
}
