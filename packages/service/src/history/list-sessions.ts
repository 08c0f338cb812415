import {
  cursorMismatch,
  invalidCursor,
  PaginatedSessions,
  type SessionCursor,
  SessionListQuery,
  type SessionListQueryInput,
  sessionCursorFits,
  sessionListFilters,
  sessionListFingerprint,
} from '@hindsight/models';
import { findSessionPage } from '@hindsight/repository';
import type { ServiceContext } from '../context.js';
import { parseInput, ValidationError } from '../errors.js';
import { operation } from '../hub/operation.js';
import { type CursorSecrets, cursorSecretsOf, openCursor, signCursor } from './cursor-signing.js';

/** The cursor of a query, verified: a forged, altered or misapplied one is a ValidationError. */
function cursorOf(query: SessionListQuery, secrets: CursorSecrets): SessionCursor | undefined {
  if (query.cursor === undefined) return undefined;
  const cursor = openCursor(query.cursor, secrets);
  const problem =
    cursor === undefined
      ? invalidCursor
      : sessionCursorFits(query, cursor)
        ? undefined
        : cursorMismatch;
  if (problem !== undefined) {
    throw new ValidationError('the query is not valid', [{ path: 'cursor', message: problem }]);
  }
  return cursor;
}

/**
 * One page of sessions matching the filters, with the total count and a cursor
 * to the next page. A page is asked for by number (offset: cost grows with
 * depth, as in Tarsy) or by the cursor of the page before it (keyset: the same
 * cost at any depth, and the count is not taken again). One row past the page
 * tells whether there is a next one.
 */
export async function listSessions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SessionListQueryInput;
}): Promise<PaginatedSessions> {
  const cursorSecrets = cursorSecretsOf(ctx);
  const query = parseInput(SessionListQuery, input);
  const filters = sessionListFilters(query);
  const sort = { by: query.sort_by, order: query.sort_order };
  const { page_size } = query;
  const cursor = cursorOf(query, cursorSecrets);
  const page = cursor?.page ?? query.page;
  const offset = (page - 1) * page_size;
  if (!Number.isSafeInteger(offset)) {
    throw new ValidationError('the query is not valid', [
      { path: 'page', message: 'is too large' },
    ]);
  }
  const position = cursor
    ? { after: { value: cursor.value, session_id: cursor.session_id } }
    : { offset };
  // A cursor carries the count of its first page (see SessionCursor.total_items); it is
  // signed, so the count is the server's own, never a client's.
  const found = await findSessionPage(
    ctx.db,
    { filters, sort, limit: page_size + 1, ...position },
    cursor === undefined,
  );
  const rows = found.sessions;
  const total = cursor?.total_items ?? found.total ?? 0;
  const sessions = rows.slice(0, page_size);
  const last = sessions.at(-1);
  const keysetSort = query.sort_by === 'relevance' ? undefined : query.sort_by;
  // A relevance order has no stored value to resume after: it is paged by number only.
  const next_cursor =
    rows.length > page_size && last && keysetSort
      ? signCursor(
          {
            value: last[keysetSort],
            session_id: last.session_id,
            page: page + 1,
            total_items: total,
            fingerprint: sessionListFingerprint(query),
          },
          cursorSecrets,
        )
      : null;
  return {
    sessions,
    pagination: {
      page,
      page_size,
      total_pages: Math.ceil(total / page_size),
      total_items: total,
    },
    filters_applied: filters,
    next_cursor,
  };
}

export const listSessionsOperation = operation({
  name: 'sessions.list',
  input: SessionListQuery,
  output: PaginatedSessions,
  scope: 'read',
  audit: false,
  // A search has a pool of its own (bulkhead): a burst of slow searches cannot hold plain reads.
  pool: (input) => (input.search ? 'search' : 'read'),
  run: listSessions,
});
