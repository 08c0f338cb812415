import { definePackageConfig } from '@hindsight/vitest-config';

// Real Chromium against the built server: run by `pnpm test:browser`, not by `pnpm test`.
export default definePackageConfig({
  test: {
    include: ['browser/**/*.test.ts'],
    maxWorkers: 1,
    fileParallelism: false,
    typecheck: { enabled: false },
  },
});
