import type { Services } from '@hindsight/service';
import { type StopJob, startIntervalJob } from './interval-job.js';
import type { Logger } from './logger.js';

/**
 * Closes the sessions of the OTLP receiver whose spans stopped arriving, and
 * applies traces whose root never came, every `intervalMs`. Every instance
 * runs it: the sweep locks each trace it applies, and a session's end event
 * is idempotent, so two instances closing the same session store it once.
 * A run still going when the next is due is not doubled. A run goes on pass
 * after pass while a pass reports more due (each pass handles one page), so
 * that the sweep keeps up with any rate of sessions, not one page a tick;
 * a stop ends it after the pass in flight.
 */
export function startOtelSweep(system: Services, intervalMs: number, logger: Logger): StopJob {
  return startIntervalJob(
    intervalMs,
    async (signal) => {
      let traces = 0;
      let sessions = 0;
      for (let more = true; more && !signal.aborted; ) {
        const pass = await system.ingest.closeOtelSessions({});
        traces += pass.traces_applied;
        sessions += pass.sessions_closed;
        more = pass.more;
      }
      if (traces > 0 || sessions > 0) {
        logger.info({ traces_applied: traces, sessions_closed: sessions }, 'otel sessions swept');
      }
    },
    (error: unknown) =>
      logger.warn({ err: { message: String(error) } }, 'sweeping otel sessions failed'),
  );
}
