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
    /**
     * SHA-256 of the event's type and canonical body, kept at claim time: an id
     * sent again with other content is a conflict (409), not a repeat. Null
     * for events recorded before the column existed (they match any content).
     */
    body_digest: text('body_digest'),
  },
  (t) => [index('ingest_events_session_idx').on(t.session_id)],
);
