import type { Services } from '@hindsight/service';
import type { Logger } from './logger.js';

/**
 * Closes the sessions of the OTLP receiver whose spans stopped arriving, and
 * applies traces whose root never came, every `intervalMs`. Every instance
 * runs it: the sweep locks each trace it applies, and a session's end event
 * is idempotent, so two instances closing the same session store it once.
 * A run still going when the next is due is not doubled.
 */
export function startOtelSweep(system: Services, intervalMs: number, logger: Logger): () => void {
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    system.ingest
      .closeOtelSessions({})
      .then(({ traces_applied, sessions_closed }) => {
        if (traces_applied > 0 || sessions_closed > 0) {
          logger.info({ traces_applied, sessions_closed }, 'otel sessions swept');
        }
      })
      .catch((error: unknown) =>
        logger.warn({ err: { message: String(error) } }, 'sweeping otel sessions failed'),
      )
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
