import { AsyncLocalStorage } from 'node:async_hooks';
import type postgres from 'postgres';

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

type PendingQuery = postgres.PendingQuery<postgres.Row[]>;

/**
 * Ties a postgres.js query to the current signal. The listener goes once the
 * query settles: a late cancel would hit whatever the connection runs next.
 * `then` starts the query only after a microtask, so drizzle's `.values()`
 * (called right after `unsafe`) still applies.
 */
function watch(query: PendingQuery): PendingQuery {
  const signal = currentSignal.getStore();
  if (signal === undefined) return query;
  if (signal.aborted) {
    void query.cancel();
    return query;
  }
  const cancel = () => void query.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  const done = () => signal.removeEventListener('abort', cancel);
  query.then(done, done);
  return query;
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
        return (...args: Parameters<postgres.Sql['unsafe']>) => watch(target.unsafe(...args));
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
