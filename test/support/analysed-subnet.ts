import type { SubnetAnalysis } from '../../lib/schemas/subnets.ts'
import type { SubnetAnalysisService } from '../../lib/services/subnet-analysis.ts'

/** One IPv4 subnet's analysis, for tests that need its blocks; a skipped subnet fails the test. */
export async function analysedSubnet(
  service: SubnetAnalysisService,
  subnetId: string,
  region?: string,
): Promise<SubnetAnalysis> {
  const found = await service.subnetOrSkipped(subnetId, region)
  if (!('blockList' in found)) throw new Error(`${subnetId} was skipped: ${found.reason}`)
  return found
}
