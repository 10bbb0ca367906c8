import { type EC2Client, paginateDescribeInstanceTypes } from '@aws-sdk/client-ec2'
import type { InstanceTypeSource } from '../../ports/instance-catalog.ts'
import type { InstanceTypeRecord, Trunking } from '../../schemas/instance-type.ts'
import { Ec2InstanceType } from './describe-instance-types-page.ts'
import { toInstanceTypeRecord } from './to-instance-type-record.ts'

/** DescribeInstanceTypes allows at most 100 results a page. */
export const DESCRIBE_INSTANCE_TYPES_PAGE_SIZE = 100

/** Every instance type of a region from EC2, paged to the end, normalized as the importer does. */
export class Ec2InstanceTypeSource implements InstanceTypeSource {
  constructor(
    private readonly clientFor: (region: string) => EC2Client,
    /** Trunking facts are not in the EC2 API; they come from the bundled snapshot. */
    private readonly trunkingByType: () => Promise<ReadonlyMap<string, Trunking | null>>,
  ) {}

  async listInstanceTypes(region: string) {
    const trunking = await this.trunkingByType()
    const records: InstanceTypeRecord[] = []
    let calls = 0
    let retries = 0
    const pages = paginateDescribeInstanceTypes(
      { client: this.clientFor(region), pageSize: DESCRIBE_INSTANCE_TYPES_PAGE_SIZE },
      {},
    )
    for await (const page of pages) {
      const attempts = page.$metadata.attempts ?? 1
      calls += attempts
      retries += attempts - 1
      for (const info of page.InstanceTypes ?? []) {
        // The SDK's shapes are the API's; the same schema as an exported file keeps both paths equal.
        const parsed = Ec2InstanceType.safeParse(info)
        if (!parsed.success) {
          throw new Error(
            `EC2 described ${info.InstanceType ?? 'an instance type'} in an unexpected shape: ${parsed.error.message}`,
          )
        }
        records.push(toInstanceTypeRecord(parsed.data, trunking.get(parsed.data.InstanceType) ?? null))
      }
    }
    return { records, calls, retries }
  }
}
