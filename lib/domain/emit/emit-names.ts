// Node-group names come from EKS, from Karpenter node pools (`karpenter/default`) or from a hand-written plan,
// so they may hold slashes, dots, spaces or quotes. Every identifier an emitter writes is derived here, and two
// groups never share one once derived.

/** Derives one identifier per name, in order, adding `<separator>2`, `<separator>3`, … when two would collide. */
function distinct(names: readonly string[], derive: (name: string) => string, separator: string): string[] {
  const taken = new Set<string>()
  return names.map((name) => {
    const base = derive(name)
    let candidate = base
    for (let suffix = 2; taken.has(candidate.toLowerCase()); suffix += 1)
      candidate = `${base}${separator}${suffix}`
    taken.add(candidate.toLowerCase())
    return candidate
  })
}

/** A file-name stem: no path separator, no leading dot (hidden files, `..`), lower case for case-blind disks. */
export function fileStems(names: readonly string[]): string[] {
  return distinct(
    names,
    (name) =>
      name
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[.-]+|[.-]+$/g, '') || 'node-group',
    '-',
  )
}

/** A Terraform resource name: a letter or underscore, then letters, digits, underscores and dashes. */
export function terraformNames(names: readonly string[]): string[] {
  return distinct(
    names,
    (name) => {
      const word = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')
      if (!word) return 'node_group'
      return /^[A-Za-z]/.test(word) ? word : `ng_${word}`
    },
    '_',
  )
}

// Kubernetes object names (an EC2NodeClass) are DNS-1123 subdomains: lower-case alphanumerics, '-' and '.',
// starting and ending alphanumeric, at most 253 characters.
const KUBERNETES_NAME_LENGTH = 253

export function kubernetesNames(names: readonly string[]): string[] {
  return distinct(
    names,
    (name) =>
      name
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .slice(0, KUBERNETES_NAME_LENGTH - 4)
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'node-group',
    '-',
  )
}

// An EKS managed node group name starts with a letter or digit, then letters, digits, '-' and '_', at most 63.
const NODE_GROUP_NAME_LENGTH = 63

export function managedNodeGroupNames(names: readonly string[]): string[] {
  return distinct(
    names,
    (name) =>
      name
        .replace(/[^A-Za-z0-9_-]+/g, '-')
        .replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, NODE_GROUP_NAME_LENGTH - 3) || 'node-group',
    '-',
  )
}
