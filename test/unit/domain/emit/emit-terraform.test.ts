import { parse } from '@cdktf/hcl2json'
import { describe, expect, it } from 'vitest'
import { emitConfiguration } from '../../../../lib/domain/emit/emit-configuration.ts'
import { nodeConfigsOf } from '../../../support/user-data-parts.ts'
import { EMIT_INPUTS, oneLine } from './configuration-inputs.ts'

interface TerraformJson {
  variable?: Record<string, unknown[]>
  resource: {
    aws_launch_template: Record<string, { name_prefix: string; user_data: string }[]>
    aws_eks_addon?: Record<
      string,
      { cluster_name: string; addon_name: string; configuration_values: string }[]
    >
  }
}

// hcl2json answers in Terraform's JSON syntax, where a literal `${` or `%{` stays doubled.
const literal = (json: string) => json.replaceAll('$${', '${').replaceAll('%%{', '%{')

/** The value of one HCL expression with no references, as hcl2json reads it. */
async function evaluated(expression: string): Promise<unknown> {
  const { value } = (await parse('expression.tf', `value = ${expression}\n`)) as { value: unknown }
  return value
}

/** user_data = base64encode(<<EOT … EOT): the heredoc's text, read by HCL itself. */
async function userDataText(expression: string): Promise<string> {
  const heredoc = /^\$\{base64encode\((<<(\w+)\n[\s\S]*?\n\2\n)\s*\)\}$/.exec(expression)?.[1]
  if (!heredoc) throw new Error(`not base64encode of a heredoc: ${expression.slice(0, 80)}`)
  return literal((await evaluated(heredoc)) as string)
}

/** configuration_values = jsonencode({…}): the object, read by HCL itself. */
async function addonValues(expression: string): Promise<unknown> {
  const object = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression)?.[1]
  if (!object) throw new Error(`not jsonencode of an object: ${expression.slice(0, 80)}`)
  return evaluated(object)
}

/** The resource name the comment tells the user to reference from the group's aws_eks_node_group. */
function referencedLaunchTemplate(content: string, groupName: string): string | undefined {
  const start = content.indexOf(`# In the aws_eks_node_group of ${oneLine(groupName)}:`)
  return /id\s+= aws_launch_template\.([A-Za-z0-9_-]+)\.id/.exec(content.slice(start))?.[1]
}

describe('terraform: launch templates carrying the NodeConfig, and the vpc-cni add-on', () => {
  it.each(EMIT_INPUTS)(
    'each group’s launch template decodes to a NodeConfig with its maxPods: %s',
    async (_why, input) => {
      // Act
      const content = emitConfiguration('terraform', input).files[0]?.content ?? ''
      const terraform = (await parse('main.tf', content)) as TerraformJson

      // Assess
      const launchTemplates = terraform.resource.aws_launch_template
      expect(Object.keys(launchTemplates)).toHaveLength(input.nodeGroups.length)
      for (const name of Object.keys(launchTemplates)) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/)
      for (const group of input.nodeGroups) {
        const name = referencedLaunchTemplate(content, group.name) ?? ''
        const [launchTemplate] = launchTemplates[name] ?? []
        expect(launchTemplate, `launch template of ${group.name}`).toBeDefined()
        expect(launchTemplate?.name_prefix).toMatch(/^[a-zA-Z0-9().\-/_]+$/)
        const [nodeConfig, ...others] = nodeConfigsOf(await userDataText(launchTemplate?.user_data ?? ''))
        expect(others).toEqual([])
        expect(nodeConfig).toMatchObject({
          apiVersion: 'node.eks.aws/v1alpha1',
          kind: 'NodeConfig',
          maxPods: group.maxPods,
        })
        // Template sequences in a source stay literal text, not Terraform interpolation.
        expect(nodeConfig?.comment).toContain(oneLine(group.maxPodsSource))
      }
    },
  )

  it.each(EMIT_INPUTS)(
    'the vpc-cni add-on is there exactly when the answer has CNI settings: %s',
    async (_why, input) => {
      // Act
      const terraform = (await parse(
        'main.tf',
        emitConfiguration('terraform', input).files[0]?.content ?? '',
      )) as TerraformJson

      // Assess
      const addons = Object.values(terraform.resource.aws_eks_addon ?? {}).flat()
      if (Object.keys(input.cni.env).length === 0) {
        expect(addons).toEqual([])
        return
      }
      expect(addons).toHaveLength(1)
      const [addon] = addons
      expect(addon?.addon_name).toBe('vpc-cni')
      expect(await addonValues(addon?.configuration_values ?? '')).toEqual({ env: input.cni.env })
      if (input.clusterName === null) {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform's JSON syntax for a reference
        expect(addon?.cluster_name).toBe('${var.cluster_name}')
        expect(terraform.variable?.cluster_name).toBeDefined()
      } else {
        expect(literal(addon?.cluster_name ?? '')).toBe(input.clusterName)
      }
    },
  )
})
