import {
  AuditPage,
  AuditQuery,
  decodeKeysetCursor,
  encodeKeysetCursor,
  keysetFingerprint,
} from '@hindsight/models';
import { listAuditEvents } from '@hindsight/repository';
import type { ServiceContext } from '../context.js';
import { ValidationError } from '../errors.js';
import { operation } from '../hub/operation.js';

/** `GET /audit`: newest first, filtered, in keyset pages. */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: AuditQuery;
}): Promise<AuditPage> {
  const { limit, cursor, ...filters } = input;
  const fingerprint = keysetFingerprint(['audit', filters]);
  let beforeId: number | undefined;
  if (cursor !== undefined) {
    const decoded = decodeKeysetCursor(cursor, fingerprint);
    const id = decoded?.key[0];
    if (typeof id !== 'number') {
      throw new ValidationError('the cursor is not valid', [
        { path: 'cursor', message: 'was made for other filters, or is not a cursor of this list' },
      ]);
    }
    beforeId = id;
  }
  const rows = await listAuditEvents(ctx.db, { filters, beforeId, limit: limit + 1 });
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return {
    events,
    next_cursor:
      rows.length > limit && last ? encodeKeysetCursor({ key: [last.id], fingerprint }) : null,
  };
}

/** The `audit.list` operation: a page of the audit log, for admins. */
export const listAuditOperation = operation({
  name: 'audit.list',
  input: AuditQuery,
  output: AuditPage,
  scope: 'admin',
  audit: false,
  run: listAudit,
});
