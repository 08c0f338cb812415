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
        maxTextChars: 256 * 1024,
        maxJsonChars: 1024 * 1024,
        maxMessageChars: 256 * 1024,
        maxJsonDepth: 32,
      },
      auth: { enabled: true },
      rateLimit: { ingestPerMinute: 600, readPerMinute: 1200, keyPrefix: 'hindsight:rate' },
      maxBodyBytes: 5 * 1024 * 1024,
      requestTimeoutMs: 30_000,
      corsOrigins: [],
      browserSessions: { absoluteHours: 12, idleMinutes: 120 },
      trustedProxies: 0,
      usageRefreshMs: 10_000,
      embeddedMaintenanceMs: 60_000,
      web: { enabled: true },
      auditRetentionDays: 365,
      lifecycle: {
        enabled: true,
        retention: { default_days: 365, by_status: {}, by_agent_type: {} },
        retentionBatchSize: 500,
        retentionIntervalMs: 3_600_000,
        staleAfterMs: 3_600_000,
        staleSweepIntervalMs: 300_000,
      },
      otel: {
        sessionAttributes: ['gen_ai.conversation.id', 'session.id'],
        agentTypeAttributes: ['gen_ai.agent.name', 'service.name'],
        alertTypeAttributes: ['hindsight.alert_type'],
        idleTimeoutMs: 300_000,
        settleMs: 2_000,
        sweepIntervalMs: 1_000,
      },
      live: {
        enabled: true,
        retentionHours: 24,
        connectionsPerPrincipal: 20,
        channelsPerConnection: 100,
        framesPerSecond: 50,
        maxBufferedBytes: 1048576,
        catchUpLimit: 100,
        heartbeatMs: 15000,
      },
      prices: { fileOverrides: [], cacheMs: 5000 },
      concurrency: { ingest: 8, read: 8, search: 4, queueWaitMs: 1000 },
      database: { connectTimeoutMs: 1000, idleTimeoutMs: 60_000, statementTimeoutMs: 27_000 },
      http: { headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5000, socketIdleTimeoutMs: 60_000 },
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
      HINDSIGHT_MAX_BODY_BYTES: '1048576',
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
        maxTextChars: 1000,
        maxJsonChars: 2000,
        maxMessageChars: 3000,
        maxJsonDepth: 8,
      },
      auth: { enabled: true },
      rateLimit: { ingestPerMinute: 600, readPerMinute: 1200, keyPrefix: 'hindsight:rate' },
      maxBodyBytes: 1_048_576,
      requestTimeoutMs: 30_000,
      corsOrigins: [],
      browserSessions: { absoluteHours: 12, idleMinutes: 120 },
      trustedProxies: 0,
      usageRefreshMs: 10_000,
      embeddedMaintenanceMs: 60_000,
      web: { enabled: true },
      auditRetentionDays: 365,
      lifecycle: {
        enabled: true,
        retention: { default_days: 365, by_status: {}, by_agent_type: {} },
        retentionBatchSize: 500,
        retentionIntervalMs: 3_600_000,
        staleAfterMs: 3_600_000,
        staleSweepIntervalMs: 300_000,
      },
      otel: {
        sessionAttributes: ['gen_ai.conversation.id', 'session.id'],
        agentTypeAttributes: ['gen_ai.agent.name', 'service.name'],
        alertTypeAttributes: ['hindsight.alert_type'],
        idleTimeoutMs: 300_000,
        settleMs: 2_000,
        sweepIntervalMs: 1_000,
      },
      live: {
        enabled: true,
        retentionHours: 24,
        connectionsPerPrincipal: 20,
        channelsPerConnection: 100,
        framesPerSecond: 50,
        maxBufferedBytes: 1048576,
        catchUpLimit: 100,
        heartbeatMs: 15000,
      },
      prices: { fileOverrides: [], cacheMs: 5000 },
      concurrency: { ingest: 8, read: 8, search: 4, queueWaitMs: 1000 },
      database: { connectTimeoutMs: 1000, idleTimeoutMs: 60_000, statementTimeoutMs: 27_000 },
      http: { headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5000, socketIdleTimeoutMs: 60_000 },
    });
  });

  it('serves the dashboard from HINDSIGHT_WEB_DIR, or not at all with off', () => {
    expect(loadConfig({ HINDSIGHT_WEB_DIR: '/srv/hindsight-web' }).web).toEqual({
      enabled: true,
      dir: '/srv/hindsight-web',
    });
    expect(loadConfig({ HINDSIGHT_WEB_DIR: 'off' }).web).toEqual({ enabled: false });
  });

  it('reads the production surface: auth, JWT, Redis, limits and CORS', () => {
    const config = loadConfig({
      HINDSIGHT_AUTH: 'off',
      HINDSIGHT_BOOTSTRAP_KEY: 'b'.repeat(40),
      HINDSIGHT_JWT_SECRET: 's'.repeat(32),
      HINDSIGHT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
      HINDSIGHT_JWT_ISSUER: 'https://id.example.com/',
      HINDSIGHT_JWT_AUDIENCE: 'hindsight',
      HINDSIGHT_JWT_ROLES_CLAIM: 'hindsight_roles',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      HINDSIGHT_RATE_LIMIT_INGEST: '0',
      HINDSIGHT_RATE_LIMIT_READ: '30',
      HINDSIGHT_RATE_LIMIT_PREFIX: 'prod:rl',
      HINDSIGHT_MAX_BODY_BYTES: '1048576',
      HINDSIGHT_REQUEST_TIMEOUT_MS: '5000',
      HINDSIGHT_CORS_ORIGINS: 'https://dash.example.com, http://localhost:5173',
      HINDSIGHT_TRUSTED_PROXIES: '1',
      HINDSIGHT_USAGE_REFRESH_MS: '2500',
      HINDSIGHT_EMBEDDED_MAINTENANCE_SECONDS: '0',
    });
    expect(config.trustedProxies).toBe(1);
    expect(config.usageRefreshMs).toBe(2500);
    expect(config.embeddedMaintenanceMs).toBe(0);
    expect(config.auth).toEqual({
      enabled: false,
      bootstrapKey: 'b'.repeat(40),
      jwt: {
        secret: 's'.repeat(32),
        jwksUrl: 'https://id.example.com/.well-known/jwks.json',
        issuer: 'https://id.example.com/',
        audience: 'hindsight',
        rolesClaim: 'hindsight_roles',
      },
    });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379/0');
    expect(config.rateLimit).toEqual({
      ingestPerMinute: 0,
      readPerMinute: 30,
      keyPrefix: 'prod:rl',
    });
    expect(config.maxBodyBytes).toBe(1_048_576);
    expect(config.requestTimeoutMs).toBe(5000);
    expect(config.corsOrigins).toEqual(['https://dash.example.com', 'http://localhost:5173']);
  });

  it('reads browser sign-in: the trusted auth proxy, the CSRF secret and session lifetimes', () => {
    const config = loadConfig({
      HINDSIGHT_AUTH_PROXY_HEADER: 'X-Forwarded-Email',
      HINDSIGHT_AUTH_PROXY_ADDRESSES: '10.0.0.5, 10.1.0.0/16,fd00::/8',
      HINDSIGHT_AUTH_PROXY_SCOPES: 'read,ingest',
      HINDSIGHT_CSRF_SECRET: 'c'.repeat(32),
      HINDSIGHT_BROWSER_SESSION_HOURS: '8',
      HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES: '30',
    });
    expect(config.auth.proxy).toEqual({
      header: 'X-Forwarded-Email',
      addresses: ['10.0.0.5', '10.1.0.0/16', 'fd00::/8'],
      scopes: ['read', 'ingest'],
    });
    expect(config.auth.csrfSecret).toBe('c'.repeat(32));
    expect(config.browserSessions).toEqual({ absoluteHours: 8, idleMinutes: 30 });
    // The proxy's scopes default to read.
    expect(
      loadConfig({ HINDSIGHT_AUTH_PROXY_HEADER: 'X-User', HINDSIGHT_AUTH_PROXY_ADDRESSES: '::1' })
        .auth.proxy?.scopes,
    ).toEqual(['read']);
  });

  it('refuses a proxy header without addresses, bad addresses and scopes, and idle beyond the lifetime', () => {
    expect(() => loadConfig({ HINDSIGHT_AUTH_PROXY_HEADER: 'X-Forwarded-Email' })).toThrow(
      /HINDSIGHT_AUTH_PROXY_HEADER and HINDSIGHT_AUTH_PROXY_ADDRESSES go together/,
    );
    expect(() =>
      loadConfig({
        HINDSIGHT_AUTH_PROXY_HEADER: 'X-User',
        HINDSIGHT_AUTH_PROXY_ADDRESSES: 'proxy.local',
      }),
    ).toThrow(
      /HINDSIGHT_AUTH_PROXY_ADDRESSES="proxy.local": must be IP addresses or CIDR networks/,
    );
    expect(() =>
      loadConfig({
        HINDSIGHT_AUTH_PROXY_HEADER: 'X-User',
        HINDSIGHT_AUTH_PROXY_ADDRESSES: '10.0.0.0/33',
      }),
    ).toThrow(/HINDSIGHT_AUTH_PROXY_ADDRESSES/);
    expect(() => loadConfig({ HINDSIGHT_AUTH_PROXY_SCOPES: 'read,root' })).toThrow(
      /HINDSIGHT_AUTH_PROXY_SCOPES.*must be scopes among/,
    );
    expect(() => loadConfig({ HINDSIGHT_CSRF_SECRET: 'short' })).toThrow(
      /HINDSIGHT_CSRF_SECRET=\[secret, 5 characters\]/,
    );
    expect(() =>
      loadConfig({
        HINDSIGHT_BROWSER_SESSION_HOURS: '1',
        HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES: '61',
      }),
    ).toThrow(/HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES="61": must be at most/);
  });

  it('needs an issuer and an audience once tokens are accepted', () => {
    expect(() => loadConfig({ HINDSIGHT_JWT_SECRET: 's'.repeat(32) })).toThrow(
      /HINDSIGHT_JWT_ISSUER.*\n.*HINDSIGHT_JWT_AUDIENCE/,
    );
  });

  it('refuses weak secrets without printing them, and bad URLs, origins and switches', () => {
    const error = (() => {
      try {
        loadConfig({
          HINDSIGHT_BOOTSTRAP_KEY: 'hunter2',
          HINDSIGHT_JWT_SECRET: 'short-secret',
          HINDSIGHT_JWKS_URL: 'ftp://id.example.com/jwks',
          REDIS_URL: 'http://cache:6379',
          HINDSIGHT_CORS_ORIGINS: 'https://dash.example.com/app',
          HINDSIGHT_AUTH: 'maybe',
          HINDSIGHT_RATE_LIMIT_READ: '-1',
        });
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const text = error?.message ?? '';
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('short-secret');
    expect(text).toContain(
      'HINDSIGHT_BOOTSTRAP_KEY=[secret, 7 characters]: must be at least 32 characters long',
    );
    for (const key of [
      'HINDSIGHT_JWKS_URL',
      'REDIS_URL',
      'HINDSIGHT_CORS_ORIGINS',
      'HINDSIGHT_AUTH',
      'HINDSIGHT_RATE_LIMIT_READ',
    ]) {
      expect(text).toContain(`${key}=`);
    }
  });

  it('reads the data lifecycle: retention per status and agent type, the sweeper, the switch', () => {
    const config = loadConfig({
      HINDSIGHT_RETENTION_DAYS: '30',
      HINDSIGHT_RETENTION_DAYS_BY_STATUS: 'failed=90, timed_out=60',
      HINDSIGHT_RETENTION_DAYS_BY_AGENT_TYPE: 'triage=400',
      HINDSIGHT_RETENTION_BATCH_SIZE: '100',
      HINDSIGHT_STALE_AFTER_MINUTES: '15',
      HINDSIGHT_LIFECYCLE_JOBS: 'off',
    });
    expect(config.lifecycle).toMatchObject({
      enabled: false,
      retention: {
        default_days: 30,
        by_status: { failed: 90, timed_out: 60 },
        by_agent_type: { triage: 400 },
      },
      retentionBatchSize: 100,
      staleAfterMs: 900_000,
    });
    expect(() => loadConfig({ HINDSIGHT_RETENTION_DAYS_BY_STATUS: 'broken=3' })).toThrow(
      /HINDSIGHT_RETENTION_DAYS_BY_STATUS.*statuses/,
    );
    expect(() => loadConfig({ HINDSIGHT_RETENTION_DAYS_BY_AGENT_TYPE: 'a=0' })).toThrow(
      /HINDSIGHT_RETENTION_DAYS_BY_AGENT_TYPE.*key=days/,
    );
    expect(() => loadConfig({ HINDSIGHT_RETENTION_BATCH_SIZE: '20000' })).toThrow(/at most 10000/);
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
    expect(() => loadConfig({ INGEST_MAX_TEXT_CHARS: '5MB' })).toThrow(
      /INGEST_MAX_TEXT_CHARS="5MB": must be a whole number/,
    );
    expect(() => loadConfig({ INGEST_MAX_JSON_DEPTH: '99999999999999999999' })).toThrow(
      /INGEST_MAX_JSON_DEPTH/,
    );
  });

  it('refuses a port above 65535', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });

  it('reads the prices file at start-up, and refuses a bad one naming the field', () => {
    const files: Record<string, string> = {
      '/etc/prices.json': JSON.stringify([
        { name: 'ours', model: 'ft-*', input_per_mtok: 1, output_per_mtok: 2 },
      ]),
      '/etc/bad.json': JSON.stringify([{ name: 'ours', model: 'ft-*', input_per_mtok: 'one' }]),
    };
    const read = (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    };
    expect(loadConfig({}).prices).toEqual({ fileOverrides: [], cacheMs: 5000 });
    const config = loadConfig(
      { HINDSIGHT_PRICES_FILE: '/etc/prices.json', HINDSIGHT_PRICES_CACHE_MS: '0' },
      read,
    );
    expect(config.prices).toEqual({
      file: '/etc/prices.json',
      cacheMs: 0,
      fileOverrides: [
        {
          name: 'ours',
          provider: null,
          model: 'ft-*',
          effective_from_us: 0,
          input_per_mtok: 1,
          output_per_mtok: 2,
          cache_read_per_mtok: null,
          cache_creation_per_mtok: null,
        },
      ],
    });
    expect(() => loadConfig({ HINDSIGHT_PRICES_FILE: '/etc/bad.json' }, read)).toThrow(
      /HINDSIGHT_PRICES_FILE="\/etc\/bad.json": \[0\]\.input_per_mtok: .*\n.*\[0\]\.output_per_mtok/,
    );
    expect(() => loadConfig({ HINDSIGHT_PRICES_FILE: '/etc/none.json' }, read)).toThrow(
      /cannot be read: ENOENT/,
    );
    expect(() => loadConfig({ HINDSIGHT_PRICES_CACHE_MS: 'soon' })).toThrow(
      /HINDSIGHT_PRICES_CACHE_MS/,
    );
  });
});
