import { LambdaClient } from '@aws-sdk/client-lambda'
import { SSMClient } from '@aws-sdk/client-ssm'
import { LambdaJobQueue } from './adapters/lambda/lambda-job-queue.ts'
import { SsmSigningSecret } from './adapters/ssm/ssm-signing-secret.ts'
import { appConfig, capacityServicesForSlack, telemetry } from './container.ts'
import { systemClock } from './ports/clock.ts'
import type { SigningSecretSource } from './ports/slack.ts'
import { createSlackCommandService } from './slack/slack-service.ts'

// The Slack command function: it reads the catalog and hands slow work to the worker; no EC2 client.

let service: ReturnType<typeof createSlackCommandService> | undefined
export function slackCommandService() {
  if (service) return service
  const { slack } = appConfig()
  const secret: SigningSecretSource = slack.signingSecret
    ? { signingSecret: async () => slack.signingSecret as string }
    : new SsmSigningSecret(new SSMClient({}), slack.signingSecretParameter)
  const lambda = new LambdaClient(slack.lambdaEndpoint ? { endpoint: slack.lambdaEndpoint } : {})
  service = createSlackCommandService({
    secret,
    queue: new LambdaJobQueue(lambda, slack.workerFunction),
    clock: systemClock,
    telemetry,
    ...capacityServicesForSlack(),
  })
  return service
}
