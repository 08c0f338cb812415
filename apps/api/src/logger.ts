import { type Logger, pino } from 'pino';
import type { Config } from './env.js';

export type { Logger };

/** JSON lines on stdout; credentials in URLs and auth headers never reach the log. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'hindsight' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'databaseUrl', '*.password'],
      censor: '[redacted]',
    },
  });
}
