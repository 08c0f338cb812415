/**
 * Runs `run` every `intervalMs` (and once at once when `immediately`), never
 * two at a time: a run still going when the next is due is not doubled. A
 * failure goes to `onError` and the next tick tries again. Answers the stop;
 * the timer never keeps the process alive.
 */
export function startIntervalJob(
  intervalMs: number,
  run: () => Promise<unknown>,
  onError: (error: unknown) => void,
  options: { readonly immediately?: boolean } = {},
): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    run()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  if (options.immediately) tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
