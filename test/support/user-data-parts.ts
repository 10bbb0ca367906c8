import { parseDocument } from 'yaml'

// Reads MIME multi-part user data the way nodeadm does: the boundary from the top Content-Type header, then
// every part whose Content-Type is application/node.eks.aws, each parsed as YAML.

export interface UserDataPart {
  contentType: string
  body: string
}

export function userDataParts(userData: string): UserDataPart[] {
  const [headers = '', ...rest] = userData.split(/\r?\n\r?\n/)
  const contentType = /^Content-Type:\s*(.+)$/im.exec(headers)?.[1] ?? ''
  if (!/^multipart\/mixed/i.test(contentType)) throw new Error(`not multipart/mixed: ${contentType}`)
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1]
  if (!boundary) throw new Error('no boundary')
  const body = rest.join('\n\n')
  const closing = body.indexOf(`--${boundary}--`)
  if (closing < 0) throw new Error('no closing delimiter')
  return body
    .slice(0, closing)
    .split(new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r?$`, 'm'))
    .slice(1)
    .map((part) => {
      const [partHeaders = '', ...partBody] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/)
      return {
        contentType: /^Content-Type:\s*(.+)$/im.exec(partHeaders)?.[1]?.trim() ?? '',
        body: partBody.join('\n\n'),
      }
    })
}

export interface ParsedNodeConfig {
  apiVersion: unknown
  kind: unknown
  maxPods: unknown
  /** Every key the document sets, dotted: nothing but the kubelet setting may appear. */
  paths: string[]
  comment: string
}

function dottedPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix]
  return Object.entries(value).flatMap(([key, child]) =>
    dottedPaths(child, prefix ? `${prefix}.${key}` : key),
  )
}

export function nodeConfigsOf(userData: string): ParsedNodeConfig[] {
  return userDataParts(userData)
    .filter((part) => part.contentType === 'application/node.eks.aws')
    .map((part) => {
      const document = parseDocument(part.body)
      if (document.errors.length > 0) throw new Error(document.errors.join('; '))
      const value = document.toJS() as {
        apiVersion: unknown
        kind: unknown
        spec?: { kubelet?: { config?: { maxPods?: unknown } } }
      }
      return {
        apiVersion: value.apiVersion,
        kind: value.kind,
        maxPods: value.spec?.kubelet?.config?.maxPods,
        paths: dottedPaths(value),
        comment: document.commentBefore ?? '',
      }
    })
}
