import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type lambdaRuntime, localFunctionName } from './lambda-runtime.ts'
import type { ServiceFunction } from './service-functions.ts'

/** `/2015-03-31/functions/{FunctionName}/invocations`: the one Lambda API call the functions make. */
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations(?:\?.*)?$/

/**
 * The Lambda Invoke API on 127.0.0.1 for the functions' own SDK calls (the Slack command invokes its
 * worker): `Event` answers 202 at once and runs the handler in the background, `RequestResponse` answers
 * the handler's result, each as the Lambda API answers.
 */
export async function startLambdaInvokeServer(options: {
  port: number
  functions: ServiceFunction[]
  runtime: ReturnType<typeof lambdaRuntime>
  log: (line: string) => void
}) {
  const byName = new Map(options.functions.map((fn) => [localFunctionName(fn.key), fn]))
  const server = createServer((request, response) => {
    invoke(request, response).catch((error: Error) => {
      options.log(`lambda invoke failed: ${error.stack ?? error.message}`)
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })

  async function invoke(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const name = INVOKE_PATH.exec(request.url ?? '')?.[1]
    // A function is named by its name or its ARN (`arn:aws:lambda:…:function:<name>[:qualifier]`).
    const functionName = decodeURIComponent(name ?? '').replace(/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/, '')
    const fn = request.method === 'POST' ? byName.get(functionName.split(':')[0] ?? '') : undefined
    const requestId = randomUUID()
    response.setHeader('x-amzn-requestid', requestId)
    if (!fn) {
      response.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      })
      response.end(
        JSON.stringify({ Type: 'User', message: `Function not found: ${functionName || request.url}` }),
      )
      return
    }
    const payload = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
    const started = Date.now()
    const run = options.runtime.invoke(fn, payload, requestId)
    if (request.headers['x-amz-invocation-type'] === 'Event') {
      response.writeHead(202).end()
      run.then(
        () => options.log(`INVOKE ${fn.key} (Event) done ${Date.now() - started}ms ${requestId}`),
        (error: Error) =>
          options.log(
            `INVOKE ${fn.key} (Event) failed ${Date.now() - started}ms ${requestId}: ${error.stack}`,
          ),
      )
      return
    }
    try {
      const result = await run
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null))
      options.log(`INVOKE ${fn.key} 200 ${Date.now() - started}ms ${requestId}`)
    } catch (error) {
      const { name: errorType, message: errorMessage } = error as Error
      response
        .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorType, errorMessage }))
      options.log(`INVOKE ${fn.key} failed ${Date.now() - started}ms ${requestId}: ${(error as Error).stack}`)
    }
  }

  server.listen(options.port, '127.0.0.1')
  await once(server, 'listening')
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => closeServer(server),
  }
}

export function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()))
  server.closeAllConnections()
  return closed
}
