import type { Telemetry } from '../../ports/telemetry.ts'

export const METRICS_NAMESPACE = 'EksIpCapacity'

/**
 * JSON lines on stdout: Lambda ships them to CloudWatch Logs, and the metrics lines use the Embedded
 * Metric Format, so CloudWatch turns them into metrics with no API call and no extra dependency.
 */
export function consoleTelemetry(write: (line: string) => void = (line) => console.log(line)): Telemetry {
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      write(JSON.stringify({ level, message, ...fields, timestamp: new Date().toISOString() }))
  return {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    metrics(dimensions, values) {
      write(
        JSON.stringify({
          _aws: {
            Timestamp: Date.now(),
            CloudWatchMetrics: [
              {
                Namespace: METRICS_NAMESPACE,
                Dimensions: [Object.keys(dimensions)],
                Metrics: Object.keys(values).map((name) => ({
                  Name: name,
                  Unit: name.endsWith('Ms') ? 'Milliseconds' : 'Count',
                })),
              },
            ],
          },
          ...dimensions,
          ...values,
        }),
      )
    },
  }
}
