import { activeSessionStatuses, SessionOverview } from '@hindsight/models';
import { findSessionOverviews } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { operation } from '../hub/operation.js';

/**
 * The most active sessions a reply lists. Runs are short-lived, so far fewer
 * are active at once; the bound keeps a backlog of stuck runs from making one
 * reply unbounded (they stay reachable through `GET /sessions?status=...`).
 */
export const maxActiveSessions = 1000;

/** Sessions that are pending, in progress or paused, newest first. */
export async function listActiveSessions({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<SessionOverview[]> {
  return findSessionOverviews(ctx.db, {
    filters: { status: [...activeSessionStatuses] },
    sort: { by: 'started_at_us', order: 'desc' },
    limit: maxActiveSessions,
  });
}

export const listActiveSessionsOperation = operation({
  name: 'sessions.active',
  input: v.object({}),
  output: v.array(SessionOverview),
  scope: 'read',
  audit: false,
  run: listActiveSessions,
});
