import type { ApiMetrics } from '@hindsight/api';
import type { RetentionPolicy, RetentionRunResult } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { type StopJob, startIntervalJob, stopAll } from './interval-job.js';
import type { Logger } from './logger.js';

export interface RetentionSettings {
  readonly policy: RetentionPolicy;
  readonly batchSize: number;
}

type LifecycleMetrics = Pick<ApiMetrics, 'lifecycleRows' | 'lifecycleRuns'>;

/**
 * One retention run: deletes (or, dry, counts) expired sessions in batches,
 * then logs one line and counts the rows. Another instance holding the
 * advisory lock makes it a `skipped` run, which deletes nothing.
 */
export async function runRetentionOnce(
  system: Services,
  settings: RetentionSettings,
  logger: Logger,
  metrics?: LifecycleMetrics,
  options: { readonly dryRun?: boolean; readonly nowUs?: number } = {},
): Promise<RetentionRunResult> {
  const result = await system.retention.run({
    policy: settings.policy,
    batch_size: settings.batchSize,
    dry_run: options.dryRun ?? false,
    ...(options.nowUs === undefined ? {} : { now_us: options.nowUs }),
  });
  if (!result.dry_run) {
    metrics?.lifecycleRuns.inc({ job: 'retention', outcome: result.skipped ? 'skipped' : 'ok' });
    for (const [table, rows] of Object.entries(result.deleted)) {
      if (rows > 0) metrics?.lifecycleRows.inc({ job: 'retention', table }, rows);
    }
    if (result.tombstones > 0) {
      metrics?.lifecycleRows.inc({ job: 'retention', table: 'tombstones' }, result.tombstones);
    }
  }
  logger.info(
    {
      dryRun: result.dry_run,
      skipped: result.skipped,
      batches: result.batches,
      deleted: result.deleted,
      tombstones: result.tombstones,
      durationMs: result.duration_ms,
    },
    result.dry_run
      ? 'retention dry run: nothing deleted'
      : result.skipped
        ? 'retention skipped: another instance holds the lock'
        : 'retention run done',
  );
  return result;
}

/** Sessions the stale sweep times out per transaction. */
export const staleSweepPageSize = 500;

/**
 * One sweep of stale sessions: page after page (one transaction each) until a
 * page comes back short, so that a backlog (a fleet of agents that died at
 * once) is timed out in one run, not one page an interval. Logs when it timed
 * any out.
 */
export async function sweepStaleOnce(
  system: Services,
  staleAfterMs: number,
  logger: Logger,
  metrics?: LifecycleMetrics,
  nowUs?: number,
  pageSize = staleSweepPageSize,
): Promise<{ sessions: readonly string[]; stages: number }> {
  const sessions: string[] = [];
  let stages = 0;
  for (;;) {
    const page = await system.sessions.sweepStale({
      stale_after_ms: staleAfterMs,
      limit: pageSize,
      ...(nowUs === undefined ? {} : { now_us: nowUs }),
    });
    sessions.push(...page.sessions);
    stages += page.stages;
    if (page.sessions.length < pageSize) break;
  }
  metrics?.lifecycleRuns.inc({ job: 'stale', outcome: 'ok' });
  if (sessions.length > 0) {
    metrics?.lifecycleRows.inc({ job: 'stale', table: 'sessions' }, sessions.length);
    if (stages > 0) metrics?.lifecycleRows.inc({ job: 'stale', table: 'stages' }, stages);
    logger.info({ sessions: sessions.length, stages, staleAfterMs }, 'stale sessions timed out');
  }
  return { sessions, stages };
}

/**
 * Schedules retention and the stale sweep in the server (once at start-up,
 * then at their intervals). Safe on several instances: retention takes an
 * advisory lock per batch (a second instance skips), the sweep locks the rows
 * it times out and skips rows locked by another. Failures are logged and
 * retried at the next tick; a run still going when the next is due is not doubled.
 */
export function startLifecycleJobs(
  system: Services,
  settings: RetentionSettings & {
    readonly retentionIntervalMs: number;
    readonly staleAfterMs: number;
    readonly staleSweepIntervalMs: number;
  },
  logger: Logger,
  metrics?: LifecycleMetrics,
): StopJob {
  const every = (job: string, intervalMs: number, run: () => Promise<unknown>) =>
    startIntervalJob(
      intervalMs,
      run,
      (error: unknown) => {
        metrics?.lifecycleRuns.inc({ job, outcome: 'error' });
        logger.warn({ err: { message: String(error) } }, `${job} job failed`);
      },
      { immediately: true },
    );
  const stops = [
    every('retention', settings.retentionIntervalMs, () =>
      runRetentionOnce(system, settings, logger, metrics),
    ),
    every('stale', settings.staleSweepIntervalMs, () =>
      sweepStaleOnce(system, settings.staleAfterMs, logger, metrics),
    ),
  ];
  return () => stopAll(stops);
}
