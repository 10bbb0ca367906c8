// Where every alarm pages: the alarmTopicArn param, else a topic this stack creates. Decided when the
// stack is packaged (the param is known then), so the template names one topic, not a condition.

module.exports = async ({ resolveVariable }) => {
  const given = await resolveVariable("param:alarmTopicArn, ''")
  const topic = given || { Ref: 'AlarmTopic' }
  const Resources = given
    ? {}
    : {
        AlarmTopic: {
          Type: 'AWS::SNS::Topic',
          Properties: { DisplayName: `eks-ip-capacity ${await resolveVariable('sls:stage')} alarms` },
        },
      }
  return {
    actions: [topic],
    resources: {
      Resources,
      Outputs: { AlarmTopicArn: { Description: 'Where every alarm of this stage pages', Value: topic } },
    },
  }
}
