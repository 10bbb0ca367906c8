import { signedPagePath } from '../../lib/domain/report-link.ts'
import { parseReportScope } from '../../lib/report-scope-setting.ts'
import { LOCAL_REGION, LOCAL_REPORT_LINK_KEY } from './local-environment.ts'
import type { LocalService } from './start-local.ts'

/** What a person who just ran `npm start` (or `npm run offline`) can try first. */
export function printServing(service: LocalService): void {
  console.log(`
eks-ip-capacity is serving on ${service.url}
  API reference:  ${service.url}/docs
  OpenAPI:        ${service.url}/openapi.yaml
  try:            curl '${service.url}/v1/instance-types/m5.large/max-pods?prefixDelegation=true'
                  curl '${service.url}/v1/subnets?vpcId=vpc-demo'
  subnet map:     ${service.url}/v1/subnets/subnet-demo-fragmented/map.svg
  report page:    ${service.url}${latestReportPath()}
${
  process.env.SUBNET_INVENTORY === 'ec2'
    ? 'Subnets come from EC2, with your AWS credentials (SUBNET_INVENTORY=ec2).'
    : 'Subnets come from the synthetic demo VPC (vpc-demo; SUBNET_INVENTORY=ec2 uses your AWS credentials instead).'
}
IAM (SigV4) authorization and API Gateway's throttling are not applied locally. Press Ctrl-C to stop.`)
}

/** A signed link to the newest report's page, as a Slack summary carries one (open for REPORT_LINK_DAYS, 3 by default). */
function latestReportPath(): string {
  const expires = Math.floor(Date.now() / 1000) + Number(process.env.REPORT_LINK_DAYS ?? 3) * 86_400
  const scope = parseReportScope(process.env.REPORT_SCOPE, process.env.AWS_REGION ?? LOCAL_REGION).name
  return signedPagePath(process.env.REPORT_LINK_KEY ?? LOCAL_REPORT_LINK_KEY, { latestOf: scope }, expires)
}

/** Ctrl-C (or a TERM) stops the service once, then the process. */
export function stopOnSignal(service: LocalService): void {
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      console.log('\nstopping…')
      service.stop().then(
        () => process.exit(0),
        (error: Error) => {
          console.error(error.message)
          process.exit(1)
        },
      )
    })
  }
}
