import { type Logger, pino } from 'pino';
import type { Config } from './env.js';

export type { Logger };

/**
 * JSON lines on stdout; credentials in URLs, auth headers and secrets never
 * reach the log. The one deliberate exception is the first-start admin key
 * (`api_key`), printed once so that a new installation is not locked out.
 */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'hindsight' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.authorization',
        'databaseUrl',
        'redisUrl',
        '*.password',
        '*.secret',
        '*.bootstrapKey',
      ],
      censor: '[redacted]',
    },
  });
}
