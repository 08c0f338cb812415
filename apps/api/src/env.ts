import type { IngestLimits } from '@hindsight/service';
import * as v from 'valibot';

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
  INGEST_MAX_BODY_BYTES: v.optional(Positive, String(5 * 1024 * 1024)),
  INGEST_MAX_TEXT_CHARS: v.optional(Positive, String(256 * 1024)),
  INGEST_MAX_JSON_CHARS: v.optional(Positive, String(1024 * 1024)),
  INGEST_MAX_MESSAGE_CHARS: v.optional(Positive, String(256 * 1024)),
  INGEST_MAX_JSON_DEPTH: v.optional(Positive, '32'),
});

/** Ingest limits: the service's, plus the request body size the HTTP layer enforces. */
export interface IngestConfig extends IngestLimits {
  readonly maxBodyBytes: number;
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
};

/** The configuration is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from environment variables. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
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
        return `${key}=${JSON.stringify(present[key] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const e = result.output;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    schemaCheck: e.HINDSIGHT_SCHEMA_CHECK,
    ingest: {
      maxEvents: e.INGEST_MAX_EVENTS,
      maxBodyBytes: e.INGEST_MAX_BODY_BYTES,
      maxTextChars: e.INGEST_MAX_TEXT_CHARS,
      maxJsonChars: e.INGEST_MAX_JSON_CHARS,
      maxMessageChars: e.INGEST_MAX_MESSAGE_CHARS,
      maxJsonDepth: e.INGEST_MAX_JSON_DEPTH,
    },
  };
}
