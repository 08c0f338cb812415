import { AsyncLocalStorage } from 'node:async_hooks';
import type postgres from 'postgres';
import { causes, databaseErrorKind } from './errors.js';

/**
 * The AbortSignal of the request (or job) on whose behalf statements run.
 * Carried implicitly, so that every repository function and every layer
 * between the route and the driver need not pass it along: a statement sent
 * while a signal is current is cancelled on the server when it aborts.
 */
const currentSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` so that the statements it sends are cancelled when `signal` aborts. */
export function withAbortSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return currentSignal.run(signal, fn);
}

/** The signal the statements sent now are tied to, if any (diagnostics and tests). */
export function currentAbortSignal(): AbortSignal | undefined {
  return currentSignal.getStore();
}

/**
 * Runs `fn` outside any request's signal, and so every timer and promise it
 * starts: work that outlives the request that happened to start it (a
 * wake-up shared by later commits, a feed's reads, a retry timer) must not
 * have its statements cancelled when that request ends.
 */
export function detachedFromRequest<T>(fn: () => T): T {
  return currentSignal.exit(fn);
}

type PendingQuery = postgres.PendingQuery<postgres.Row[]>;

/** How often an aborted statement that is not running yet is looked at again. */
const startPollMs = 5;

/**
 * Whether postgres.js is running the query on its connection now (its
 * `active` flag). Cancelling a query that is not running is unsafe in
 * postgres.js 3.4: a cancelled query that was waiting for a connection to
 * open leaves that connection busy for good, so every later statement
 * queued on it hangs (cancellation.test.ts). An unknown shape (another
 * version) reads as "not running": its statement then runs to its end, or
 * to the statement timeout, which is slower but never wrong.
 */
function isRunning(query: PendingQuery): boolean {
  return (query as unknown as { active?: unknown }).active === true;
}

/**
 * Ties a postgres.js query to the current signal. When the signal aborts, the
 * query is cancelled on the server once it is running (see isRunning), and
 * not at all once it has settled: a late cancel would hit whatever the
 * connection runs next. `then` starts the query only after a microtask, so
 * drizzle's `.values()` (called right after `unsafe`) still applies.
 */
function watch(query: PendingQuery): PendingQuery {
  const signal = currentSignal.getStore();
  // Sent after its request was over: work the request started that outlived it (a loop, a
  // timer), not the request's own. Cancelling it as it starts would, as often as not,
  // reach the next statement on its connection instead, which may be anyone's.
  if (signal === undefined || signal.aborted) return query;
  let settled = false;
  const cancelWhenRunning = () => {
    if (settled) return;
    if (isRunning(query)) {
      void query.cancel();
      return;
    }
    setTimeout(cancelWhenRunning, startPollMs).unref();
  };
  const done = () => {
    settled = true;
    signal.removeEventListener('abort', cancelWhenRunning);
  };
  query.then(done, done);
  signal.addEventListener('abort', cancelWhenRunning, { once: true });
  return query;
}

/**
 * Whether `error` is a cancellation that the statement's own request did not
 * ask for. PostgreSQL cancels whatever a backend runs when the cancel request
 * arrives, not a statement: a cancel sent for another request's statement as
 * that one ended can reach the next statement on the same connection. Such a
 * statement failed through no fault of its own, so a read may be run again
 * (the hub does, once). A statement timeout is not stray: it would time out
 * again.
 */
export function isStrayCancellation(error: unknown): boolean {
  if (databaseErrorKind(error) !== 'cancelled') return false;
  if (currentSignal.getStore()?.aborted) return false;
  for (const candidate of causes(error)) {
    if (candidate instanceof Error && /due to user request/i.test(candidate.message)) return true;
  }
  return false;
}

/**
 * Removes the empty slots a result starts with. postgres.js 3.4 (3.4.10 too)
 * counts the rows of a result on the connection and resets the count only
 * when a statement completes: after a statement that failed having sent some
 * rows (a statement timeout or a cancel mid-result, a division by zero in
 * its third row), the next statement on that connection stores its rows from
 * that index on, so its first rows read as missing (an API key as unknown, a
 * page as empty). A row is never an empty slot, so the leading slots can go.
 */
export function compactLeadingHoles(result: unknown): void {
  if (!Array.isArray(result) || result.length === 0 || 0 in result) return;
  let first = 0;
  while (first < result.length && !(first in result)) first += 1;
  result.copyWithin(0, first);
  result.length -= first;
}

/**
 * Ties a statement to the current signal (see watch), and mends its result
 * (see compactLeadingHoles) before anyone else sees it: this reaction is
 * registered before the caller's, so it runs first.
 */
function prepare(query: PendingQuery): PendingQuery {
  query.then(compactLeadingHoles, () => {});
  return watch(query);
}

/**
 * The postgres.js client drizzle uses, with every statement watched: drizzle
 * sends statements through `unsafe`, inside `begin` (transactions) and
 * `savepoint` (nested ones), so those are the calls that are wrapped.
 */
export function cancellable<T extends postgres.Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (...args: Parameters<postgres.Sql['unsafe']>) => prepare(target.unsafe(...args));
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          const method = Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (tx: postgres.Sql) => fn(cancellable(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
