import { sql } from 'drizzle-orm';
import { bigint, bigserial, customType, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/** A 64-bit transaction id (`xid8`), compared with snapshots by the live log reader. */
const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});

/**
 * The live event log: every event published to live subscribers, one row per
 * channel, written in the same transaction as the ingest effect that causes
 * it. `id` is one global sequence; readers deliver rows in id order and never
 * past an id a transaction still in flight could yet commit (see
 * `readLiveLog`: they tell from the read's snapshot and the database's open
 * transactions). Pruned after the retention period.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    session_id: text('session_id'),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    created_at_us: bigint('created_at_us', { mode: 'number' }).notNull(),
    /**
     * The writing transaction, kept for diagnosis (which batch wrote a row).
     * Readers do not need it: an uncommitted row is invisible with its id.
     */
    tx_id: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    // Catch-up: one channel's events after an id.
    index('live_events_channel_idx').on(t.channel, t.id),
    // Retention.
    index('live_events_created_idx').on(t.created_at_us),
  ],
);
