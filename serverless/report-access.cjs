// What the report worker may reach beyond its own account's EC2, decided from the params when the stack
// is packaged: roles in other accounts (reportRoleArns) and the Slack webhook parameter
// (reportWebhookParameter), and the report-link key where summaries link to pages (publicBaseUrl). Unset,
// there is no statement at all: no placeholder account, no wildcard.

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
    Resources.ReportWorkerAssumeRolePolicy = policy('report-worker-assume-role', {
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: roleArns,
    })
  if (webhookParameter)
    Resources.ReportWorkerWebhookPolicy = policy('report-worker-webhook', {
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: {
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${webhookParameter}`,
      },
    })
  // The summary links to the report page only where the API has a public address; only then is the key read.
  if (publicBaseUrl)
    Resources.ReportWorkerLinkKeyPolicy = policy('report-worker-link-key', {
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: {
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${linkKeyParameter}`,
      },
    })
  return { Resources }
}

function policy(name, statement) {
  return {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: name,
      Roles: [{ Ref: 'ReportWorkerRole' }],
      PolicyDocument: { Version: '2012-10-17', Statement: [statement] },
    },
  }
}
