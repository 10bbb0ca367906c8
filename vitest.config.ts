import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Process-level tests (CLI, importer) start Node; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
