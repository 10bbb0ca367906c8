import { parseAllDocuments } from 'yaml'
import { isRecord } from './kube-objects.ts'

// The kubelet max pods a launch template's user data sets, in the three formats EKS nodes boot from:
// AL2023 nodeadm NodeConfig (alone or as MIME parts), AL2 bootstrap.sh, and Bottlerocket TOML settings.

export interface UserDataMaxPods {
  maxPods: number
  /** Which setting in which format gave the figure. */
  where: string
}

// nodeadm reads only the MIME parts of this media type; other parts (shell scripts, cloud-config) run as usual.
const NODE_CONFIG_MEDIA_TYPE = 'application/node.eks.aws'

export function maxPodsFromUserData(userData: string): UserDataMaxPods | null {
  const decoded = decodeBase64Text(userData.trim())
  // Launch templates store user data base64-encoded: accept it as EC2 returns it.
  const text = decoded ?? userData
  const suffix = decoded === null ? '' : ' (base64-decoded user data)'
  // A MIME message is read part by part, as nodeadm and cloud-init do; anything else is one document.
  const parts = mimeParts(text)
  const found = parts
    ? fromMimeParts(parts)
    : (fromNodeConfigs([text]) ?? fromBootstrapScript(text) ?? fromBottlerocket(text))
  return found && { maxPods: found.maxPods, where: found.where + suffix }
}

interface MimePart {
  contentType: string
  body: string
}

function fromMimeParts(parts: readonly MimePart[]): UserDataMaxPods | null {
  const nodeConfigs = parts
    .filter((part) => part.contentType === NODE_CONFIG_MEDIA_TYPE)
    .map((part) => decodeBase64Text(part.body.trim()) ?? part.body)
  const fromConfigs = fromNodeConfigs(nodeConfigs)
  if (fromConfigs) return { ...fromConfigs, where: `${fromConfigs.where} in MIME multi-part user data` }
  for (const part of parts.filter((candidate) => candidate.contentType === 'text/x-shellscript').reverse()) {
    const found = fromBootstrapScript(part.body)
    if (found) return { ...found, where: `${found.where} in a MIME shell-script part` }
  }
  return null
}

/** A MIME multipart message's parts, or null when the text is not one (nodeadm then reads it whole). */
function mimeParts(text: string): MimePart[] | null {
  const split = splitHeaders(text)
  if (!split) return null
  const contentType = split.headers.get('content-type') ?? ''
  if (!/^multipart\//i.test(contentType)) return null
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const delimiter = boundary?.[1] ?? boundary?.[2]
  if (!delimiter) return null
  const parts: MimePart[] = []
  const sections = split.body.split(new RegExp(`^--${escapeRegExp(delimiter)}(?:--)?[ \\t]*\\r?$`, 'm'))
  // The preamble before the first delimiter and the epilogue after the last are not parts.
  for (const section of sections.slice(1, -1)) {
    const part = splitHeaders(section.replace(/^\r?\n/, ''))
    if (!part) continue
    const type = (part.headers.get('content-type') ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? ''
    parts.push({ contentType: type, body: part.body })
  }
  return parts
}

function splitHeaders(text: string): { headers: Map<string, string>; body: string } | null {
  const end = /\r?\n\r?\n/.exec(text)
  const head = end ? text.slice(0, end.index) : text
  const body = end ? text.slice(end.index + end[0].length) : ''
  const headers = new Map<string, string>()
  // Header lines may be folded: a line starting with white space continues the previous one.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line)
    if (!match) return null
    headers.set((match[1] as string).toLowerCase(), (match[2] as string).trim())
  }
  return { headers, body }
}

/**
 * NodeConfig documents in the order nodeadm reads them: it merges them, later over earlier. A kubelet flag
 * (`spec.kubelet.flags: [--max-pods=N]`) is passed on the kubelet command line, which beats its config file.
 */
function fromNodeConfigs(texts: readonly string[]): UserDataMaxPods | null {
  const configs = texts.flatMap((text) => nodeConfigDocuments(text))
  let fromConfig: UserDataMaxPods | null = null
  let fromFlags: UserDataMaxPods | null = null
  configs.forEach((config, index) => {
    const kubelet = isRecord(config.spec) && isRecord(config.spec.kubelet) ? config.spec.kubelet : {}
    const place = configs.length > 1 ? ` (NodeConfig ${index + 1} of ${configs.length})` : ''
    if (isRecord(kubelet.config) && Number.isInteger(kubelet.config.maxPods))
      fromConfig = {
        maxPods: kubelet.config.maxPods as number,
        where: `NodeConfig spec.kubelet.config.maxPods${place}`,
      }
    if (Array.isArray(kubelet.flags)) {
      const flag = lastMaxPodsFlag(kubelet.flags.filter((item) => typeof item === 'string').join(' '))
      if (flag !== null)
        fromFlags = { maxPods: flag, where: `NodeConfig spec.kubelet.flags --max-pods${place}` }
    }
  })
  return fromFlags ?? fromConfig
}

function nodeConfigDocuments(text: string): Record<string, unknown>[] {
  try {
    return parseAllDocuments(text)
      .flatMap((document) => (document.errors.length === 0 ? [document.toJS()] : []))
      .filter((value): value is Record<string, unknown> => isRecord(value) && value.kind === 'NodeConfig')
  } catch {
    return []
  }
}

/**
 * AL2's bootstrap.sh passes `--kubelet-extra-args` to the kubelet command line, where `--max-pods` overrides
 * the max pods it wrote into the kubelet config; the last occurrence wins, as in the script's argument loop.
 */
function fromBootstrapScript(script: string): UserDataMaxPods | null {
  if (!/bootstrap\.sh/.test(script)) return null
  const extraArgs = [...script.matchAll(/--kubelet-extra-args(?:\s+|=)(?:'([^']*)'|"([^"]*)"|(\S+))/g)]
  for (const match of extraArgs.reverse()) {
    const maxPods = lastMaxPodsFlag(match[1] ?? match[2] ?? match[3] ?? '')
    if (maxPods !== null) return { maxPods, where: 'bootstrap.sh --kubelet-extra-args --max-pods' }
  }
  return null
}

function lastMaxPodsFlag(args: string): number | null {
  const matches = [...args.matchAll(/(?:^|\s)--max-pods(?:=|\s+)(\d+)(?=\s|$)/g)]
  const last = matches.at(-1)
  return last ? Number(last[1]) : null
}

/** Bottlerocket user data is TOML: `[settings.kubernetes]` then `max-pods = N`, or the key written dotted. */
function fromBottlerocket(toml: string): UserDataMaxPods | null {
  let table: string[] = []
  let found: number | null = null
  for (const rawLine of toml.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+#.*$/, '').trim()
    const header = /^\[\s*([^[\]]+?)\s*\]$/.exec(line)
    if (header) {
      table = tomlKey(header[1] as string)
      continue
    }
    const pair = /^([^=]+?)\s*=\s*(.+)$/.exec(line)
    if (!pair || line.startsWith('#')) continue
    const key = [...table, ...tomlKey(pair[1] as string)].join('.')
    const value = (pair[2] as string).trim()
    if (key === 'settings.kubernetes.max-pods' && /^\+?\d[\d_]*$/.test(value))
      found = Number(value.replace(/_/g, ''))
  }
  return found === null ? null : { maxPods: found, where: 'Bottlerocket settings.kubernetes.max-pods' }
}

function tomlKey(text: string): string[] {
  return text.split('.').map((part) => part.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2'))
}

/** The text a base64 string encodes, or null when it is not base64 of text (nodeadm's own test, loosely). */
function decodeBase64Text(text: string): string | null {
  const compact = text.replace(/\r?\n/g, '')
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null
  const bytes = Uint8Array.from(atob(compact), (char) => char.charCodeAt(0))
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  // Random base64-looking words (a single long token) decode to binary: keep only what reads as text.
  return /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/.test(decoded) && !decoded.includes('\ufffd') ? decoded : null
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
