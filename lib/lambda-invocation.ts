import type { Context } from 'aws-lambda'
import type { Telemetry } from './ports/telemetry.ts'

/**
 * A Lambda entry point whose log lines carry the invocation's request id and cold-start flag, and
 * whose failure is logged at error level (with the request id) before Lambda sees it: the thrown error
 * still fails the invocation, so retries, destinations and the Errors metric work as before.
 */
export function lambdaInvocation<Event, Result>(
  telemetry: Telemetry,
  name: string,
  handler: (event: Event, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result> {
  return async (event, context) => {
    telemetry.startInvocation(context)
    try {
      return await handler(event, context)
    } catch (error) {
      const { message, stack } = error instanceof Error ? error : new Error(String(error))
      telemetry.error(`${name} failed`, { error: message, stack })
      throw error
    }
  }
}
