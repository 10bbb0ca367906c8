import { DescribeAddonCommand, type EKSClient } from '@aws-sdk/client-eks'
import type { VpcCniAddonFacts } from '../../ports/cluster-source.ts'

export const VPC_CNI_ADDON = 'vpc-cni'
export const ADDON_NOT_INSTALLED = 'not installed as an EKS add-on (self-managed aws-node?)'
export const ADDON_API_MISSING = 'the EKS endpoint does not implement DescribeAddon'

/** The vpc-cni add-on's version and configurationValues, or why the settings are not there. */
export async function describeVpcCniAddon(eks: EKSClient, clusterName: string): Promise<VpcCniAddonFacts> {
  try {
    const { addon } = await eks.send(new DescribeAddonCommand({ clusterName, addonName: VPC_CNI_ADDON }))
    return {
      found: true,
      addonVersion: addon?.addonVersion ?? 'unknown',
      // An add-on installed without settings may report an empty string: no settings either way.
      configurationValues: addon?.configurationValues || null,
    }
  } catch (error) {
    // A cluster whose aws-node DaemonSet came with the cluster (never adopted as an add-on).
    if (error instanceof Error && error.name === 'ResourceNotFoundException')
      return { found: false, reason: ADDON_NOT_INSTALLED }
    if (isUnimplemented(error)) return { found: false, reason: ADDON_API_MISSING }
    // Access denied or throttled: a plan must not quietly drop the cluster's real CNI settings.
    throw error
  }
}

/**
 * An endpoint without the operation (moto) answers 404 with an HTML page. The SDK cannot parse it as an
 * EKS error, so it throws the JSON parser's SyntaxError carrying the response's $metadata (status 404);
 * a real EKS 404 always parses, as ResourceNotFoundException or NotFoundException.
 */
function isUnimplemented(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'SyntaxError') return false
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
  return metadata?.httpStatusCode === 404
}
