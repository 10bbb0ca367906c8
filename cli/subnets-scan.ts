import { Ec2SubnetInventory } from '../lib/adapters/ec2/ec2-subnet-inventory.ts'
import type { Command } from '../lib/commands/grammar.ts'
import type { SubnetSelector } from '../lib/ports/subnet-inventory.ts'
import { createSubnetAnalysisService, type SubnetScan } from '../lib/services/subnet-analysis.ts'
import { adoptAwsEnvironment, cliEc2Clients, resolveRegion } from './aws-clients.ts'
import { currentEksCluster } from './kube-context.ts'
import { sortScan } from './subnets.ts'

/**
 * `subnets scan`: live, with the caller's AWS credentials, telling progress on stderr (unless --quiet).
 * Without a selector, the EKS cluster of the current kube context, in that cluster's region.
 */
export async function scanLive(command: Extract<Command, { name: 'subnets-scan' }>): Promise<SubnetScan> {
  adoptAwsEnvironment()
  const progress = command.quiet ? () => {} : (message: string) => process.stderr.write(`scan: ${message}\n`)
  let selector: SubnetSelector
  let contextRegion: string | undefined
  if (command.selector) selector = command.selector
  else {
    const { context, cluster, region } = currentEksCluster()
    selector = { cluster }
    contextRegion = region
    progress(`cluster ${cluster}${region ? ` in ${region}` : ''}, from the kube context ${context}`)
  }
  const region = await resolveRegion(command.aws, contextRegion)
  const clients = cliEc2Clients(command.aws)
  try {
    const service = createSubnetAnalysisService(
      () => new Ec2SubnetInventory((where) => clients.forRegion(where)),
      region,
    )
    return sortScan(await service.scan(selector, region, progress))
  } finally {
    clients.destroy()
  }
}
