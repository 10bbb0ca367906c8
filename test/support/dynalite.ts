import { startDynalite } from '../../scripts/local/dynalite.ts'

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }

/** DynamoDB over HTTP on 127.0.0.1 (dynalite, in memory), with the catalog table created. */
export function startDynamoDb(tableName = 'eks-ip-capacity-test') {
  return startDynalite({ tableName, region: 'us-east-1', credentials: TEST_CREDENTIALS })
}
