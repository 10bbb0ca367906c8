import { SQSClient } from '@aws-sdk/client-sqs'
import { SSMClient } from '@aws-sdk/client-ssm'
import { DemoVpcInventory } from './adapters/demo/demo-vpc.ts'
import { DynamoDbReportStore } from './adapters/dynamodb/dynamodb-report-store.ts'
import { Ec2SubnetInventory } from './adapters/ec2/ec2-subnet-inventory.ts'
import { targetEc2Clients } from './adapters/ec2/target-ec2-clients.ts'
import { WebhookNotifier } from './adapters/slack/webhook-notifier.ts'
import { SqsReportQueue } from './adapters/sqs/sqs-report-queue.ts'
import { SsmSecureString } from './adapters/ssm/ssm-secure-string.ts'
import { appConfig, dynamoDbClient, telemetry } from './container.ts'
import { reportLinks, reportScope } from './container-report-reader.ts'
import { systemClock } from './ports/clock.ts'
import type { ReportNotifier } from './ports/report-queue.ts'
import type { SubnetInventory } from './ports/subnet-inventory.ts'
import { createReportService } from './services/reports.ts'

let reports: ReturnType<typeof createReportService> | undefined
/** The report pipeline of this deployment: scope from the configuration, DynamoDB, SQS, the webhook. */
export function reportService() {
  if (reports) return reports
  const config = appConfig()
  const { queueUrl, webhookParameter, webhookUrl, stsEndpoint } = config.reports
  const clientFor = targetEc2Clients({
    maxAttempts: config.ec2MaxAttempts,
    endpoint: config.ec2Endpoint,
    stsEndpoint,
  })
  // The demo VPC is built only where it is served (npm start), not at every cold start in AWS.
  const demo = config.subnetInventory === 'demo' ? new DemoVpcInventory() : undefined
  const inventoryFor = async (target: Parameters<typeof clientFor>[0]): Promise<SubnetInventory> => {
    if (demo) return demo
    const client = await clientFor(target)
    return new Ec2SubnetInventory(() => client)
  }
  reports = createReportService({
    scope: reportScope(),
    store: new DynamoDbReportStore(dynamoDbClient(), config.tableName),
    inventoryFor,
    telemetry,
    clock: systemClock,
    ...(queueUrl ? { queue: new SqsReportQueue(new SQSClient({}), queueUrl) } : {}),
    ...notifierOf(webhookUrl, webhookParameter),
    pageUrl: (reportId) => reportLinks().urlOf({ reportId }),
  })
  return reports
}

function notifierOf(url: string | undefined, parameter: string | undefined): { notifier?: ReportNotifier } {
  if (url) return { notifier: new WebhookNotifier(async () => url) }
  if (!parameter) return {}
  const stored = new SsmSecureString(new SSMClient({}), parameter)
  return { notifier: new WebhookNotifier(() => stored.read()) }
}
