// npm start: the service on this machine, no AWS account needed. Ctrl-C stops it.

import { chosenPort } from './local/local-port.ts'
import { printServing, stopOnSignal } from './local/serving-banner.ts'
import { startLocal } from './local/start-local.ts'

// The Lambda Invoke endpoint (the Slack worker) needs no fixed port unless LAMBDA_PORT asks for one.
const lambdaPort = Number(process.env.LAMBDA_PORT ?? 0)

console.log(
  'starting eks-ip-capacity locally (DynamoDB: in-process dynalite; HTTP: the functions in-process)…',
)
const service = await startLocal({ port: await chosenPort(), lambdaPort })
printServing(service)
stopOnSignal(service)
