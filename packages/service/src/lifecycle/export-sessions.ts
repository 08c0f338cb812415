import {
  ExportDetailPage,
  ExportPageInput,
  SessionListQuery,
  SessionOverview,
  sessionListFilters,
} from '@hindsight/models';
import {
  findSessionDetails,
  findSessionIdsPage,
  findSessionOverviewsByIds,
} from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { parseInput } from '../errors.js';
import { operation } from '../hub/operation.js';

/** The filters of an export, checked exactly as the session list checks them. */
function filtersOf(filters: Record<string, unknown>) {
  return sessionListFilters(parseInput(SessionListQuery, filters));
}

/** One page of session ids after `after`, with the cursor of the next. */
async function idsPage(ctx: ServiceContext, input: v.InferOutput<typeof ExportPageInput>) {
  const ids = await findSessionIdsPage(ctx.db, {
    filters: filtersOf(input.filters),
    after: input.after,
    limit: input.limit,
  });
  return { ids, next_after: ids.length === input.limit ? (ids.at(-1) ?? null) : null };
}

/**
 * One page of a full export: `limit` sessions in full (`DetailedSession`)
 * after `after`, in id order. The route streams page after page, so memory
 * holds one page whatever the size of the export.
 */
export const exportDetailsOperation = operation({
  name: 'export.details',
  input: ExportPageInput,
  output: ExportDetailPage,
  scope: 'read',
  audit: false,
  pool: 'read',
  run: async ({ ctx, input }) => {
    const { ids, next_after } = await idsPage(ctx, input);
    return { sessions: await findSessionDetails(ctx.db, ids), next_after };
  },
});

/** A page of session overviews for a CSV export, with the id to continue after. */
export const ExportOverviewPage = v.object({
  sessions: v.array(SessionOverview),
  next_after: v.nullable(v.string()),
});

/** One page of an overview export (the CSV): as `export.details`, with list rows. */
export const exportOverviewsOperation = operation({
  name: 'export.overviews',
  input: ExportPageInput,
  output: ExportOverviewPage,
  scope: 'read',
  audit: false,
  pool: 'read',
  run: async ({ ctx, input }) => {
    const { ids, next_after } = await idsPage(ctx, input);
    const byId = await findSessionOverviewsByIds(ctx.db, ids);
    const sessions = ids.flatMap((id) => {
      const overview = byId.get(id);
      return overview ? [overview] : [];
    });
    return { sessions, next_after };
  },
});
