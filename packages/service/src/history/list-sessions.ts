import {
  encodeSessionCursor,
  PaginatedSessions,
  SessionListQuery,
  type SessionListQueryInput,
  sessionListFilters,
  sessionListFingerprint,
} from '@hindsight/models';
import { countSessions, findSessionOverviews } from '@hindsight/repository';
import type { ServiceContext } from '../context.js';
import { parseInput, ValidationError } from '../errors.js';
import { operation } from '../hub/operation.js';

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
  const query = parseInput(SessionListQuery, input);
  const filters = sessionListFilters(query);
  const sort = { by: query.sort_by, order: query.sort_order };
  const { cursor, page_size } = query;
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
  // A cursor carries the count of its first page (see SessionCursor.total_items).
  const [rows, total] = await Promise.all([
    findSessionOverviews(ctx.db, { filters, sort, limit: page_size + 1, ...position }),
    cursor ? cursor.total_items : countSessions(ctx.db, filters),
  ]);
  const sessions = rows.slice(0, page_size);
  const last = sessions.at(-1);
  const next_cursor =
    rows.length > page_size && last
      ? encodeSessionCursor({
          value: last[query.sort_by],
          session_id: last.session_id,
          page: page + 1,
          total_items: total,
          fingerprint: sessionListFingerprint(query),
        })
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
  run: listSessions,
});
