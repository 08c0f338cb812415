import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * How many sessions there are per (status, agent type, alert type): what the
 * list's exact `total_items` is read from instead of `count(*)`, whose cost
 * grows with the history. Rows are deltas, appended by triggers on
 * `alert_sessions` (migration 0012) in the writing transaction, so a count is
 * exact and as transactional as the rows it counts; no row is ever updated,
 * so concurrent ingest never waits on, or deadlocks over, a counter row.
 * `compactSessionCounts` folds the deltas into one row per key now and then.
 * No primary key: several rows per key are the point, and the table stays a
 * few hundred rows, read whole.
 */
export const sessionCounts = pgTable('session_counts', {
  status: text('status').notNull(),
  agent_type: text('agent_type').notNull(),
  alert_type: text('alert_type'),
  /** Sessions added (or, negative, removed) with this key. */
  n: bigint('n', { mode: 'number' }).notNull(),
});
