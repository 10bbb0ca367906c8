import type { Telemetry } from '../../lib/ports/telemetry.ts'

/** Telemetry that keeps what it was told, for tests to read. */
export function recordingTelemetry() {
  const logs: { level: string; message: string; fields: Record<string, unknown> }[] = []
  const metrics: { dimensions: Record<string, string>; values: Record<string, number> }[] = []
  const invocations: string[] = []
  const telemetry: Telemetry = {
    info: (message, fields = {}) => logs.push({ level: 'info', message, fields }),
    warn: (message, fields = {}) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields = {}) => logs.push({ level: 'error', message, fields }),
    metrics: (dimensions, values) => metrics.push({ dimensions, values }),
    startInvocation: (context) => invocations.push(context.awsRequestId),
  }
  return { telemetry, logs, metrics, invocations }
}
