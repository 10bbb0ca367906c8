/** The API reference page: Redoc, served by this service, rendering the generated document. */
export function docsPage(document: object): string {
  // Escaping `<` keeps the embedded JSON from closing the script element early.
  const spec = JSON.stringify(document).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eks-ip-capacity API</title>
<style>body { margin: 0; font-family: system-ui, sans-serif; }</style>
</head>
<body>
<div id="reference"></div>
<script src="/docs/redoc.standalone.js"></script>
<script>
Redoc.init(${spec}, { hideDownloadButton: false, expandResponses: '200', disableSearch: false }, document.getElementById('reference'))
</script>
</body>
</html>
`
}
