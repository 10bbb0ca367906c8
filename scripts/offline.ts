// npm run offline: the service through serverless-offline (esbuild bundles of the functions), as npm start
// ran it before it served the functions in-process. Ctrl-C stops it.
import { chosenPort, freePort } from './local/local-port.ts'
import { printServing, stopOnSignal } from './local/serving-banner.ts'
import { startOffline } from './local/start-offline.ts'

// The health check that tells it is ready would take another server's answer on a taken port for its own.
const port = await chosenPort()
const lambdaPort = Number(process.env.LAMBDA_PORT ?? (await freePort()))

console.log('starting eks-ip-capacity locally (DynamoDB: in-process dynalite; HTTP: serverless-offline)…')
const service = await startOffline({ port, lambdaPort })
printServing(service)
stopOnSignal(service)
