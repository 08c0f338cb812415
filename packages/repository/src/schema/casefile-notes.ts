import { bigint, foreignKey, index, pgTable, text } from 'drizzle-orm/pg-core';
import { casefiles } from './casefiles.js';

/** Markdown notes on a casefile; editable by their author. */
export const casefileNotes = pgTable(
  'casefile_notes',
  {
    id: text('id').primaryKey(),
    casefile_id: text('casefile_id').notNull(),
    author_id: text('author_id').notNull(),
    body: text('body').notNull(),
    created_at_us: bigint('created_at_us', { mode: 'number' }).notNull(),
    updated_at_us: bigint('updated_at_us', { mode: 'number' }).notNull(),
  },
  (t) => [
    foreignKey({
      name: 'casefile_notes_casefile_fk',
      columns: [t.casefile_id],
      foreignColumns: [casefiles.id],
    }).onDelete('cascade'),
    // A casefile's notes, oldest first.
    index('casefile_notes_casefile_idx').on(t.casefile_id, t.created_at_us, t.id),
  ],
);
