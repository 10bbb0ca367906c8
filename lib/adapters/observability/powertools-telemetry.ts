import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { Telemetry } from '../../ports/telemetry.ts'
import { METRICS_NAMESPACE, SERVICE_NAME } from './console-telemetry.ts'

/**
 * Telemetry in Lambda, through Powertools: JSON log lines with the request id and cold-start flag of
 * the invocation, filtered by Lambda's log level (AWS_LAMBDA_LOG_LEVEL, read by the Logger itself) and
 * written at their own level (errors to stderr); metrics as CloudWatch Embedded Metric Format lines.
 */
export function powertoolsTelemetry(options: { serviceName?: string; namespace?: string } = {}): Telemetry {
  const serviceName = options.serviceName ?? SERVICE_NAME
  const logger = new Logger({ serviceName })
  const metrics = new Metrics({ namespace: options.namespace ?? METRICS_NAMESPACE, serviceName, logger })
  // Powertools adds a `service` dimension to every metric; an alarm matches a metric's dimensions
  // exactly, so each metric carries the dimensions its caller names and nothing else.
  metrics.clearDefaultDimensions()
  return {
    info: (message, fields = {}) => logger.info(message, fields),
    warn: (message, fields = {}) => logger.warn(message, fields),
    error: (message, fields = {}) => logger.error(message, fields),
    metrics(dimensions, values) {
      metrics.addDimensions(dimensions)
      for (const [name, value] of Object.entries(values)) metrics.addMetric(name, unitOf(name), value)
      // One EMF line per call: the next call may name other dimensions.
      metrics.publishStoredMetrics()
    },
    startInvocation: (context) => logger.addContext(context),
  }
}

/** Durations are named …Ms; everything else this service measures is a count. */
function unitOf(name: string) {
  return name.endsWith('Ms') ? MetricUnit.Milliseconds : MetricUnit.Count
}
