import { ActiveSession, activeSessionStatuses } from '@hindsight/models';
import { findSessionOverviews } from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf, type ServiceContext } from '../context.js';
import { operation } from '../hub/operation.js';

/**
 * The most active sessions a reply lists. Runs are short-lived, so far fewer
 * are active at once; the bound keeps a backlog of stuck runs from making one
 * reply unbounded (they stay reachable through `GET /sessions?status=...`).
 */
export const maxActiveSessions = 1000;

/**
 * Sessions that are pending, in progress, paused or canceling, newest first,
 * each with Tarsy's `duration_seconds` (how long it has run so far).
 */
export async function listActiveSessions({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<ActiveSession[]> {
  const rows = await findSessionOverviews(ctx.db, {
    filters: { status: [...activeSessionStatuses] },
    sort: { by: 'started_at_us', order: 'desc' },
    limit: maxActiveSessions,
  });
  const now = nowOf(ctx);
  return rows.map((row) => ({
    ...row,
    duration_seconds: Math.max(0, ((row.completed_at_us ?? now) - row.started_at_us) / 1_000_000),
  }));
}

export const listActiveSessionsOperation = operation({
  name: 'sessions.active',
  input: v.object({}),
  output: v.array(ActiveSession),
  scope: 'read',
  audit: false,
  pool: 'read',
  run: listActiveSessions,
});
