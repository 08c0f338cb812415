/**
 * Runs `fn` at most once per `ms`: the first call at once, later calls within
 * the window folded into one at its end. A burst of live events (an agent
 * writing a hundred LLM calls) becomes one refetch a second, not a hundred.
 */
export function throttle(
  fn: () => void,
  ms: number,
  timers: {
    set: (fn: () => void, ms: number) => unknown;
    clear: (handle: unknown) => void;
  } = {
    set: (f, t) => setTimeout(f, t),
    clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
): { (): void; cancel(): void } {
  let last = Number.NEGATIVE_INFINITY;
  let pending: unknown;
  let waiting = false;
  const now = () => Date.now();
  const run = () => {
    waiting = false;
    last = now();
    fn();
  };
  const throttled = () => {
    if (waiting) return;
    const wait = last + ms - now();
    if (wait <= 0) {
      run();
      return;
    }
    waiting = true;
    pending = timers.set(run, wait);
  };
  throttled.cancel = () => {
    timers.clear(pending);
    waiting = false;
  };
  return throttled;
}
