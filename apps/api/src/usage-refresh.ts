import type { Services } from '@hindsight/service';
import { type StopJob, startIntervalJob } from './interval-job.js';
import type { Logger } from './logger.js';

/**
 * Rebuilds the usage rollup's stale hours every `intervalMs`. Every instance
 * runs it: each hour is rebuilt under an advisory lock that the others skip.
 * A run still going when the next is due is not doubled; a backlog (after an
 * import, say) drains a batch of hours per run.
 */
export function startUsageRefresh(system: Services, intervalMs: number, logger: Logger): StopJob {
  return startIntervalJob(
    intervalMs,
    async () => {
      const { rebuilt_hours, stale_hours } = await system.usage.refresh({});
      if (rebuilt_hours > 0) logger.debug({ rebuilt_hours, stale_hours }, 'usage rollup refreshed');
    },
    (error: unknown) =>
      logger.warn({ err: { message: String(error) } }, 'refreshing the usage rollup failed'),
  );
}
