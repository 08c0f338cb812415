import { definePackageConfig } from '@hindsight/vitest-config';

// End-to-end tests start built servers and CLI runs as processes (each opens and
// migrates a database): a generous ceiling, so a busy machine slows them down
// instead of failing them. No test measures time.
const config = definePackageConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });

// The OpenTelemetry SDK's `module` builds import without file extensions, which
// Node's loader refuses; without that condition its packages resolve to their
// CommonJS builds, which Node loads as they are.
const withoutModule = (conditions: string[] = []) =>
  conditions.filter((condition) => condition !== 'module');
config.resolve = { ...config.resolve, conditions: withoutModule(config.resolve?.conditions) };
config.ssr = {
  ...config.ssr,
  resolve: { ...config.ssr?.resolve, conditions: withoutModule(config.ssr?.resolve?.conditions) },
};

export default config;
