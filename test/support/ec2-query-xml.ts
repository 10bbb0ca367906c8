// The EC2 Query protocol's XML, as the real service writes it: elements named in lowerCamelCase,
// lists as <name><item>…</item></name>, some lists renamed to *Set.

const LIST_NAMES: Record<string, string> = {
  InstanceTypes: 'instanceTypeSet',
  Subnets: 'subnetSet',
  Tags: 'tagSet',
  TagSet: 'tagSet',
  NetworkInterfaces: 'networkInterfaceSet',
  PrivateIpAddresses: 'privateIpAddressesSet',
  Ipv4Prefixes: 'ipv4PrefixSet',
  SubnetIpv4CidrReservations: 'subnetIpv4CidrReservationSet',
  SubnetIpv6CidrReservations: 'subnetIpv6CidrReservationSet',
}

export function toEc2Xml(action: string, result: Record<string, unknown>, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${requestId}</requestId>${members(result)}</${action}Response>`
}

export function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
}

function members(value: Record<string, unknown>): string {
  return Object.entries(value)
    .filter(([, inner]) => inner !== undefined)
    .map(([name, inner]) => element(LIST_NAMES[name] ?? lowerFirst(name), inner))
    .join('')
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element('item', item)).join('')}</${name}>`
  if (value !== null && typeof value === 'object')
    return `<${name}>${members(value as Record<string, unknown>)}</${name}>`
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
