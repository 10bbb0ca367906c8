import { EC2ServiceException } from '@aws-sdk/client-ec2'
import { fromEnv } from '@aws-sdk/credential-providers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { describeAwsFailure } from '../../../cli/aws-failure.ts'
import { UnknownAwsProfileError } from '../../../cli/aws-profiles.ts'
import { InvalidInputError } from '../../../lib/errors.ts'

/** An AWS service error as the SDK deserialises it: the error code is its name. */
const serviceError = (code: string, message: string, attempts = 1) =>
  new EC2ServiceException({ name: code, $fault: 'client', $metadata: { attempts }, message })

/** A Node socket error, as the SDK passes it on (with its own $metadata). */
const networkError = (code: string, message: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(message), { code, ...fields, $metadata: { attempts: 3 } })

/** What the SDK's credential chain throws when it finds nothing: provoked, not imitated. */
async function credentialsProviderError(): Promise<Error> {
  vi.stubEnv('AWS_ACCESS_KEY_ID', '')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', '')
  return fromEnv()().then(
    () => {
      throw new Error('fromEnv found credentials with none set')
    },
    (error: Error) => error,
  )
}

afterEach(() => vi.unstubAllEnvs())

describe('AWS access problems: one line with the code and a hint (exit 3)', () => {
  it.each([
    [
      'expired session token (STS/EC2 ExpiredToken): log in again',
      serviceError('ExpiredToken', 'The security token included in the request is expired'),
      /^ExpiredToken: .*expired; run aws sso login/,
    ],
    [
      'expired token in the JSON protocols (ExpiredTokenException)',
      serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
      /^ExpiredTokenException: .*aws sso login/,
    ],
    [
      'EC2 UnauthorizedOperation naming the action: the action is named',
      serviceError(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/ops is not authorized to perform: ec2:DescribeNetworkInterfaces because no identity-based policy allows it',
      ),
      /^UnauthorizedOperation: access denied to ec2:DescribeNetworkInterfaces; /,
    ],
    [
      'EC2 UnauthorizedOperation without the action: the permissions a scan needs are listed',
      serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      /^UnauthorizedOperation: access denied \(You are not authorized to perform this operation\.\); a scan needs ec2:DescribeSubnets/,
    ],
    [
      'STS AccessDenied (assuming a report role)',
      serviceError(
        'AccessDenied',
        'User: arn:aws:iam::111122223333:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/report',
      ),
      /^AccessDenied: access denied to sts:AssumeRole; /,
    ],
    [
      'AccessDeniedException of the JSON protocols',
      serviceError('AccessDeniedException', 'not allowed'),
      /^AccessDeniedException: access denied \(not allowed\)/,
    ],
    [
      'AuthFailure: keys AWS does not accept',
      serviceError('AuthFailure', 'AWS was not able to validate the provided access credentials'),
      /^AuthFailure: AWS rejected the credentials .*aws sts get-caller-identity/,
    ],
    [
      'throttled past retries: the attempts are said, and a narrower scan suggested',
      serviceError('RequestLimitExceeded', 'Request limit exceeded.', 8),
      /^RequestLimitExceeded: AWS throttled the calls and the retries were used up after 8 attempts; scan fewer subnets/,
    ],
    [
      'Throttling (the Query protocols other than EC2)',
      serviceError('Throttling', 'Rate exceeded', 4),
      /^Throttling: .*after 4 attempts/,
    ],
    [
      'ThrottlingException (the JSON protocols)',
      serviceError('ThrottlingException', 'Rate exceeded', 4),
      /^ThrottlingException: .*retries were used up/,
    ],
    [
      'connection refused: the endpoint is named',
      networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566', {
        address: '127.0.0.1',
        port: 4566,
      }),
      /^ECONNREFUSED: cannot reach the AWS endpoint 127\.0\.0\.1:4566; /,
    ],
    [
      'unknown host: the host is named',
      networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.nowhere.example', {
        hostname: 'ec2.nowhere.example',
      }),
      /^ENOTFOUND: cannot reach the AWS endpoint ec2\.nowhere\.example;/,
    ],
    [
      'DNS failing for now (EAI_AGAIN)',
      networkError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN ec2.eu-west-1.amazonaws.com', {
        hostname: 'ec2.eu-west-1.amazonaws.com',
      }),
      /^EAI_AGAIN: cannot reach the AWS endpoint ec2\.eu-west-1\.amazonaws\.com;/,
    ],
    [
      'connect timeout (ETIMEDOUT)',
      networkError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443', { address: '10.0.0.1', port: 443 }),
      /^ETIMEDOUT: cannot reach the AWS endpoint 10\.0\.0\.1:443;/,
    ],
    [
      'the SDK’s own request timeout (throwOnRequestTimeout): named by the host the scan client recorded',
      Object.assign(new Error('a request has exceeded the configured 10000 ms requestTimeout.'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
        endpointHost: 'ec2.eu-west-1.amazonaws.com',
      }),
      /^TimeoutError: cannot reach the AWS endpoint ec2\.eu-west-1\.amazonaws\.com;/,
    ],
    [
      'a profile no shared file holds (checked before the SDK, which would only say "no credentials")',
      new UnknownAwsProfileError('prod', ['/h/.aws/config', '/h/.aws/credentials']),
      /^ProfileNotFound: the profile 'prod' is in neither \/h\/\.aws\/config nor \/h\/\.aws\/credentials; list the profiles/,
    ],
    [
      'the SSO token provider’s expired session',
      Object.assign(new Error('Token is expired. To refresh this SSO session run aws sso login.'), {
        name: 'TokenProviderError',
      }),
      /^TokenProviderError: the AWS SSO session has expired .*; run aws sso login$/,
    ],
    [
      'an SDK error wrapped by one of our services: found through cause',
      new Error('scan of vpc-1 failed', { cause: serviceError('UnauthorizedOperation', 'no') }),
      /^UnauthorizedOperation: access denied/,
    ],
    [
      'a connection refused inside an AggregateError (both address families tried)',
      new AggregateError(
        [networkError('ECONNREFUSED', 'connect ECONNREFUSED ::1:4566', { address: '::1', port: 4566 })],
        'connect failed',
      ),
      /^ECONNREFUSED: cannot reach the AWS endpoint ::1:4566;/,
    ],
  ])('%s', (_why, error, line) => {
    // Act
    const described = describeAwsFailure(error)
    // Assess
    expect(described).toMatch(line)
    expect(described).not.toContain('\n')
  })

  it('no credentials anywhere (the SDK’s CredentialsProviderError): aws configure, aws sso login or --profile', async () => {
    // Prepare
    const error = await credentialsProviderError()
    // Act
    const described = describeAwsFailure(error)
    // Assess
    expect(error.name).toBe('CredentialsProviderError')
    expect(described).toMatch(
      /^CredentialsProviderError: no AWS credentials found \(.+\); run aws configure or aws sso login, or pass --profile$/,
    )
  })

  it('keeps a long message (an encoded authorization failure) to one readable line', () => {
    const error = serviceError(
      'UnauthorizedOperation',
      `Encoded authorization failure message: ${'x'.repeat(2000)}`,
    )
    expect((describeAwsFailure(error) ?? '').length).toBeLessThan(500)
  })
})

describe('everything else stays a bug (exit 1)', () => {
  it.each([
    ['a plain programming error', new TypeError("Cannot read properties of undefined (reading 'x')")],
    [
      'an AWS error that is not about access',
      serviceError('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist"),
    ],
    ['an EC2 internal error', serviceError('InternalError', 'An internal error has occurred')],
    [
      'a usage error (main.ts answers those with exit 2 before asking)',
      new InvalidInputError([{ field: 'x', message: 'y' }]),
    ],
    ['not an error at all', 'a string thrown'],
    [
      'a cause chain that loops on itself',
      (() => {
        const looping = new Error('outer')
        Object.assign(looping, { cause: looping })
        return looping
      })(),
    ],
  ])('%s', (_why, error) => {
    expect(describeAwsFailure(error)).toBeUndefined()
  })
})
