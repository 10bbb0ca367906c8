// npm run openapi: writes openapi.yaml from the zod schemas; a test fails when the committed file differs.
import { writeFileSync } from 'node:fs'
import { openApiDocument, openApiYaml } from '../lib/schemas/api/openapi-document.ts'
import packageJson from '../package.json' with { type: 'json' }

writeFileSync('openapi.yaml', openApiYaml(openApiDocument(packageJson.version)))
console.log('wrote openapi.yaml')
