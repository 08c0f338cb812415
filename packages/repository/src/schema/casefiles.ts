import { casefileStatuses } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { sqlList } from './sql-list.js';

/** An investigation spanning sessions. Deleting sets `deleted_at_us`; owners may restore it. */
export const casefiles = pgTable(
  'casefiles',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status', { enum: casefileStatuses }).notNull(),
    tags: text('tags').array().notNull(),
    owner_id: text('owner_id').notNull(),
    created_at_us: bigint('created_at_us', { mode: 'number' }).notNull(),
    updated_at_us: bigint('updated_at_us', { mode: 'number' }).notNull(),
    deleted_at_us: bigint('deleted_at_us', { mode: 'number' }),
    deleted_by: text('deleted_by'),
  },
  (t) => [
    // The list: newest first, keyset on (created_at_us, id), by status or all.
    index('casefiles_created_at_idx').on(t.created_at_us, t.id),
    index('casefiles_status_created_at_idx').on(t.status, t.created_at_us, t.id),
    // The tag filter (`tags @> array[tag]`).
    index('casefiles_tags_idx').using('gin', t.tags),
    check('casefiles_status_check', sql`${t.status} in ${sqlList(casefileStatuses)}`),
  ],
);
