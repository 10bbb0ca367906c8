import type {
  ConfigurationInput,
  EmittedConfiguration,
  NodeGroupConfiguration,
} from './configuration-input.ts'
import { fileStems, terraformNames } from './emit-names.ts'
import { nodeConfigComments } from './emit-nodeadm.ts'
import {
  cniSources,
  commentText,
  configurationSources,
  hasCniEnvironment,
  managedNodeGroupCapNotes,
} from './emit-sources.ts'
import { nodeConfigUserData, nodeConfigYaml } from './nodeconfig-user-data.ts'

// The AWS provider's aws_eks_node_group has no max pods argument (nor has the EKS API): the number reaches the
// kubelet only through the NodeConfig in the user data of the node group's launch template.

const HEREDOC_DELIMITER = 'EOT'

/** Doubles the introducers of HCL templates (`${`, `%{`) so that nothing in the text is read as one. */
function templateEscaped(text: string): string {
  // A function replacer: in a replacement string `$$` would itself collapse to one `$`.
  return text.replace(/([$%])\{/g, (_introducer, sign: string) => `${sign}${sign}{`)
}

/** An HCL quoted string: JSON's escapes, and no template sequence. */
export function hclString(value: string): string {
  return templateEscaped(JSON.stringify(value))
}

/** An HCL heredoc template holding `text` literally. */
function heredoc(text: string): string {
  let delimiter = HEREDOC_DELIMITER
  while (text.split('\n').some((line) => line.trim() === delimiter)) delimiter = `${delimiter}_`
  const body = templateEscaped(text)
  // The closing delimiter must stand alone on its line.
  return `<<${delimiter}\n${body.endsWith('\n') ? body : `${body}\n`}${delimiter}\n`
}

const comment = (line: string) => `# ${commentText(line)}`

function launchTemplate(
  group: NodeGroupConfiguration,
  name: string,
  stem: string,
  input: ConfigurationInput,
): string {
  const userData = nodeConfigUserData(nodeConfigYaml(group.maxPods, nodeConfigComments([group], input)))
  const nodeGroupBlock = [
    `In the aws_eks_node_group of ${group.name}:`,
    ...(group.instanceTypes.length > 0
      ? [`  instance_types = [${group.instanceTypes.map((type) => hclString(type)).join(', ')}]`]
      : []),
    ...(group.scaling
      ? [
          '  scaling_config {',
          `    min_size     = ${group.scaling.minSize}`,
          `    desired_size = ${group.scaling.desiredSize}`,
          `    max_size     = ${group.scaling.maxSize}`,
          '  }',
        ]
      : []),
    '  launch_template {',
    `    id      = aws_launch_template.${name}.id`,
    `    version = aws_launch_template.${name}.latest_version`,
    '  }',
  ]
  return [
    ...nodeConfigComments([group], input).map(comment),
    '# aws_eks_node_group has no max pods argument: the kubelet reads it from this launch template’s user data.',
    ...nodeGroupBlock.map((line) => `# ${line.replace(/[\r\n]+/g, ' ')}`),
    `resource "aws_launch_template" "${name}" {`,
    `  name_prefix = ${hclString(`${stem}-max-pods-`)}`,
    `  user_data   = base64encode(${heredoc(userData)}  )`,
    '}',
  ].join('\n')
}

function clusterNameExpression(input: ConfigurationInput): string {
  return input.clusterName === null ? 'var.cluster_name' : hclString(input.clusterName)
}

function vpcCniAddon(input: ConfigurationInput): string {
  const env = Object.entries(input.cni.env).map(
    ([key, value]) => `      ${hclString(key)} = ${hclString(String(value))}`,
  )
  return [
    ...cniSources(input).map(comment),
    'resource "aws_eks_addon" "vpc_cni" {',
    `  cluster_name         = ${clusterNameExpression(input)}`,
    '  addon_name           = "vpc-cni"',
    '  configuration_values = jsonencode({',
    '    env = {',
    ...env,
    '    }',
    '  })',
    '}',
  ].join('\n')
}

const CLUSTER_NAME_VARIABLE = [
  'variable "cluster_name" {',
  '  description = "The EKS cluster whose vpc-cni add-on takes these settings"',
  '  type        = string',
  '}',
].join('\n')

export function emitTerraform(input: ConfigurationInput): EmittedConfiguration {
  const groupNames = input.nodeGroups.map((group) => group.name)
  const names = terraformNames(groupNames)
  const stems = fileStems(groupNames)
  const withAddon = hasCniEnvironment(input)
  const blocks = [
    ...(withAddon && input.clusterName === null ? [CLUSTER_NAME_VARIABLE] : []),
    ...input.nodeGroups.map((group, index) =>
      launchTemplate(group, names[index] ?? 'node_group', stems[index] ?? 'node-group', input),
    ),
    ...(withAddon ? [vpcCniAddon(input)] : []),
  ]
  return {
    format: 'terraform',
    mediaType: 'text/plain',
    files: [{ name: 'main.tf', nodeGroup: null, content: `${blocks.join('\n\n')}\n` }],
    sources: configurationSources(input),
    notes: [
      ...(withAddon && input.clusterName === null
        ? ['The cluster name is not known here: set the variable cluster_name.']
        : []),
      'Reference each launch template from its aws_eks_node_group as the comment above it shows; the launch ' +
        'template must not set a subnet or an IAM instance profile (EKS rejects them).',
      ...managedNodeGroupCapNotes(input),
    ],
  }
}
