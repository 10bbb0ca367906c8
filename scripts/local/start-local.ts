import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeServer, startLambdaInvokeServer } from './lambda-invoke-server.ts'
import { lambdaRuntime } from './lambda-runtime.ts'
import { startLocalCatalogDatabase } from './local-catalog.ts'
import { localFunctionEnvironment } from './local-environment.ts'
import { localHttpApi } from './local-http-api.ts'
import { serviceFunctions } from './service-functions.ts'

export { startLocalCatalogDatabase } from './local-catalog.ts'
export {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  LOCAL_REPORT_LINK_KEY,
  LOCAL_SLACK_SIGNING_SECRET,
  LOCAL_STAGE,
  TABLE_NAME,
} from './local-environment.ts'

export interface LocalService {
  url: string
  dynamoDbEndpoint: string
  stop(): Promise<void>
}

// The functions read their configuration from the environment once, at their first request: one
// service per process, or the second would talk to the first one's (stopped) database.
let started = false

/**
 * The whole service on this machine, in this process: dynalite with the catalog filled and two demo
 * reports, and serverless.yml's HTTP API served by an adapter that calls the same handlers as AWS does
 * (no bundling, no framework). Function log lines go to stdout as in Lambda unless `functionLogs` is
 * false, which is the default for a caller that takes the request lines itself (`log`): tests, benches.
 */
export async function startLocal(options: {
  port: number
  lambdaPort?: number
  log?: (line: string) => void
  functionLogs?: boolean
}): Promise<LocalService> {
  if (started) throw new Error('startLocal runs once per process: the functions read their settings once')
  started = true
  const log = options.log ?? ((line: string) => console.log(line))
  const functions = serviceFunctions()
  const runtime = lambdaRuntime()
  // Listening first tells the real port (port 0 is any free one), which the functions' settings name;
  // a request that comes early waits for the API to be ready.
  let apiReady: (api: ReturnType<typeof localHttpApi>) => void = () => {}
  const ready = new Promise<ReturnType<typeof localHttpApi>>((resolve) => {
    apiReady = resolve
  })
  const server = createServer((request, response) => {
    ready
      .then((api) => api.serve(request, response))
      .catch((error: Error) => {
        log(`answering failed: ${error.stack}`)
        response.destroy()
      })
  })
  server.listen(options.port, '127.0.0.1')
  const [database] = await Promise.all([startLocalCatalogDatabase(), once(server, 'listening')]).catch(
    async (error: Error) => {
      if (server.listening) await closeServer(server)
      throw error
    },
  )
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const lambda = await startLambdaInvokeServer({ port: options.lambdaPort ?? 0, functions, runtime, log })

  // Before any handler is imported: the functions read process.env once (lib/config.ts).
  Object.assign(process.env, {
    ...localFunctionEnvironment({
      dynamoDbEndpoint: database.endpoint,
      lambdaEndpoint: lambda.endpoint,
      publicBaseUrl: url,
    }),
    // Powertools flags a cold start only when told this is an on-demand environment. All functions share
    // one module graph here, so only the first invocation in this process is flagged.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...((options.functionLogs ?? options.log === undefined)
      ? {}
      : {
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          AWS_LAMBDA_LOG_LEVEL: 'SILENT',
          POWERTOOLS_METRICS_DISABLED: 'true',
        }),
  })
  apiReady(localHttpApi({ functions, runtime, log }))

  log(`catalog: ${database.typeCount} instance types written to DynamoDB (dynalite) at ${database.endpoint}`)
  return {
    url,
    dynamoDbEndpoint: database.endpoint,
    async stop() {
      await Promise.all([closeServer(server), lambda.stop()])
      await database.stop()
    },
  }
}
