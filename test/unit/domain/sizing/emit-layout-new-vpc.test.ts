import { parse as parseHcl } from '@cdktf/hcl2json'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { emitLayout } from '../../../../lib/domain/sizing/emit-layout.ts'
import { newVpcCustomNetworkingWithReservations as NEW_VPC } from './layout-inputs.ts'

// A new VPC for EKS needs DNS hostnames and DNS resolution, or its nodes cannot register (EKS user guide's
// network requirements); AWS leaves hostnames off by default, so the emitted VPC must turn both on.

describe('a new VPC, as the layout emits it', () => {
  it('Terraform turns on DNS support and DNS hostnames', async () => {
    const content = emitLayout('terraform', NEW_VPC).files[0]?.content ?? ''
    const parsed = (await parseHcl('subnets.tf', content)) as {
      resource: { aws_vpc: Record<string, { enable_dns_support: boolean; enable_dns_hostnames: boolean }[]> }
    }
    const [vpc] = Object.values(parsed.resource.aws_vpc).flat()
    expect(vpc).toMatchObject({ enable_dns_support: true, enable_dns_hostnames: true })
  })

  it('CloudFormation turns on EnableDnsSupport and EnableDnsHostnames', () => {
    const template = parseYaml(emitLayout('cloudformation', NEW_VPC).files[0]?.content ?? '') as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>
    }
    const [vpc] = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::EC2::VPC')
    expect(vpc?.Properties).toMatchObject({ EnableDnsSupport: true, EnableDnsHostnames: true })
  })

  it('eksctl is told that its NAT gateway needs public subnets these are not', () => {
    expect(emitLayout('eksctl', NEW_VPC).notes.join('\n')).toMatch(/add vpc\.subnets\.public/)
  })
})
