// Bundled as text by the esbuild plugin in scripts/esbuild-plugins.mjs.
declare module 'redoc/bundles/redoc.standalone.js' {
  const source: string
  export default source
}
