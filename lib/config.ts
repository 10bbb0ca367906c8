import * as z from 'zod'
import { InvalidInputError } from './errors.ts'
import { fieldIssues } from './schemas/field-issues.ts'

const regionList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((region) => region.trim())
      .filter((region) => region !== ''),
  )
  .pipe(
    z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected AWS regions such as us-east-1')).min(1),
  )

const optionalUrl = z
  .string()
  .optional()
  .transform((text) => (text === '' ? undefined : text))
  .pipe(z.url().optional())

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/** The service's whole configuration, read from the environment once (see container.ts). */
const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1).default('eks-ip-capacity'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Regions the scheduled refresher keeps current; the first is the API's default region. */
  CATALOG_REGIONS: regionList.optional(),
  /** A cache older than this is reported as stale: two missed 6-hourly refreshes. */
  CATALOG_STALE_AFTER_HOURS: positiveInt(12),
  /** Attempts per EC2 call in catalog and subnet scans (adaptive retry mode). */
  EC2_MAX_ATTEMPTS: positiveInt(8),
  /** A DynamoDB call unanswered this long is abandoned: reads then fall back to the bundled snapshot. */
  DYNAMODB_REQUEST_TIMEOUT_MS: positiveInt(2000),
  /** Local and test endpoints; unset in AWS. */
  DYNAMODB_ENDPOINT: optionalUrl,
  EC2_ENDPOINT: optionalUrl,
  SERVICE_VERSION: z.string().default('0.1.0'),
  /** Where subnet facts come from: EC2, or the synthetic demo VPC (npm start's default). */
  SUBNET_INVENTORY: z.enum(['ec2', 'demo']).default('ec2'),
  /** Slack: the signing secret itself (local runs), else the SecureString parameter holding it. */
  SLACK_SIGNING_SECRET: z
    .string()
    .optional()
    .transform((text) => (text === '' ? undefined : text)),
  SLACK_SIGNING_SECRET_PARAMETER: z.string().min(1).default('/eks-ip-capacity/slack-signing-secret'),
  SLACK_WORKER_FUNCTION: z.string().min(1).default('eks-ip-capacity-slackWorker'),
  /** The local Lambda endpoint (serverless-offline) for invoking the Slack worker; unset in AWS. */
  LAMBDA_ENDPOINT: optionalUrl,
  /** Where the API is reachable from Slack users' browsers, for links to SVG maps; unset for no links. */
  PUBLIC_BASE_URL: optionalUrl,
  /** The fragmentation report's scope (JSON, see ReportScope); the default covers this account's region. */
  REPORT_SCOPE: z.string().optional(),
  REPORT_QUEUE_URL: optionalUrl,
  /** SecureString parameter holding the Slack incoming-webhook URL for report summaries; unset for none. */
  REPORT_WEBHOOK_PARAMETER: z
    .string()
    .optional()
    .transform((text) => (text === '' ? undefined : text)),
  /** Locally: the webhook URL itself. */
  REPORT_WEBHOOK_URL: optionalUrl,
  STS_ENDPOINT: optionalUrl,
  /** Report page links: the HMAC key itself (local runs), else the SecureString parameter holding it. */
  REPORT_LINK_KEY: z
    .string()
    .optional()
    .transform((text) => (text === '' ? undefined : text)),
  REPORT_LINK_KEY_PARAMETER: z.string().min(1).default('/eks-ip-capacity/report-link-key'),
  /** How long a report page link opens: long enough for a weekend on call, short enough to age out of chat. */
  REPORT_LINK_DAYS: z.coerce.number().int().min(1).max(31).default(3),
})

export interface Config {
  tableName: string
  defaultRegion: string
  catalogRegions: string[]
  catalogStaleAfterMs: number
  ec2MaxAttempts: number
  dynamoDbEndpoint: string | undefined
  dynamoDbRequestTimeoutMs: number
  ec2Endpoint: string | undefined
  serviceVersion: string
  subnetInventory: 'ec2' | 'demo'
  slack: {
    signingSecret: string | undefined
    signingSecretParameter: string
    workerFunction: string
    lambdaEndpoint: string | undefined
    publicBaseUrl: string | undefined
  }
  reports: {
    /** REPORT_SCOPE as set; only the report functions parse it (lib/report-scope-setting.ts). */
    scopeSetting: string | undefined
    /** The region the functions run in: the default scope's only region. */
    homeRegion: string
    queueUrl: string | undefined
    webhookParameter: string | undefined
    webhookUrl: string | undefined
    stsEndpoint: string | undefined
    linkKey: string | undefined
    linkKeyParameter: string
    linkLifetimeSeconds: number
  }
}

/** Parses the environment; every problem is reported at once. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error))
  const value = parsed.data
  const catalogRegions = value.CATALOG_REGIONS ?? [value.AWS_REGION]
  return {
    tableName: value.TABLE_NAME,
    defaultRegion: catalogRegions[0] ?? value.AWS_REGION,
    catalogRegions,
    catalogStaleAfterMs: value.CATALOG_STALE_AFTER_HOURS * 3_600_000,
    ec2MaxAttempts: value.EC2_MAX_ATTEMPTS,
    dynamoDbEndpoint: value.DYNAMODB_ENDPOINT,
    dynamoDbRequestTimeoutMs: value.DYNAMODB_REQUEST_TIMEOUT_MS,
    ec2Endpoint: value.EC2_ENDPOINT,
    serviceVersion: value.SERVICE_VERSION,
    subnetInventory: value.SUBNET_INVENTORY,
    slack: {
      signingSecret: value.SLACK_SIGNING_SECRET,
      signingSecretParameter: value.SLACK_SIGNING_SECRET_PARAMETER,
      workerFunction: value.SLACK_WORKER_FUNCTION,
      lambdaEndpoint: value.LAMBDA_ENDPOINT,
      publicBaseUrl: value.PUBLIC_BASE_URL,
    },
    reports: {
      scopeSetting: value.REPORT_SCOPE,
      homeRegion: value.AWS_REGION,
      queueUrl: value.REPORT_QUEUE_URL,
      webhookParameter: value.REPORT_WEBHOOK_PARAMETER,
      webhookUrl: value.REPORT_WEBHOOK_URL,
      stsEndpoint: value.STS_ENDPOINT,
      linkKey: value.REPORT_LINK_KEY,
      linkKeyParameter: value.REPORT_LINK_KEY_PARAMETER,
      linkLifetimeSeconds: value.REPORT_LINK_DAYS * 86_400,
    },
  }
}
