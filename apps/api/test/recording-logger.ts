import type { Logger } from '../src/logger.js';

/** A logger for unit tests of the server's jobs: every info and warn line, in order. */
export function recordingLogger() {
  const lines: { level: string; fields: unknown; message: string }[] = [];
  const record = (level: string) => (fields: unknown, message: string) =>
    lines.push({ level, fields, message });
  return { logger: { info: record('info'), warn: record('warn') } as unknown as Logger, lines };
}
