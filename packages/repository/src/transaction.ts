import type { Db } from './database.js';

/** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx));
}
