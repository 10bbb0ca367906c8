import { DescribeLaunchTemplateVersionsCommand, type EC2Client } from '@aws-sdk/client-ec2'
import type { LaunchTemplateSpecification } from '@aws-sdk/client-eks'
import type { LaunchTemplateFacts } from '../../ports/cluster-source.ts'

/**
 * Reads the launch template versions node groups name, each (template, version) once per cluster: node
 * groups often share one template.
 */
export class LaunchTemplateVersions {
  private readonly read = new Map<string, Promise<LaunchTemplateFacts>>()

  constructor(private readonly ec2: EC2Client) {}

  facts(template: LaunchTemplateSpecification): Promise<LaunchTemplateFacts> {
    const key = `${template.id ?? template.name}|${template.version ?? ''}`
    let facts = this.read.get(key)
    if (!facts) {
      facts = this.describe(template)
      this.read.set(key, facts)
    }
    return facts
  }

  private async describe(template: LaunchTemplateSpecification): Promise<LaunchTemplateFacts> {
    const known: LaunchTemplateFacts = {
      id: template.id ?? null,
      name: template.name ?? null,
      version: template.version ?? null,
      instanceType: null,
      userData: null,
    }
    try {
      const answer = await this.ec2.send(
        new DescribeLaunchTemplateVersionsCommand({
          // EC2 takes the id or the name, not both; the id survives a rename.
          ...(template.id ? { LaunchTemplateId: template.id } : { LaunchTemplateName: template.name }),
          // EC2 resolves $Latest and $Default itself. EKS always reports a version; $Default is what a
          // launch template without one means.
          Versions: [template.version ?? '$Default'],
        }),
      )
      const data = answer.LaunchTemplateVersions?.[0]?.LaunchTemplateData
      return {
        ...known,
        instanceType: data?.InstanceType ?? null,
        userData: data?.UserData ? Buffer.from(data.UserData, 'base64').toString('utf8') : null,
      }
    } catch (error) {
      // A template or version deleted after the node group was made (EKS then reports a health issue,
      // not an error): the node group's own facts still stand. Anything else, such as a missing
      // ec2:DescribeLaunchTemplateVersions permission, must be fixed, not answered around.
      if (isMissingTemplate(error)) return known
      throw error
    }
  }
}

/** InvalidLaunchTemplateId.NotFound, InvalidLaunchTemplateName.NotFoundException, …VersionNotFound. */
function isMissingTemplate(error: unknown): boolean {
  return error instanceof Error && /^InvalidLaunchTemplate(Id|Name)\..*NotFound/.test(error.name)
}
