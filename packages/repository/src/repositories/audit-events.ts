import type { AuditEvent, NewAuditEvent } from '@hindsight/models';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { auditEvents } from '../schema/audit-events.js';
import { deleteInBatches, pruneBatchSize } from './batched-delete.js';

/** Appends an event to the audit log. */
export async function insertAuditEvent(db: Db, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

/** Filters of an audit log page; each one absent matches everything. */
export interface AuditFilters {
  readonly principal_id?: string | undefined;
  readonly operation?: string | undefined;
  readonly target?: string | undefined;
  readonly since_us?: number | undefined;
  readonly until_us?: number | undefined;
}

/** Newest first (by id); `beforeId` continues a keyset page. */
export async function listAuditEvents(
  db: Db,
  request: { filters: AuditFilters; beforeId?: number | undefined; limit: number },
): Promise<AuditEvent[]> {
  const { filters } = request;
  const conditions: (SQL | undefined)[] = [
    filters.principal_id === undefined
      ? undefined
      : eq(auditEvents.principal_id, filters.principal_id),
    filters.operation === undefined ? undefined : eq(auditEvents.operation, filters.operation),
    filters.target === undefined ? undefined : eq(auditEvents.target, filters.target),
    filters.since_us === undefined ? undefined : gte(auditEvents.at_us, filters.since_us),
    filters.until_us === undefined ? undefined : lt(auditEvents.at_us, filters.until_us),
    request.beforeId === undefined ? undefined : lt(auditEvents.id, request.beforeId),
  ];
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(request.limit);
}

/** Deletes the rows recorded before `beforeUs`, `batchSize` a statement; returns how many went. */
export async function pruneAuditEvents(
  db: Db,
  beforeUs: number,
  batchSize = pruneBatchSize,
): Promise<number> {
  return deleteInBatches(
    db,
    auditEvents,
    auditEvents.id,
    lt(auditEvents.at_us, beforeUs),
    batchSize,
  );
}
