import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleLambdas, EC2_CLIENT_MARKER, LAMBDA_ENTRIES } from '../../scripts/lambda-bundles.ts'
import { serviceFunctions } from '../../scripts/local/service-functions.ts'
import { REPO_ROOT } from '../support/reference.ts'

describe('Lambda bundles, built with serverless.yml’s esbuild options', () => {
  it('bundle every function serverless.yml declares', () => {
    expect(Object.keys(LAMBDA_ENTRIES).sort()).toEqual(
      serviceFunctions()
        .map((fn) => fn.key)
        .sort(),
    )
  })

  it('keep the EC2 client out of the functions that never call EC2', async () => {
    const bundles = await bundleLambdas(REPO_ROOT, LAMBDA_ENTRIES, join(tmpdir(), `bundles-${process.pid}`))
    const carriesEc2 = (name: string) =>
      readFileSync(bundles[name]?.path ?? '', 'utf8').includes(EC2_CLIENT_MARKER)
    expect(carriesEc2('capacity')).toBe(false)
    expect(carriesEc2('docs')).toBe(false)
    expect(carriesEc2('slackCommand')).toBe(false)
    // Reports are read from the table only: the JSON routes and the public pages carry no EC2 client.
    expect(carriesEc2('reports')).toBe(false)
    expect(carriesEc2('reportPages')).toBe(false)
    // The marker is real: the functions that do call EC2 carry it.
    expect(carriesEc2('refreshCatalog')).toBe(true)
    expect(carriesEc2('subnets')).toBe(true)
    expect(carriesEc2('slackWorker')).toBe(true)
  })
})
