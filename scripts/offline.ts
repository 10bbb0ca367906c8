// npm run offline: the service through serverless-offline (esbuild bundles of the functions), as npm start
// ran it before it served the functions in-process. Ctrl-C stops it.
import { printServing, stopOnSignal } from './local/serving-banner.ts'
import { startOffline } from './local/start-offline.ts'

const port = Number(process.env.PORT ?? 3000)
const lambdaPort = Number(process.env.LAMBDA_PORT ?? port + 2)

console.log('starting eks-ip-capacity locally (DynamoDB: in-process dynalite; HTTP: serverless-offline)…')
const service = await startOffline({ port, lambdaPort })
printServing(service)
stopOnSignal(service)
