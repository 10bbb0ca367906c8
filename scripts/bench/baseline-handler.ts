// The baseline for cold-load figures: a hello-world handler with the same middy + zod + DynamoDB
// client as the real functions, and nothing else.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import middy from '@middy/core'
import * as z from 'zod'

const client = new DynamoDBClient({})
const Hello = z.object({ name: z.string().default('world') })

interface HelloEvent {
  queryStringParameters?: Record<string, string>
}

export const handler = middy<HelloEvent>().handler(async (event) => ({
  statusCode: 200,
  body: JSON.stringify({
    hello: Hello.parse(event.queryStringParameters ?? {}).name,
    region: await client.config.region(),
  }),
}))
