import type { Services } from '@hindsight/service';
import { type StopJob, startIntervalJob } from './interval-job.js';
import type { Logger } from './logger.js';

/**
 * Does autovacuum's work on the embedded database, which has none: every
 * `intervalMs` (the first a full interval after start-up, which it would slow) the tables that autovacuum would
 * vacuum or analyze now are, one at a time. PGlite runs one statement at a
 * time, so requests wait while a table is vacuumed; the thresholds (the
 * database's own autovacuum settings) keep that rare and each run short. A
 * run still going when the next is due is not doubled; a run in flight at
 * shutdown is awaited (PGlite cannot cancel a statement).
 */
export function startEmbeddedMaintenance(
  system: Services,
  intervalMs: number,
  logger: Logger,
): StopJob {
  return startIntervalJob(
    intervalMs,
    async () => {
      const { tables } = await system.database.maintain({});
      if (tables.length === 0) return;
      logger.info(
        {
          tables: tables.map(({ table, vacuumed, analyzed, reasons, duration_ms }) => ({
            table,
            vacuumed,
            analyzed,
            reasons,
            durationMs: duration_ms,
          })),
        },
        'embedded database maintained',
      );
    },
    (error: unknown) =>
      logger.warn({ err: { message: String(error) } }, 'maintaining the embedded database failed'),
  );
}
