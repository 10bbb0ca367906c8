import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

// cfn-lint, an implementation of CloudFormation's resource specification we did not write, over templates a
// test made. Installed with these machines' Python; where it is missing, the tests that need it say so and skip.

const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' })
export const CFN_LINT_MISSING = probe.error !== undefined || probe.status !== 0

export const RESERVATION_TYPE = 'AWS::EC2::SubnetCidrReservation'

/** One template's findings: every rule cfn-lint matched, and the errors that count. */
export interface LintFindings {
  ruleIds: string[]
  errors: string[]
}

interface LintMatch {
  Filename: string
  Level: string
  Rule: { Id: string }
  Message: string
}

const PROBE = `Resources:\n  Probe:\n    Type: ${RESERVATION_TYPE}\n    Properties:\n      SubnetId: subnet-0a\n      Cidr: 10.0.0.16/28\n      ReservationType: prefix\n`

/**
 * Lints the templates in one cfn-lint run (it takes seconds to start), beside a one-resource probe. A
 * resource specification older than AWS::EC2::SubnetCidrReservation reports it as unknown (E3006): only then,
 * and only that error for that type, is set aside.
 */
export async function lintTemplates(templates: readonly string[]): Promise<LintFindings[]> {
  const directory = await mkdtemp(join(tmpdir(), 'cfn-lint-'))
  const probeFile = join(directory, 'probe.yaml')
  const files = templates.map((_template, index) => join(directory, `template-${index}.yaml`))
  await writeFile(probeFile, PROBE)
  await Promise.all(templates.map((template, index) => writeFile(files[index] as string, template)))
  // cfn-lint exits non-zero for warnings too.
  const { stdout } = await promisify(execFile)('cfn-lint', [
    '--format',
    'json',
    '--',
    probeFile,
    ...files,
  ]).catch((failure: { stdout: string }) => failure)
  const matches = JSON.parse(stdout || '[]') as LintMatch[]
  const knowsReservations = !matches.some(
    (match) => match.Filename === probeFile && match.Rule.Id === 'E3006',
  )
  if (!knowsReservations)
    console.warn(`cfn-lint's resource specification predates ${RESERVATION_TYPE}: its E3006 is set aside`)
  return files.map((file) => {
    const own = matches.filter((match) => match.Filename === file)
    return {
      ruleIds: own.map((match) => match.Rule.Id),
      errors: own
        .filter((match) => match.Level === 'Error')
        .filter(
          (match) =>
            knowsReservations || !(match.Rule.Id === 'E3006' && match.Message.includes(RESERVATION_TYPE)),
        )
        .map((match) => `${match.Rule.Id} ${match.Message}`),
    }
  })
}
