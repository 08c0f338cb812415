// Plain JavaScript: vitest loads package configs with Node, which cannot import TypeScript from node_modules.
import { defineConfig, mergeConfig } from 'vitest/config';

/** Workspace packages export their TypeScript source under this condition. */
export const sourceCondition = '@hindsight/source';

const conditions = [sourceCondition, 'import', 'module', 'node', 'default'];

const shared = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores on CI: forked workers keep memory per worker small and PGlite isolated.
    pool: 'forks',
    maxWorkers: 2,
    // A hang detector, not a speed limit: the first test of a worker migrates a
    // PGlite template, which on two busy cores can take well over 30 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});

/** The config every package's vitest.config.ts starts from. */
export function definePackageConfig(overrides = {}) {
  return mergeConfig(shared, overrides);
}
