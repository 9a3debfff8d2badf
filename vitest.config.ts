import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'relay/**/*.test.ts', 'app/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // .ci/run reads the JSON report to print its "N passed, N failed" line.
    reporters: process.env.FLOWBOOK_VITEST_JSON ? ['default', 'json'] : ['default'],
    outputFile: process.env.FLOWBOOK_VITEST_JSON ? { json: process.env.FLOWBOOK_VITEST_JSON } : {},
  },
});
