/** Structured logs and metrics; the adapter decides the wire format (JSON lines, CloudWatch EMF). */
export interface Telemetry {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  /** Numeric measurements of one unit of work, with the dimensions they belong to. */
  metrics(dimensions: Record<string, string>, values: Record<string, number>): void
}
