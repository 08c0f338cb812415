import { auditOutcomes } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sqlList } from './sql-list.js';

/**
 * Who did what, when, with what outcome. Written in the same transaction as
 * the change it records (a refused or failed call after its rollback). No
 * route changes or deletes a row; only the retention job prunes old ones.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at_us: bigint('at_us', { mode: 'number' }).notNull(),
    principal_id: text('principal_id').notNull(),
    operation: text('operation').notNull(),
    target: text('target'),
    outcome: text('outcome', { enum: auditOutcomes }).notNull(),
    request_id: text('request_id'),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    error_code: text('error_code'),
  },
  (t) => [
    // Newest first is by id; each filter of the list is one index range in id order.
    index('audit_events_principal_idx').on(t.principal_id, t.id),
    index('audit_events_operation_idx').on(t.operation, t.id),
    index('audit_events_target_idx').on(t.target, t.id),
    // Time-range filters and the retention job.
    index('audit_events_at_idx').on(t.at_us),
    check('audit_events_outcome_check', sql`${t.outcome} in ${sqlList(auditOutcomes)}`),
  ],
);
