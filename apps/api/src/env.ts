import { parseAddressList } from '@hindsight/api';
import {
  apiKeyScopes,
  type PriceOverride,
  type RetentionPolicy,
  sessionStatuses,
} from '@hindsight/models';
import type { IngestLimits, OtelOptions } from '@hindsight/service';
import * as v from 'valibot';
import { readPricesFile } from './prices-file.js';

// The one place that reads process.env: everything else receives a Config.

const Port = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a whole number from 0 to 65535'),
  v.transform(Number),
  v.maxValue(65535, 'must be a whole number from 0 to 65535'),
);

const Milliseconds = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a whole number of milliseconds'),
  v.transform(Number),
  v.minValue(1, 'must be at least 1'),
);

const Positive = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a whole number'),
  v.transform(Number),
  v.safeInteger('must be a whole number'),
  v.minValue(1, 'must be at least 1'),
);

const PerMinute = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a whole number of requests a minute (0 for no limit)'),
  v.transform(Number),
);

const Bytes = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a whole number of bytes'),
  v.transform(Number),
  v.minValue(1024, 'must be at least 1024'),
);

/** A secret a person chooses: long enough that guessing it is hopeless. */
const Secret = v.pipe(
  v.string(),
  v.minLength(32, 'must be at least 32 characters long'),
  v.maxLength(512, 'must be at most 512 characters long'),
);

/** A comma-separated list, blanks dropped. */
const CommaList = v.pipe(
  v.string(),
  v.transform((list) =>
    list
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  ),
);

/** `status=days,status=days`: longer retention for some statuses or agent types. */
const DaysByKey = v.pipe(
  v.string(),
  v.transform((list) =>
    list
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .map((entry) => entry.split('=').map((part) => part.trim())),
  ),
  v.check(
    (pairs) =>
      pairs.every(
        (p) => p.length === 2 && p[0] !== '' && /^\d+$/.test(p[1] ?? '') && Number(p[1]) >= 1,
      ),
    'must be key=days pairs separated by commas, days a whole number of at least 1',
  ),
  v.transform((pairs) => Object.fromEntries(pairs.map(([key, days]) => [key, Number(days)]))),
);

const AddressList = v.pipe(
  CommaList,
  v.check((entries) => {
    try {
      parseAddressList(entries);
      return true;
    } catch {
      return false;
    }
  }, 'must be IP addresses or CIDR networks, separated by commas (e.g. 10.0.0.5,10.1.0.0/16)'),
);

const Scopes = v.pipe(
  CommaList,
  v.minLength(1, 'must name at least one scope'),
  v.array(v.picklist(apiKeyScopes, `must be scopes among ${apiKeyScopes.join(', ')}`)),
);

const HttpUrl = v.pipe(
  v.string(),
  v.url('must be a URL'),
  v.regex(/^https?:\/\//i, 'must be an http:// or https:// URL'),
);

/** Comma-separated browser origins such as https://dash.example.com (scheme, host, port; no path). */
const Origins = v.pipe(
  v.string(),
  v.transform((list) =>
    list
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  ),
  v.check(
    (origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/i.test(origin)),
    'must be a comma-separated list of origins such as https://dash.example.com (no path, no trailing slash)',
  ),
);

const EnvSchema = v.object({
  PORT: v.optional(Port, '8080'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), '127.0.0.1'),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, 'must not be empty'),
      v.check(
        (url) =>
          !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^(memory|postgres|postgresql|file):/i.test(url),
        'must be memory://, a directory path, a file: URL or a postgres:// URL',
      ),
    ),
    './data',
  ),
  LOG_LEVEL: v.optional(
    v.picklist(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'must be one of fatal, error, warn, info, debug, trace, silent',
    ),
    'info',
  ),
  SHUTDOWN_TIMEOUT_MS: v.optional(Milliseconds, '10000'),
  HINDSIGHT_SCHEMA_CHECK: v.optional(
    v.picklist(['error', 'warn'], 'must be error (refuse to start on drift) or warn'),
    'error',
  ),
  INGEST_MAX_EVENTS: v.optional(Positive, '1000'),
  INGEST_MAX_TEXT_CHARS: v.optional(Positive, String(256 * 1024)),
  INGEST_MAX_JSON_CHARS: v.optional(Positive, String(1024 * 1024)),
  INGEST_MAX_MESSAGE_CHARS: v.optional(Positive, String(256 * 1024)),
  INGEST_MAX_JSON_DEPTH: v.optional(Positive, '32'),
  HINDSIGHT_AUTH: v.optional(
    v.picklist(['on', 'off'], 'must be on, or off (local development only)'),
    'on',
  ),
  HINDSIGHT_BOOTSTRAP_KEY: v.optional(Secret),
  HINDSIGHT_JWT_SECRET: v.optional(Secret),
  HINDSIGHT_JWKS_URL: v.optional(HttpUrl),
  HINDSIGHT_JWT_ISSUER: v.optional(v.pipe(v.string(), v.minLength(1))),
  HINDSIGHT_JWT_AUDIENCE: v.optional(v.pipe(v.string(), v.minLength(1))),
  HINDSIGHT_JWT_ROLES_CLAIM: v.optional(
    v.pipe(v.string(), v.regex(/^[\w:./-]+$/, 'must be a claim name')),
    'roles',
  ),
  REDIS_URL: v.optional(
    v.pipe(v.string(), v.regex(/^rediss?:\/\/\S+$/i, 'must be a redis:// or rediss:// URL')),
  ),
  HINDSIGHT_RATE_LIMIT_INGEST: v.optional(PerMinute, '600'),
  HINDSIGHT_RATE_LIMIT_READ: v.optional(PerMinute, '1200'),
  HINDSIGHT_RATE_LIMIT_PREFIX: v.optional(
    v.pipe(v.string(), v.regex(/^[\w:.-]{1,100}$/, 'must be letters, digits, _ : . or -')),
    'hindsight:rate',
  ),
  HINDSIGHT_MAX_BODY_BYTES: v.optional(Bytes, String(5 * 1024 * 1024)),
  HINDSIGHT_REQUEST_TIMEOUT_MS: v.optional(Milliseconds, '30000'),
  HINDSIGHT_STATEMENT_TIMEOUT_MS: v.optional(Milliseconds),
  HINDSIGHT_DB_CONNECT_TIMEOUT_MS: v.optional(Milliseconds, '1000'),
  HINDSIGHT_DB_IDLE_TIMEOUT_MS: v.optional(Milliseconds, '60000'),
  HINDSIGHT_CONCURRENCY_INGEST: v.optional(Positive, '8'),
  HINDSIGHT_CONCURRENCY_READ: v.optional(Positive, '8'),
  HINDSIGHT_CONCURRENCY_SEARCH: v.optional(Positive, '4'),
  HINDSIGHT_QUEUE_WAIT_MS: v.optional(Milliseconds, '1000'),
  HINDSIGHT_CURSOR_SECRET: v.optional(Secret),
  HINDSIGHT_CURSOR_SECRET_PREVIOUS: v.optional(Secret),
  HINDSIGHT_HEADERS_TIMEOUT_MS: v.optional(Milliseconds, '10000'),
  HINDSIGHT_KEEP_ALIVE_TIMEOUT_MS: v.optional(Milliseconds, '5000'),
  HINDSIGHT_SOCKET_IDLE_TIMEOUT_MS: v.optional(Milliseconds, '60000'),
  HINDSIGHT_CORS_ORIGINS: v.optional(Origins, ''),
  HINDSIGHT_AUTH_PROXY_HEADER: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an HTTP header name')),
  ),
  HINDSIGHT_AUTH_PROXY_ADDRESSES: v.optional(AddressList),
  HINDSIGHT_AUTH_PROXY_SCOPES: v.optional(Scopes, 'read'),
  HINDSIGHT_CSRF_SECRET: v.optional(Secret),
  HINDSIGHT_BROWSER_SESSION_HOURS: v.optional(Positive, '12'),
  HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES: v.optional(Positive, '120'),
  HINDSIGHT_AUDIT_RETENTION_DAYS: v.optional(Positive, '365'),
  HINDSIGHT_RETENTION_DAYS: v.optional(Positive, '365'),
  HINDSIGHT_RETENTION_DAYS_BY_STATUS: v.optional(
    v.pipe(
      DaysByKey,
      v.check(
        (byStatus) =>
          Object.keys(byStatus).every((s) => (sessionStatuses as readonly string[]).includes(s)),
        `must name statuses among ${sessionStatuses.join(', ')}`,
      ),
    ),
    '',
  ),
  HINDSIGHT_RETENTION_DAYS_BY_AGENT_TYPE: v.optional(DaysByKey, ''),
  HINDSIGHT_RETENTION_BATCH_SIZE: v.optional(
    v.pipe(Positive, v.maxValue(10_000, 'must be at most 10000')),
    '500',
  ),
  HINDSIGHT_RETENTION_INTERVAL_MINUTES: v.optional(Positive, '60'),
  HINDSIGHT_STALE_AFTER_MINUTES: v.optional(Positive, '60'),
  HINDSIGHT_STALE_SWEEP_INTERVAL_MINUTES: v.optional(Positive, '5'),
  HINDSIGHT_LIFECYCLE_JOBS: v.optional(
    v.picklist(['on', 'off'], 'must be on, or off (no retention or stale sweep in this instance)'),
    'on',
  ),
  HINDSIGHT_OTEL_SESSION_ATTRIBUTES: v.optional(CommaList, 'gen_ai.conversation.id,session.id'),
  HINDSIGHT_OTEL_AGENT_TYPE_ATTRIBUTES: v.optional(CommaList, 'gen_ai.agent.name,service.name'),
  HINDSIGHT_OTEL_ALERT_TYPE_ATTRIBUTES: v.optional(CommaList, 'hindsight.alert_type'),
  HINDSIGHT_OTEL_IDLE_TIMEOUT_SECONDS: v.optional(Positive, '300'),
  HINDSIGHT_OTEL_SETTLE_MS: v.optional(Milliseconds, '2000'),
  HINDSIGHT_OTEL_SWEEP_INTERVAL_MS: v.optional(Milliseconds, '1000'),
  HINDSIGHT_USAGE_REFRESH_MS: v.optional(Milliseconds, '10000'),
  HINDSIGHT_EMBEDDED_MAINTENANCE_SECONDS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'must be a whole number of seconds (0: no maintenance job)'),
      v.transform(Number),
    ),
    '60',
  ),
  HINDSIGHT_LIVE: v.optional(v.picklist(['on', 'off'], 'must be on or off'), 'on'),
  HINDSIGHT_LIVE_RETENTION_HOURS: v.optional(Positive, '24'),
  HINDSIGHT_LIVE_MAX_CONNECTIONS: v.optional(Positive, '20'),
  HINDSIGHT_LIVE_MAX_CHANNELS: v.optional(Positive, '100'),
  HINDSIGHT_LIVE_MAX_FRAMES_PER_SECOND: v.optional(Positive, '50'),
  HINDSIGHT_LIVE_MAX_BUFFER_BYTES: v.optional(Bytes, '1048576'),
  HINDSIGHT_LIVE_CATCHUP_LIMIT: v.optional(Positive, '100'),
  HINDSIGHT_LIVE_HEARTBEAT_MS: v.optional(Milliseconds, '15000'),
  HINDSIGHT_TRUSTED_PROXIES: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'must be the number of proxies in front of the server (0 for none)'),
      v.transform(Number),
      v.maxValue(10, 'must be at most 10'),
    ),
    '0',
  ),
  HINDSIGHT_WEB_DIR: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
  HINDSIGHT_PRICES_FILE: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
  HINDSIGHT_PRICES_CACHE_MS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'must be a whole number of milliseconds (0: read for every write)'),
      v.transform(Number),
    ),
    '5000',
  ),
});

/** Ingest limits the service enforces (the HTTP body limit is HINDSIGHT_MAX_BODY_BYTES). */
export type IngestConfig = IngestLimits;

export interface JwtConfig {
  readonly secret?: string;
  readonly jwksUrl?: string;
  readonly issuer: string;
  readonly audience: string;
  readonly rolesClaim: string;
}

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly logLevel: v.InferOutput<typeof EnvSchema>['LOG_LEVEL'];
  readonly shutdownTimeoutMs: number;
  /** What start-up does when the database does not conform to the schema. */
  readonly schemaCheck: 'error' | 'warn';
  readonly ingest: IngestConfig;
  readonly auth: {
    /** False only with HINDSIGHT_AUTH=off. */
    readonly enabled: boolean;
    readonly bootstrapKey?: string;
    readonly jwt?: JwtConfig;
    /** The trusted auth proxy (oauth2-proxy): the header naming the person, its addresses, their scopes. */
    readonly proxy?: {
      readonly header: string;
      readonly addresses: readonly string[];
      readonly scopes: readonly (typeof apiKeyScopes)[number][];
    };
    /** Keys the CSRF tokens of proxy-authenticated people; the same on every instance. */
    readonly csrfSecret?: string;
  };
  readonly redisUrl?: string;
  readonly rateLimit: {
    readonly ingestPerMinute: number;
    readonly readPerMinute: number;
    readonly keyPrefix: string;
  };
  readonly maxBodyBytes: number;
  readonly requestTimeoutMs: number;
  readonly database: {
    /** Below the request timeout: PostgreSQL cancels a statement that runs longer. */
    readonly statementTimeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly idleTimeoutMs: number;
  };
  /** Requests of each workload handled at once; as many again may wait up to `queueWaitMs`. */
  readonly concurrency: {
    readonly ingest: number;
    readonly read: number;
    readonly search: number;
    readonly queueWaitMs: number;
  };
  /** Secrets that sign list cursors; absent: one is generated per process. */
  readonly cursorSecrets?: { readonly current: string; readonly previous?: string };
  /** Node HTTP server timeouts (see the README). */
  readonly http: {
    readonly headersTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly socketIdleTimeoutMs: number;
  };
  readonly corsOrigins: readonly string[];
  /** Browser sign-in: how long a session lasts, at most and unused. */
  readonly browserSessions: { readonly absoluteHours: number; readonly idleMinutes: number };
  /** Proxies in front of the server whose X-Forwarded-For entries are trusted. */
  readonly trustedProxies: number;
  /**
   * The dashboard: served from `dir` (the built apps/web when unset), or not
   * at all with HINDSIGHT_WEB_DIR=off.
   */
  readonly web: { readonly enabled: boolean; readonly dir?: string };
  /** Audit rows older than this many days are pruned (hourly, and at start-up). */
  readonly auditRetentionDays: number;
  /** Data lifecycle: session retention and the stale-session sweeper, run in the server. */
  readonly lifecycle: {
    /** Off: this instance schedules neither job (the CLI still runs them). */
    readonly enabled: boolean;
    readonly retention: RetentionPolicy;
    readonly retentionBatchSize: number;
    readonly retentionIntervalMs: number;
    readonly staleAfterMs: number;
    readonly staleSweepIntervalMs: number;
  };
  /** How often the usage rollup's stale hours are rebuilt (the usage summary reads them meanwhile). */
  readonly usageRefreshMs: number;
  /**
   * How often the embedded database (PGlite, which has no autovacuum) is
   * checked for tables to vacuum and analyze; 0: never. Unused on PostgreSQL.
   */
  readonly embeddedMaintenanceMs: number;
  /** Live updates: retention of the event log and the bounds of connections. */
  /** The OTLP receiver: how spans name sessions and agents, and when its sessions close. */
  readonly otel: OtelOptions & {
    /** How often the sweep closes idle sessions and applies traces whose root never came. */
    readonly sweepIntervalMs: number;
  };
  /** LLM call pricing: the prices file's overrides, and how long stored overrides are reused. */
  readonly prices: {
    readonly file?: string;
    readonly fileOverrides: readonly PriceOverride[];
    readonly cacheMs: number;
  };
  readonly live: {
    /** Off: ingest writes no live events and the live routes answer 503. */
    readonly enabled: boolean;
    readonly retentionHours: number;
    readonly connectionsPerPrincipal: number;
    readonly channelsPerConnection: number;
    readonly framesPerSecond: number;
    readonly maxBufferedBytes: number;
    readonly catchUpLimit: number;
    readonly heartbeatMs: number;
  };
};

/** Secrets are never echoed in an error message, only their length. */
const secretVariables = new Set([
  'HINDSIGHT_BOOTSTRAP_KEY',
  'HINDSIGHT_JWT_SECRET',
  'HINDSIGHT_CURSOR_SECRET',
  'HINDSIGHT_CURSOR_SECRET_PREVIOUS',
  'HINDSIGHT_CSRF_SECRET',
]);

function shown(key: string, value: string): string {
  if (secretVariables.has(key)) return `[secret, ${value.length} characters]`;
  return JSON.stringify(value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@'));
}

/** The configuration is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from environment variables, and the
 * prices file that HINDSIGHT_PRICES_FILE names (read with `readFile`).
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  readFile?: (path: string) => string,
): Config {
  // Empty variables count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(
    Object.keys(EnvSchema.entries)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = v.safeParse(EnvSchema, present);
  if (!result.success) {
    throw new ConfigError(
      result.issues.map((issue) => {
        const key = v.getDotPath(issue) ?? 'environment';
        return `${key}=${shown(key, present[key] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const e = result.output;
  const jwt = jwtConfig(e);
  const prices = e.HINDSIGHT_PRICES_FILE
    ? readPricesFile(e.HINDSIGHT_PRICES_FILE, readFile)
    : { overrides: [] };
  if ('problems' in prices) {
    throw new ConfigError(
      prices.problems.map(
        (problem) => `HINDSIGHT_PRICES_FILE=${JSON.stringify(e.HINDSIGHT_PRICES_FILE)}: ${problem}`,
      ),
    );
  }
  // Below the request timeout, so that a statement never outlives its request.
  const statementTimeoutMs =
    e.HINDSIGHT_STATEMENT_TIMEOUT_MS ??
    Math.max(
      1,
      Math.min(
        e.HINDSIGHT_REQUEST_TIMEOUT_MS - 1000,
        Math.ceil(e.HINDSIGHT_REQUEST_TIMEOUT_MS * 0.9),
      ),
    );
  if (statementTimeoutMs >= e.HINDSIGHT_REQUEST_TIMEOUT_MS) {
    throw new ConfigError([
      `HINDSIGHT_STATEMENT_TIMEOUT_MS=${JSON.stringify(String(statementTimeoutMs))}: must be below HINDSIGHT_REQUEST_TIMEOUT_MS (${e.HINDSIGHT_REQUEST_TIMEOUT_MS}), so that no statement outlives its request`,
    ]);
  }
  if (
    (e.HINDSIGHT_AUTH_PROXY_HEADER === undefined) !==
    (e.HINDSIGHT_AUTH_PROXY_ADDRESSES === undefined)
  ) {
    throw new ConfigError([
      "HINDSIGHT_AUTH_PROXY_HEADER and HINDSIGHT_AUTH_PROXY_ADDRESSES go together: the header is believed only from the proxy's addresses",
    ]);
  }
  if (e.HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES > e.HINDSIGHT_BROWSER_SESSION_HOURS * 60) {
    throw new ConfigError([
      `HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES=${JSON.stringify(String(e.HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES))}: must be at most HINDSIGHT_BROWSER_SESSION_HOURS (${e.HINDSIGHT_BROWSER_SESSION_HOURS}) in minutes`,
    ]);
  }
  if (e.HINDSIGHT_CURSOR_SECRET_PREVIOUS && !e.HINDSIGHT_CURSOR_SECRET) {
    throw new ConfigError([
      'HINDSIGHT_CURSOR_SECRET_PREVIOUS=[secret]: needs HINDSIGHT_CURSOR_SECRET (the previous secret only verifies cursors during a rotation)',
    ]);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    schemaCheck: e.HINDSIGHT_SCHEMA_CHECK,
    ingest: {
      maxEvents: e.INGEST_MAX_EVENTS,
      maxTextChars: e.INGEST_MAX_TEXT_CHARS,
      maxJsonChars: e.INGEST_MAX_JSON_CHARS,
      maxMessageChars: e.INGEST_MAX_MESSAGE_CHARS,
      maxJsonDepth: e.INGEST_MAX_JSON_DEPTH,
    },
    auth: {
      enabled: e.HINDSIGHT_AUTH === 'on',
      ...(e.HINDSIGHT_BOOTSTRAP_KEY ? { bootstrapKey: e.HINDSIGHT_BOOTSTRAP_KEY } : {}),
      ...(jwt ? { jwt } : {}),
      ...(e.HINDSIGHT_AUTH_PROXY_HEADER && e.HINDSIGHT_AUTH_PROXY_ADDRESSES
        ? {
            proxy: {
              header: e.HINDSIGHT_AUTH_PROXY_HEADER,
              addresses: e.HINDSIGHT_AUTH_PROXY_ADDRESSES,
              scopes: e.HINDSIGHT_AUTH_PROXY_SCOPES,
            },
          }
        : {}),
      ...(e.HINDSIGHT_CSRF_SECRET ? { csrfSecret: e.HINDSIGHT_CSRF_SECRET } : {}),
    },
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    rateLimit: {
      ingestPerMinute: e.HINDSIGHT_RATE_LIMIT_INGEST,
      readPerMinute: e.HINDSIGHT_RATE_LIMIT_READ,
      keyPrefix: e.HINDSIGHT_RATE_LIMIT_PREFIX,
    },
    maxBodyBytes: e.HINDSIGHT_MAX_BODY_BYTES,
    requestTimeoutMs: e.HINDSIGHT_REQUEST_TIMEOUT_MS,
    database: {
      statementTimeoutMs,
      connectTimeoutMs: e.HINDSIGHT_DB_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: e.HINDSIGHT_DB_IDLE_TIMEOUT_MS,
    },
    concurrency: {
      ingest: e.HINDSIGHT_CONCURRENCY_INGEST,
      read: e.HINDSIGHT_CONCURRENCY_READ,
      search: e.HINDSIGHT_CONCURRENCY_SEARCH,
      queueWaitMs: e.HINDSIGHT_QUEUE_WAIT_MS,
    },
    ...(e.HINDSIGHT_CURSOR_SECRET
      ? {
          cursorSecrets: {
            current: e.HINDSIGHT_CURSOR_SECRET,
            ...(e.HINDSIGHT_CURSOR_SECRET_PREVIOUS
              ? { previous: e.HINDSIGHT_CURSOR_SECRET_PREVIOUS }
              : {}),
          },
        }
      : {}),
    http: {
      headersTimeoutMs: e.HINDSIGHT_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HINDSIGHT_KEEP_ALIVE_TIMEOUT_MS,
      socketIdleTimeoutMs: e.HINDSIGHT_SOCKET_IDLE_TIMEOUT_MS,
    },
    corsOrigins: e.HINDSIGHT_CORS_ORIGINS,
    browserSessions: {
      absoluteHours: e.HINDSIGHT_BROWSER_SESSION_HOURS,
      idleMinutes: e.HINDSIGHT_BROWSER_SESSION_IDLE_MINUTES,
    },
    trustedProxies: e.HINDSIGHT_TRUSTED_PROXIES,
    web:
      e.HINDSIGHT_WEB_DIR === 'off'
        ? { enabled: false }
        : { enabled: true, ...(e.HINDSIGHT_WEB_DIR ? { dir: e.HINDSIGHT_WEB_DIR } : {}) },
    auditRetentionDays: e.HINDSIGHT_AUDIT_RETENTION_DAYS,
    lifecycle: {
      enabled: e.HINDSIGHT_LIFECYCLE_JOBS === 'on',
      retention: {
        default_days: e.HINDSIGHT_RETENTION_DAYS,
        by_status: e.HINDSIGHT_RETENTION_DAYS_BY_STATUS,
        by_agent_type: e.HINDSIGHT_RETENTION_DAYS_BY_AGENT_TYPE,
      },
      retentionBatchSize: e.HINDSIGHT_RETENTION_BATCH_SIZE,
      retentionIntervalMs: e.HINDSIGHT_RETENTION_INTERVAL_MINUTES * 60_000,
      staleAfterMs: e.HINDSIGHT_STALE_AFTER_MINUTES * 60_000,
      staleSweepIntervalMs: e.HINDSIGHT_STALE_SWEEP_INTERVAL_MINUTES * 60_000,
    },
    usageRefreshMs: e.HINDSIGHT_USAGE_REFRESH_MS,
    embeddedMaintenanceMs: e.HINDSIGHT_EMBEDDED_MAINTENANCE_SECONDS * 1000,
    otel: {
      sessionAttributes: e.HINDSIGHT_OTEL_SESSION_ATTRIBUTES,
      agentTypeAttributes: e.HINDSIGHT_OTEL_AGENT_TYPE_ATTRIBUTES,
      alertTypeAttributes: e.HINDSIGHT_OTEL_ALERT_TYPE_ATTRIBUTES,
      idleTimeoutMs: e.HINDSIGHT_OTEL_IDLE_TIMEOUT_SECONDS * 1000,
      settleMs: e.HINDSIGHT_OTEL_SETTLE_MS,
      sweepIntervalMs: e.HINDSIGHT_OTEL_SWEEP_INTERVAL_MS,
    },
    prices: {
      ...(e.HINDSIGHT_PRICES_FILE ? { file: e.HINDSIGHT_PRICES_FILE } : {}),
      fileOverrides: prices.overrides,
      cacheMs: e.HINDSIGHT_PRICES_CACHE_MS,
    },
    live: {
      enabled: e.HINDSIGHT_LIVE === 'on',
      retentionHours: e.HINDSIGHT_LIVE_RETENTION_HOURS,
      connectionsPerPrincipal: e.HINDSIGHT_LIVE_MAX_CONNECTIONS,
      channelsPerConnection: e.HINDSIGHT_LIVE_MAX_CHANNELS,
      framesPerSecond: e.HINDSIGHT_LIVE_MAX_FRAMES_PER_SECOND,
      maxBufferedBytes: e.HINDSIGHT_LIVE_MAX_BUFFER_BYTES,
      catchUpLimit: e.HINDSIGHT_LIVE_CATCHUP_LIMIT,
      heartbeatMs: e.HINDSIGHT_LIVE_HEARTBEAT_MS,
    },
  };
}

/**
 * People's tokens are accepted once a secret or a JWKS URL is set; then the
 * issuer and audience must be set too, since every token is checked against them.
 */
function jwtConfig(e: v.InferOutput<typeof EnvSchema>): JwtConfig | undefined {
  if (!e.HINDSIGHT_JWT_SECRET && !e.HINDSIGHT_JWKS_URL) return undefined;
  const missing = (['HINDSIGHT_JWT_ISSUER', 'HINDSIGHT_JWT_AUDIENCE'] as const).filter(
    (key) => !e[key],
  );
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(
        (key) =>
          `${key}="": must be set when HINDSIGHT_JWT_SECRET or HINDSIGHT_JWKS_URL is (every token is checked against it)`,
      ),
    );
  }
  return {
    ...(e.HINDSIGHT_JWT_SECRET ? { secret: e.HINDSIGHT_JWT_SECRET } : {}),
    ...(e.HINDSIGHT_JWKS_URL ? { jwksUrl: e.HINDSIGHT_JWKS_URL } : {}),
    issuer: e.HINDSIGHT_JWT_ISSUER ?? '',
    audience: e.HINDSIGHT_JWT_AUDIENCE ?? '',
    rolesClaim: e.HINDSIGHT_JWT_ROLES_CLAIM,
  };
}
