import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'

/**
 * The table as CloudFormation creates it in serverless.yml (keys pk/sk, on demand), for local runs and
 * tests. TTL (expiresAt) is set by CloudFormation only: local DynamoDB implementations lack it.
 */
export async function createCatalogTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  )
}
