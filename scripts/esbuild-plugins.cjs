// esbuild plugins shared by the Lambda bundles (serverless-esbuild requires this file: it must be
// CommonJS and export the plugin array) and by the CLI's bundle.
const { readFileSync } = require('node:fs')

/**
 * Bundles large JSON data files as `JSON.parse("...")` rather than as a JavaScript object literal:
 * V8 parses JSON text several times faster, which is most of the catalog's load time at start-up.
 */
const jsonParsePlugin = {
  name: 'json-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]data[\\/][^\\/]+\.json$/ }, (args) => ({
      contents: `export default /* @__PURE__ */ JSON.parse(${JSON.stringify(readFileSync(args.path, 'utf8'))})`,
      loader: 'js',
    }))
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
