import type { Context } from 'aws-lambda'

/** Structured logs and metrics; the adapter decides the wire format (JSON lines, CloudWatch EMF). */
export interface Telemetry {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  /** Numeric measurements of one unit of work, with the dimensions they belong to. */
  metrics(dimensions: Record<string, string>, values: Record<string, number>): void
  /**
   * A Lambda invocation begins: every log line until the next one carries its request id and whether
   * it ran in a fresh (cold) container.
   */
  startInvocation(context: Context): void
}
