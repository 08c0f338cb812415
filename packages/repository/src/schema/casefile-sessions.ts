import { bigint, foreignKey, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { casefiles } from './casefiles.js';
import { alertSessions } from './sessions.js';

/** The sessions of a casefile, with who added each and when. */
export const casefileSessions = pgTable(
  'casefile_sessions',
  {
    casefile_id: text('casefile_id').notNull(),
    session_id: text('session_id').notNull(),
    added_by: text('added_by').notNull(),
    added_at_us: bigint('added_at_us', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'casefile_sessions_pk', columns: [t.casefile_id, t.session_id] }),
    foreignKey({
      name: 'casefile_sessions_casefile_fk',
      columns: [t.casefile_id],
      foreignColumns: [casefiles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'casefile_sessions_session_fk',
      columns: [t.session_id],
      foreignColumns: [alertSessions.session_id],
    }).onDelete('cascade'),
    // `GET /history/sessions/{id}/casefiles`.
    index('casefile_sessions_session_idx').on(t.session_id, t.casefile_id),
  ],
);
