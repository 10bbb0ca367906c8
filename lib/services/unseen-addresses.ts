import type { SubnetAnalysis } from '../schemas/subnets.ts'

/**
 * Addresses EC2 counts as used that no visible ENI explains (hidden ENIs, or changes during the scan): the
 * supply the plan weighs may be that much smaller.
 */
export function unseenAddresses(analyses: readonly SubnetAnalysis[]): string[] {
  return analyses.flatMap((analysis) =>
    (analysis.unaccountedAddresses ?? 0) > 0
      ? [
          `${analysis.subnetId}: EC2 counts ${analysis.unaccountedAddresses} more addresses in use than the ENIs seen explain; its supply may be that much smaller`,
        ]
      : [],
  )
}
