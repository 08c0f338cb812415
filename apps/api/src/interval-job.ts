import { withAbortSignal } from '@hindsight/service';

/** Stops a job: no tick after it, and resolves once the run in flight (if any) has ended. */
export type StopJob = () => Promise<void>;

/**
 * Runs `run` every `intervalMs` (and once at once when `immediately`), never
 * two at a time: a run still going when the next is due is not doubled. A
 * failure goes to `onError` and the next tick tries again. The timer never
 * keeps the process alive.
 *
 * Answers the stop, which the server awaits before it closes the database: a
 * run cut off by the closing pool would fail half-way and log a failure. The
 * stop aborts the run's signal, which cancels the statement it has running on
 * PostgreSQL (see withAbortSignal) and tells a run that loops to end; PGlite
 * cannot cancel, so its run (a vacuum, say) is awaited to its end. What a
 * stopped run then throws is not a failure, and is not reported.
 */
export function startIntervalJob(
  intervalMs: number,
  run: (signal: AbortSignal) => Promise<unknown>,
  onError: (error: unknown) => void,
  options: { readonly immediately?: boolean } = {},
): StopJob {
  const stopping = new AbortController();
  let current: Promise<void> | undefined;
  const tick = () => {
    if (current !== undefined || stopping.signal.aborted) return;
    current = withAbortSignal(stopping.signal, () => run(stopping.signal))
      .then(
        () => {},
        (error: unknown) => {
          if (!stopping.signal.aborted) onError(error);
        },
      )
      .finally(() => {
        current = undefined;
      });
  };
  if (options.immediately) tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    stopping.abort();
    await current;
  };
}

/** Stops every job at once and resolves when all have ended. */
export function stopAll(stops: readonly (StopJob | undefined)[]): Promise<void> {
  return Promise.all(stops.map((stop) => stop?.())).then(() => {});
}
