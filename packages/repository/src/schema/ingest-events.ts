import { ingestEventTypes } from '@hindsight/models';
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * One applied ingest event, written in the same transaction as its effect, so
 * that a retried event is recognised and stored once.
 */
export const ingestEvents = pgTable(
  'ingest_events',
  {
    event_id: text('event_id').primaryKey(),
    received_at_us: bigint('received_at_us', { mode: 'number' }).notNull(),
    type: text('type', { enum: ingestEventTypes }).notNull(),
    /** The id of the record the event created or changed (session, stage or interaction). */
    entity_id: text('entity_id').notNull(),
    session_id: text('session_id').notNull(),
  },
  (t) => [index('ingest_events_session_idx').on(t.session_id)],
);
