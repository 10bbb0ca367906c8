// The report scope's name, read from the reportScope param as the report functions read REPORT_SCOPE
// (lib/report-scope-setting.ts): the SubnetsAtRisk alarm's Scope dimension must be the one they emit.
// A scope that is not JSON fails the packaging here rather than the first cold start.

/** ReportScope's default name (lib/schemas/report.ts). */
const DEFAULT_SCOPE_NAME = 'default'

module.exports = async ({ resolveVariable }) => {
  const text = await resolveVariable('param:reportScope')
  let scope
  try {
    scope = JSON.parse(text)
  } catch (error) {
    throw new Error(`the reportScope param is not JSON (${error.message})`)
  }
  return { name: scope?.name ?? DEFAULT_SCOPE_NAME }
}
