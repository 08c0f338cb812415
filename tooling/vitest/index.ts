import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/** Workspace packages export their TypeScript source under this condition. */
export const sourceCondition = '@hindsight/source';

const shared = defineConfig({
  resolve: { conditions: [sourceCondition, 'import', 'default'] },
  ssr: { resolve: { conditions: [sourceCondition, 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores on CI: forks keep memory per worker small and PGlite isolated.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});

/** The config every package's vitest.config.ts starts from. */
export function definePackageConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(shared, overrides);
}
