import { casefileRoles } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { casefiles } from './casefiles.js';
import { sqlList } from './sql-list.js';

/** Who may do what on a casefile: one role per principal (`<kind>:<id>`). */
export const casefilePermissions = pgTable(
  'casefile_permissions',
  {
    casefile_id: text('casefile_id').notNull(),
    principal_id: text('principal_id').notNull(),
    role: text('role', { enum: casefileRoles }).notNull(),
    granted_by: text('granted_by').notNull(),
    granted_at_us: bigint('granted_at_us', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'casefile_permissions_pk', columns: [t.casefile_id, t.principal_id] }),
    foreignKey({
      name: 'casefile_permissions_casefile_fk',
      columns: [t.casefile_id],
      foreignColumns: [casefiles.id],
    }).onDelete('cascade'),
    // The casefiles a principal may see (the list, the `member` filter).
    index('casefile_permissions_principal_idx').on(t.principal_id, t.casefile_id),
    check('casefile_permissions_role_check', sql`${t.role} in ${sqlList(casefileRoles)}`),
  ],
);
