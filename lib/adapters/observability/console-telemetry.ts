import type { Telemetry } from '../../ports/telemetry.ts'

export const METRICS_NAMESPACE = 'EksIpCapacity'
/** The service's name in log lines and in the metrics that name it as a dimension. */
export const SERVICE_NAME = 'eks-ip-capacity'

/**
 * JSON lines on stdout in the Embedded Metric Format, with no dependency: the CLI's and the local
 * runner's telemetry (Lambda functions use powertools-telemetry.ts).
 */
export function consoleTelemetry(write: (line: string) => void = (line) => console.log(line)): Telemetry {
  let requestId: string | undefined
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      write(
        JSON.stringify({
          level,
          message,
          ...fields,
          ...(requestId ? { function_request_id: requestId } : {}),
          timestamp: new Date().toISOString(),
        }),
      )
  return {
    startInvocation(context) {
      requestId = context.awsRequestId
    },
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
