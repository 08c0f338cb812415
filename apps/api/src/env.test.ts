import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

describe('loadConfig', () => {
  it('has defaults that start on the embedded database', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: './data',
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      schemaCheck: 'error',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://app@db:5432/hindsight',
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: '2500',
      HINDSIGHT_SCHEMA_CHECK: 'warn',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://app@db:5432/hindsight',
      logLevel: 'debug',
      shutdownTimeoutMs: 2500,
      schemaCheck: 'warn',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(8080);
  });

  it('names every bad variable with its value and the rule', () => {
    const error = (() => {
      try {
        loadConfig({
          PORT: '80a',
          LOG_LEVEL: 'loud',
          DATABASE_URL: 'mysql://x',
          SHUTDOWN_TIMEOUT_MS: '0',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT='))).toContain('"80a"');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL='))).toContain('must be one of');
    expect(problems.find((p) => p.startsWith('DATABASE_URL='))).toContain('postgres://');
    expect(problems.find((p) => p.startsWith('SHUTDOWN_TIMEOUT_MS='))).toContain('at least 1');
  });

  it('refuses a port above 65535', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });
});
