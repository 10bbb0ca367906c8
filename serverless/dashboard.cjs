// The capacity dashboard, from the metrics the fragmentation report emits (EksIpCapacity namespace, each
// metric with exactly the dimensions its caller names): per subnet AssignablePrefixBlocks, FreeIps and
// FragmentationScore (Scope, Account, Region, SubnetId), and per scope SubnetsAtRisk (Scope). Subnets are
// not known when the stack is packaged, so the per-subnet graphs are SEARCH expressions over the scope.

const reportScope = require('./report-scope.cjs')

const NAMESPACE = 'EksIpCapacity'
// CloudFormation substitutions (Fn::Sub), not JavaScript templates.
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own syntax
const REGION = '${AWS::Region}'
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own syntax
const DASHBOARD_NAME = '${AWS::StackName}-capacity'
const DASHBOARD_URL =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own syntax
  'https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}#dashboards:name=${CapacityDashboard}'
/** Reports run every few hours: a point per six hours keeps one report per point. */
const PERIOD = 21600

function perSubnet(scope, metric, title, stat) {
  const search = `SEARCH('{${NAMESPACE},Account,Region,Scope,SubnetId} MetricName="${metric}" Scope="${scope}"', '${stat}', ${PERIOD})`
  return {
    type: 'metric',
    width: 12,
    height: 7,
    properties: {
      title,
      region: REGION,
      view: 'timeSeries',
      stat,
      period: PERIOD,
      metrics: [[{ expression: search, id: 'subnets', label: '' }]],
    },
  }
}

module.exports = async (options) => {
  const { name: scope } = await reportScope(options)
  const body = {
    widgets: [
      {
        type: 'metric',
        width: 12,
        height: 7,
        properties: {
          title: `Subnets at risk (scope ${scope})`,
          region: REGION,
          view: 'timeSeries',
          stat: 'Maximum',
          period: PERIOD,
          metrics: [[NAMESPACE, 'SubnetsAtRisk', 'Scope', scope]],
        },
      },
      perSubnet(scope, 'AssignablePrefixBlocks', 'Assignable /28 blocks per subnet', 'Minimum'),
      perSubnet(scope, 'FragmentationScore', 'Fragmentation score per subnet (0–100)', 'Maximum'),
      perSubnet(scope, 'FreeIps', 'Free IPv4 addresses per subnet', 'Minimum'),
    ],
  }
  return {
    Resources: {
      CapacityDashboard: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: {
          DashboardName: { 'Fn::Sub': DASHBOARD_NAME },
          DashboardBody: { 'Fn::Sub': JSON.stringify(body) },
        },
      },
    },
    Outputs: {
      CapacityDashboardUrl: {
        Description:
          'The capacity dashboard: subnets at risk, assignable /28 blocks, score and free addresses',
        Value: { 'Fn::Sub': DASHBOARD_URL },
      },
    },
  }
}
