import {
  InvalidInputError,
  PayloadTooLargeError,
  ReportLinkKeyError,
  SignatureRejectedError,
  UnknownClusterError,
  UnknownInstanceTypeError,
  UnknownReportError,
  UnknownSubnetError,
  UnknownVpcError,
  UnsupportedMediaTypeError,
} from '../errors.ts'
import type { Problem } from '../schemas/api/problem.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

const urn = (kind: string) => `urn:eks-ip-capacity:problem:${kind}`

/**
 * The one error table: every error a face can meet, and the answer it becomes. Anything not listed is a
 * bug and becomes a 500 that says nothing of the internals.
 */
export function toProblem(error: unknown, requestId?: string): Problem {
  if (error instanceof InvalidInputError) {
    return {
      type: urn('invalid-input'),
      title: 'Invalid input',
      status: 400,
      detail: error.message,
      errors: error.issues,
    }
  }
  if (error instanceof UnknownInstanceTypeError) {
    return {
      type: urn('unknown-instance-type'),
      title: 'Unknown instance type',
      status: 404,
      detail: error.message,
      errors: [{ field: 'instanceType', message: `'${error.instanceType}' is not in the catalog` }],
      suggestions: error.suggestions,
    }
  }
  if (error instanceof UnknownSubnetError) {
    return {
      type: urn('unknown-subnet'),
      title: 'Unknown subnet',
      status: 404,
      detail: error.message,
      errors: [{ field: 'subnetId', message: `'${error.subnetId}' is not a subnet in ${error.region}` }],
    }
  }
  if (error instanceof UnknownClusterError) {
    return {
      type: urn('unknown-cluster'),
      title: 'Unknown cluster',
      status: 404,
      detail: error.message,
      errors: [{ field: 'cluster', message: `'${error.cluster}' is not an EKS cluster in ${error.region}` }],
    }
  }
  if (error instanceof UnknownVpcError) {
    return {
      type: urn('unknown-vpc'),
      title: 'Unknown VPC',
      status: 404,
      detail: error.message,
      errors: [{ field: 'vpc.vpcId', message: `'${error.vpcId}' is not a VPC in ${error.region}` }],
    }
  }
  if (error instanceof UnknownReportError) {
    return { type: urn('unknown-report'), title: 'Unknown report', status: 404, detail: error.message }
  }
  if (error instanceof ReportLinkKeyError) {
    // The service's own configuration, not the caller's mistake; what is missing is logged, not told.
    return {
      type: urn('report-links-unavailable'),
      title: 'Report pages unavailable',
      status: 503,
      detail: 'report pages cannot be opened until the service has its link key',
    }
  }
  if (error instanceof SignatureRejectedError) {
    return {
      type: urn('signature-rejected'),
      title: 'Signature rejected',
      status: 401,
      detail: error.message,
      ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
    }
  }
  if (error instanceof PayloadTooLargeError) {
    return { type: urn('payload-too-large'), title: 'Payload too large', status: 413, detail: error.message }
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return {
      type: urn('unsupported-media-type'),
      title: 'Unsupported media type',
      status: 415,
      detail: error.message,
    }
  }
  const status = httpStatusOf(error)
  if (status === 404) {
    return {
      type: urn('not-found'),
      title: 'Not found',
      status,
      detail: 'no such route; see /docs for the API',
    }
  }
  if (status === 405) {
    return {
      type: urn('method-not-allowed'),
      title: 'Method not allowed',
      status,
      detail: (error as Error).message,
    }
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return { type: urn('bad-request'), title: 'Bad request', status, detail: (error as Error).message }
  }
  return {
    type: urn('internal-error'),
    title: 'Internal error',
    status: 500,
    detail: `the service failed to answer${requestId ? `; request id ${requestId}` : ''}`,
  }
}

/** Errors from middy's own packages carry the HTTP status they stand for. */
function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown; status?: unknown } | null)?.statusCode
  return typeof status === 'number' ? status : undefined
}
