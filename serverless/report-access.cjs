// What the report functions may reach beyond their own account's EC2, decided from the params when the
// stack is packaged: roles in other accounts (reportRoleArns) and the Slack webhook parameter
// (reportWebhookParameter) for the report worker, and the report-link key for the report and Slack workers
// where summaries link to pages (publicBaseUrl). Unset, there is no statement at all: no placeholder
// account, no wildcard.

module.exports = async ({ resolveVariable }) => {
  const roleArns = String(await resolveVariable("param:reportRoleArns, ''"))
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn !== '')
  const webhookParameter = await resolveVariable("param:reportWebhookParameter, ''")
  const publicBaseUrl = await resolveVariable("param:publicBaseUrl, ''")
  const linkKeyParameter = await resolveVariable('param:reportLinkKeyParameter')
  const Resources = {}
  if (roleArns.length > 0)
    Resources.ReportWorkerAssumeRolePolicy = policy('report-worker-assume-role', ['ReportWorkerRole'], {
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: roleArns,
    })
  if (webhookParameter)
    Resources.ReportWorkerWebhookPolicy = policy('report-worker-webhook', ['ReportWorkerRole'], {
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: {
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${webhookParameter}`,
      },
    })
  // Summaries (the scheduled post, `/capacity report`) link to the report page only where the API has a
  // public address; only then is the key read.
  if (publicBaseUrl)
    Resources.ReportLinkKeyPolicy = policy('report-link-key', ['ReportWorkerRole', 'SlackWorkerRole'], {
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: {
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${linkKeyParameter}`,
      },
    })
  return { Resources }
}

function policy(name, roles, statement) {
  return {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: name,
      Roles: roles.map((role) => ({ Ref: role })),
      PolicyDocument: { Version: '2012-10-17', Statement: [statement] },
    },
  }
}
