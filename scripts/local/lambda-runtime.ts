import { register } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Context } from 'aws-lambda'
import { SERVICE_ROOT, type ServiceFunction } from './service-functions.ts'

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>

/** The Lambda function names `npm start` answers to: serverless names them `<service>-<stage>-<key>`. */
export const localFunctionName = (key: string) => `eks-ip-capacity-local-${key}`

/** The invocation outlived the function's `timeout`; Lambda would have stopped it. */
export class LambdaTimeoutError extends Error {
  override name = 'LambdaTimeoutError'
}

/**
 * Runs a function's handler in this process, as Lambda would run it: the module imported once (its
 * module scope is the cold start), a context with the request id and the function's deadline.
 * Unlike Lambda, nothing can stop a handler past its deadline: it is only no longer waited for.
 */
export function lambdaRuntime(load: (fn: ServiceFunction) => Promise<LambdaHandler> = importHandler) {
  const handlers = new Map<string, Promise<LambdaHandler>>()
  const handlerOf = (fn: ServiceFunction) => {
    let handler = handlers.get(fn.key)
    if (!handler) {
      handler = load(fn)
      handlers.set(fn.key, handler)
    }
    return handler
  }
  return {
    async invoke(fn: ServiceFunction, event: unknown, requestId: string): Promise<unknown> {
      const handler = await handlerOf(fn)
      const deadline = Date.now() + fn.timeoutSeconds * 1000
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LambdaTimeoutError(`${fn.key} timed out after ${fn.timeoutSeconds} s`)),
          fn.timeoutSeconds * 1000,
        )
      })
      try {
        return await Promise.race([handler(event, lambdaContext(fn, requestId, deadline)), timeout])
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

let hooksRegistered = false

async function importHandler(fn: ServiceFunction): Promise<LambdaHandler> {
  // What the Lambda bundles import as text is read as text here too.
  if (!hooksRegistered) register('./text-import-hooks.mjs', import.meta.url)
  hooksRegistered = true
  const module = await import(pathToFileURL(join(SERVICE_ROOT, fn.modulePath)).href)
  const handler = module[fn.exportName]
  if (typeof handler !== 'function') throw new Error(`${fn.modulePath} exports no ${fn.exportName}`)
  return handler
}

function lambdaContext(fn: ServiceFunction, requestId: string, deadline: number): Context {
  const functionName = localFunctionName(fn.key)
  const fail = () => {
    throw new Error('callback-style completion is not used by these functions')
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION ?? 'us-east-1'}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  }
}
