/** The API reference page: Redoc, served by this service, rendering the generated document. */
export function docsPage(document: object): string {
  // The document travels as a data block (never run, so the CSP needs no inline script); escaping `<`
  // keeps it from closing the element early.
  const spec = JSON.stringify(document).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eks-ip-capacity API</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; font-family: system-ui, sans-serif; }</style>
</head>
<body>
<div id="reference"></div>
<script type="application/json" id="openapi-document">${spec}</script>
<script src="/docs/redoc.standalone.js"></script>
</body>
</html>
`
}

/**
 * Starts the renderer on the page's document. It rides at the end of the renderer's own file: the page
 * then runs no inline script, and the start costs no request of its own.
 */
const START_RENDERER = `
;Redoc.init(
  JSON.parse(document.getElementById('openapi-document').textContent),
  { hideDownloadButton: false, expandResponses: '200', disableSearch: false },
  document.getElementById('reference'),
)
`

/** The one asset the renderer would fetch from its vendor's CDN: its footer logo. */
const RENDERER_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg'
const BLANK_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"

/** The renderer's script with nothing left to fetch from elsewhere: the page works on a closed network. */
export function selfContainedRenderer(script: string): string {
  return script.replaceAll(RENDERER_CDN_LOGO, BLANK_SVG) + START_RENDERER
}
