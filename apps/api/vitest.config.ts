import { definePackageConfig } from '@hindsight/vitest-config';

// End-to-end tests start built servers and CLI runs as processes (each opens and
// migrates a database): a generous ceiling, so a busy machine slows them down
// instead of failing them. No test measures time.
export default definePackageConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
