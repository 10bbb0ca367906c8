/** Characters XML 1.0 cannot carry at all: dropped, or the picture would not parse. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to drop
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g

/** Text safe inside an SVG element or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}
