// npm start: the service on this machine, no AWS account needed. Ctrl-C stops it.

import { printServing, stopOnSignal } from './local/serving-banner.ts'
import { startLocal } from './local/start-local.ts'

const port = Number(process.env.PORT ?? 3000)
const lambdaPort = Number(process.env.LAMBDA_PORT ?? port + 2)

console.log(
  'starting eks-ip-capacity locally (DynamoDB: in-process dynalite; HTTP: the functions in-process)…',
)
const service = await startLocal({ port, lambdaPort })
printServing(service)
stopOnSignal(service)
