// An Errors alarm for every function of the service (an unhandled error, a timeout, a crash), paging the
// alarm topic of serverless/alarms.yml. Generated from the functions themselves, so a new function
// cannot be left without one.

const logicalIdOf = (name) => name[0].toUpperCase() + name.slice(1)

module.exports = async ({ resolveVariable }) => {
  const functions = await resolveVariable('self:functions')
  const actions = await resolveVariable('file(./serverless/alarm-topic.cjs):actions')
  const Resources = {}
  for (const name of Object.keys(functions)) {
    Resources[`${logicalIdOf(name)}ErrorsAlarm`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: `The ${name} function failed (unhandled error, timeout or crash)`,
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: `${logicalIdOf(name)}LambdaFunction` } }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: actions,
        OKActions: actions,
      },
    }
  }
  return { Resources }
}
