// esbuild plugins shared by the Lambda bundles (serverless-esbuild requires this file: it must be
// CommonJS and export the plugin array) and by the CLI's bundle.
const { readFileSync } = require('node:fs')
const { gzipSync } = require('node:zlib')

/**
 * Bundles the large JSON data files gzipped and base64-encoded, parsed with JSON.parse on first use.
 * Measured on the catalog: as a JavaScript object literal, or even as one JSON string literal, it
 * costs tens of milliseconds of script parsing on every cold start, used or not; 10 % of the text
 * costs next to nothing, and inflating it when needed takes a few milliseconds.
 */
const jsonParsePlugin = {
  name: 'json-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]data[\\/][^\\/]+\.json$/ }, (args) => {
      const packed = gzipSync(readFileSync(args.path), { level: 9 }).toString('base64')
      return {
        contents: `import { gunzipSync } from 'node:zlib'\nexport default JSON.parse(gunzipSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8'))`,
        loader: 'js',
      }
    })
  },
}

/** Bundles the API reference renderer's script as a string, to be served by the docs function. */
const redocAsTextPlugin = {
  name: 'redoc-as-text',
  setup(build) {
    build.onLoad({ filter: /redoc\.standalone\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }))
  },
}

module.exports = [jsonParsePlugin, redocAsTextPlugin]
module.exports.jsonParsePlugin = jsonParsePlugin
module.exports.redocAsTextPlugin = redocAsTextPlugin
