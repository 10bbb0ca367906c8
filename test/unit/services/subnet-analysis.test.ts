import { describe, expect, it } from 'vitest'
import { DEMO_VPC_ID, DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { UnknownSubnetError } from '../../../lib/errors.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'

const service = () => createSubnetAnalysisService(() => new DemoVpcInventory(), 'us-east-1')

describe('one subnet by ID', () => {
  it('an IPv6-only subnet is the list’s skipped entry, with the reason, not a complaint about the input', async () => {
    // Prepare
    const subnets = service()
    // Act
    const one = await subnets.subnetOrSkipped('subnet-demo-ipv6-only')
    const { skipped } = await subnets.summaries({ vpcId: DEMO_VPC_ID })
    // Assess
    expect(one).toEqual({
      subnetId: 'subnet-demo-ipv6-only',
      vpcId: DEMO_VPC_ID,
      reason: 'IPv6-only subnet: no IPv4 /28 blocks to analyse',
    })
    expect(skipped).toEqual([one])
  })

  it('an IPv4 subnet is its full analysis, the same as a scan of it gives', async () => {
    const subnets = service()
    const one = await subnets.subnetOrSkipped('subnet-demo-healthy')
    expect(one).toEqual((await subnets.scan({ subnetIds: ['subnet-demo-healthy'] })).analyses[0])
    expect('blockList' in one && one.blockList).toHaveLength(256)
  })

  it('an unknown subnet is still UnknownSubnetError (404)', async () => {
    await expect(service().subnetOrSkipped('subnet-nope')).rejects.toBeInstanceOf(UnknownSubnetError)
  })
})
