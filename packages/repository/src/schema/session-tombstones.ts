import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * A deleted session's id, kept for the retention period: an ingest event that
 * names it is refused (410) instead of silently creating the session again
 * from a replayed `session.started`. No foreign key: the session is gone.
 */
export const sessionTombstones = pgTable(
  'session_tombstones',
  {
    session_id: text('session_id').primaryKey(),
    deleted_at_us: bigint('deleted_at_us', { mode: 'number' }).notNull(),
    /** Who deleted it, as `<kind>:<id>` (the audit row says the rest). */
    deleted_by: text('deleted_by').notNull(),
  },
  // The retention job prunes tombstones older than the retention period.
  (t) => [index('session_tombstones_deleted_at_idx').on(t.deleted_at_us)],
);
