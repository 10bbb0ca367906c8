import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { localFunctionName } from './lambda-runtime.ts'
import { SERVICE_ROOT } from './service-functions.ts'

export const LOCAL_STAGE = 'local'
/** The Slack signing secret `npm start` accepts unless SLACK_SIGNING_SECRET says otherwise (npm run slack:sign uses it). */
export const LOCAL_SLACK_SIGNING_SECRET = 'local-slack-signing-secret'
/** The key that signs report page links under `npm start`, unless REPORT_LINK_KEY says otherwise. */
export const LOCAL_REPORT_LINK_KEY = 'local-report-link-key-for-npm-start-only'
export const LOCAL_REGION = 'us-east-1'
export const TABLE_NAME = `eks-ip-capacity-${LOCAL_STAGE}`
// Nothing here talks to AWS; the SDK still wants credentials to sign requests to the local DynamoDB.
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/**
 * The functions' environment on this machine, whichever server runs them: serverless.yml reads nothing
 * from the shell (a deployer's shell never ships to AWS), so the local settings are set here.
 */
export function localFunctionEnvironment(options: {
  dynamoDbEndpoint: string
  lambdaEndpoint: string
  publicBaseUrl: string
}): Record<string, string> {
  const subnetInventory = process.env.SUBNET_INVENTORY === 'ec2' ? 'ec2' : 'demo'
  const { version } = JSON.parse(readFileSync(join(SERVICE_ROOT, 'package.json'), 'utf8'))
  return {
    TABLE_NAME,
    SERVICE_VERSION: version,
    DYNAMODB_ENDPOINT: options.dynamoDbEndpoint,
    AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
    SUBNET_INVENTORY: subnetInventory,
    SLACK_SIGNING_SECRET: process.env.SLACK_SIGNING_SECRET ?? LOCAL_SLACK_SIGNING_SECRET,
    SLACK_WORKER_FUNCTION: localFunctionName('slackWorker'),
    LAMBDA_ENDPOINT: options.lambdaEndpoint,
    PUBLIC_BASE_URL: options.publicBaseUrl,
    REPORT_LINK_KEY: process.env.REPORT_LINK_KEY ?? LOCAL_REPORT_LINK_KEY,
    // The demo VPC needs no AWS: sign local calls with made-up keys. With SUBNET_INVENTORY=ec2 the
    // caller's own credentials are kept for EC2 (dynalite accepts any signature).
    ...(subnetInventory === 'demo'
      ? {
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        }
      : {}),
  }
}
