import { definePackageConfig } from '@hindsight/vitest-config';

// Real Chromium against the built server: run by `pnpm test:browser`, not by `pnpm test`.
export default definePackageConfig({
  test: {
    include: ['browser/**/*.test.ts'],
    // The shared config includes the unit tests; the browser run is only the browser tests.
    exclude: ['src/**', 'test/**', 'node_modules/**'],
    maxWorkers: 1,
    fileParallelism: false,
    typecheck: { enabled: false },
  },
});
