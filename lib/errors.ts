import type { FieldIssue } from './schemas/field-issues.ts'

// Every error the project raises on purpose. Faces (CLI, HTTP, Slack) turn these into answers in one
// place each; anything else is a bug and is reported without internals.

/** Input that does not satisfy a schema; names each bad field. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError'
  constructor(
    readonly issues: FieldIssue[],
    options?: ErrorOptions,
  ) {
    super(
      issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message)).join('; '),
      options,
    )
  }
}

/** An instance type the catalog does not hold, with the closest names it does hold. */
export class UnknownInstanceTypeError extends Error {
  override readonly name = 'UnknownInstanceTypeError'
  constructor(
    readonly instanceType: string,
    readonly suggestions: string[],
  ) {
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : ''
    super(`unknown instance type '${instanceType}'${hint}`)
  }
}

/** A DescribeInstanceTypes export (or branch-limits file) that cannot become a catalog. */
export class CatalogImportError extends Error {
  override readonly name = 'CatalogImportError'
}

/** A request body in a media type the route does not take. */
export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError'
}

/** A subnet the inventory does not know in that region. */
export class UnknownSubnetError extends Error {
  override readonly name = 'UnknownSubnetError'
  constructor(
    readonly subnetId: string,
    readonly region: string,
  ) {
    super(`no subnet '${subnetId}' in ${region}`)
  }
}

/** A request body over the route's stated limit. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError'
}

/** A request whose signature is missing, stale or wrong (a Slack command, a report page link): nothing it asks for is done. */
export class SignatureRejectedError extends Error {
  override readonly name = 'SignatureRejectedError'
  constructor(
    message: string,
    /** The request field at fault, when one is (a page link's `expires` or `signature`). */
    readonly field?: string,
  ) {
    super(message)
  }
}

/** A report (or report scope) that is not stored. */
export class UnknownReportError extends Error {
  override readonly name = 'UnknownReportError'
}

/** An EKS cluster the region does not have. */
export class UnknownClusterError extends Error {
  override readonly name = 'UnknownClusterError'
  constructor(
    readonly cluster: string,
    readonly region: string,
  ) {
    super(`no EKS cluster '${cluster}' in ${region}`)
  }
}

/** A VPC the region does not have. */
export class UnknownVpcError extends Error {
  override readonly name = 'UnknownVpcError'
  constructor(
    readonly vpcId: string,
    readonly region: string,
  ) {
    super(`no VPC '${vpcId}' in ${region}`)
  }
}

/** The key that signs report page links cannot be had (not stored, unreadable, too short): pages cannot open. */
export class ReportLinkKeyError extends Error {
  override readonly name = 'ReportLinkKeyError'
}
