import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { REPO_ROOT } from './reference.ts'

type Document = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>
}

/**
 * Checks real answers against the committed openapi.yaml: the path, method, status and media type must
 * be documented, and the body must satisfy the documented schema (OpenAPI 3.1 = JSON Schema 2020-12).
 */
export function openApiContract() {
  const document = parse(readFileSync(join(REPO_ROOT, 'openapi.yaml'), 'utf8')) as Document
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  ajv.addSchema(document, 'openapi')
  // Literal paths win over templated ones (/v1/subnets/analyze before /v1/subnets/{subnetId}), as in routers.
  const templates = Object.keys(document.paths)
    .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
    .sort((a, b) => a.template.split('{').length - b.template.split('{').length)

  return function assertDocumented(
    method: string,
    url: string,
    status: number,
    contentType: string,
    body: unknown,
  ): void {
    const path = new URL(url, 'http://localhost').pathname
    const template = templates.find((candidate) => candidate.pattern.test(path))?.template
    if (!template) throw new Error(`${path} is not in openapi.yaml`)
    const operation = document.paths[template]?.[method.toLowerCase()]
    if (!operation) throw new Error(`${method} ${template} is not in openapi.yaml`)
    const response = operation.responses[String(status)]
    if (!response) throw new Error(`${method} ${template} does not document status ${status}`)
    const mediaType = contentType.split(';')[0]?.trim() ?? ''
    if (!response.content?.[mediaType])
      throw new Error(`${method} ${template} ${status} does not document ${mediaType}`)
    const pointer = [
      'paths',
      template,
      method.toLowerCase(),
      'responses',
      String(status),
      'content',
      mediaType,
      'schema',
    ]
      .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/')
    const validate = ajv.getSchema(`openapi#/${pointer}`)
    if (!validate) throw new Error(`no schema at ${pointer}`)
    if (!validate(body)) {
      throw new Error(
        `${method} ${path} ${status} breaks its schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}`,
      )
    }
  }
}
