import { telemetry } from '../../lib/container.ts'
import { slackWorkerService } from '../../lib/container-ec2.ts'
import { lambdaInvocation } from '../../lib/lambda-invocation.ts'
import type { SlackJob } from '../../lib/ports/slack.ts'

const worker = slackWorkerService()

/** Invoked asynchronously by the command function: runs a slow command, answers at response_url. */
export const handler = lambdaInvocation(telemetry, 'slack worker', (job: SlackJob) => worker.run(job))
