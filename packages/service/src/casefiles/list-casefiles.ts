import {
  CasefileList,
  CasefileListQuery,
  CasefilePage,
  casefileRestoreDays,
  decodeKeysetCursor,
  encodeKeysetCursor,
  hasScope,
  Id,
  keysetFingerprint,
  principalId,
} from '@hindsight/models';
import { listCasefiles as listCasefileRows, listCasefilesOfSession } from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf, type ServiceContext } from '../context.js';
import { ValidationError } from '../errors.js';
import { type Caller, operation } from '../hub/operation.js';
import { summaryOfRow } from './casefile-detail.js';

const dayUs = 86_400_000_000;

/** Whose roles limit a list: the caller's, or nobody's for an admin (who sees every casefile). */
function viewerOf(caller: Caller): string | null {
  return hasScope(caller.principal, 'admin') ? null : principalId(caller.principal);
}

/**
 * `GET /casefiles`: the casefiles the caller holds a role on (all for an
 * admin), newest first, in keyset pages; `deleted=true` lists the deleted
 * ones that can still be restored.
 */
export async function listCasefiles({
  ctx,
  input,
  caller,
}: {
  ctx: ServiceContext;
  input: CasefileListQuery;
  caller: Caller;
}): Promise<CasefilePage> {
  const { limit, cursor, ...filters } = input;
  const viewer = viewerOf(caller);
  const fingerprint = keysetFingerprint(['casefiles', viewer, filters]);
  let after: readonly [number, string] | undefined;
  if (cursor !== undefined) {
    const key = decodeKeysetCursor(cursor, fingerprint)?.key;
    if (typeof key?.[0] !== 'number' || typeof key[1] !== 'string') {
      throw new ValidationError('the cursor is not valid', [
        { path: 'cursor', message: 'was made for other filters, or is not a cursor of this list' },
      ]);
    }
    after = [key[0], key[1]];
  }
  const rows = await listCasefileRows(ctx.db, {
    viewer,
    status: filters.status,
    tag: filters.tag,
    member: filters.member,
    text: filters.text,
    deletedSinceUs:
      filters.deleted === 'true' ? nowOf(ctx) - casefileRestoreDays * dayUs : undefined,
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    casefiles: page.map(summaryOfRow),
    next_cursor:
      rows.length > limit && last
        ? encodeKeysetCursor({ key: [last.created_at_us, last.id], fingerprint })
        : null,
  };
}

export const listCasefilesOperation = operation({
  name: 'casefiles.list',
  input: CasefileListQuery,
  output: CasefilePage,
  scope: 'read',
  audit: false,
  run: listCasefiles,
});

/** `GET /history/sessions/{id}/casefiles`: only those the caller may see. */
export const listSessionCasefilesOperation = operation({
  name: 'sessions.casefiles',
  input: v.object({ session_id: Id }),
  output: CasefileList,
  scope: 'read',
  audit: false,
  run: async ({ ctx, input, caller }) => ({
    casefiles: (await listCasefilesOfSession(ctx.db, input.session_id, viewerOf(caller))).map(
      summaryOfRow,
    ),
  }),
});
