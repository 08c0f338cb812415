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
      ingest: {
        maxEvents: 1000,
        maxBodyBytes: 5 * 1024 * 1024,
        maxTextChars: 256 * 1024,
        maxJsonChars: 1024 * 1024,
        maxMessageChars: 256 * 1024,
        maxJsonDepth: 32,
      },
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
      INGEST_MAX_EVENTS: '500',
      INGEST_MAX_BODY_BYTES: '1048576',
      INGEST_MAX_TEXT_CHARS: '1000',
      INGEST_MAX_JSON_CHARS: '2000',
      INGEST_MAX_MESSAGE_CHARS: '3000',
      INGEST_MAX_JSON_DEPTH: '8',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://app@db:5432/hindsight',
      logLevel: 'debug',
      shutdownTimeoutMs: 2500,
      schemaCheck: 'warn',
      ingest: {
        maxEvents: 500,
        maxBodyBytes: 1_048_576,
        maxTextChars: 1000,
        maxJsonChars: 2000,
        maxMessageChars: 3000,
        maxJsonDepth: 8,
      },
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

  it('refuses ingest limits that are not positive whole numbers', () => {
    expect(() => loadConfig({ INGEST_MAX_EVENTS: '0' })).toThrow(
      /INGEST_MAX_EVENTS="0": must be at least 1/,
    );
    expect(() => loadConfig({ INGEST_MAX_BODY_BYTES: '5MB' })).toThrow(
      /INGEST_MAX_BODY_BYTES="5MB": must be a whole number/,
    );
    expect(() => loadConfig({ INGEST_MAX_JSON_DEPTH: '99999999999999999999' })).toThrow(
      /INGEST_MAX_JSON_DEPTH/,
    );
  });

  it('refuses a port above 65535', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });
});
