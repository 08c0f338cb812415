import { Id, SessionStats, summarizeSession } from '@hindsight/models';
import { findSessionStatsSource } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { NotFoundError, parseInput } from '../errors.js';
import { operation } from '../hub/operation.js';

/** The session whose statistics to read. */
export const GetSessionSummaryInput = v.object({ session_id: Id });
export type GetSessionSummaryInput = v.InferInput<typeof GetSessionSummaryInput>;

/**
 * A session's statistics: errors are its failed stages plus its failed
 * interactions, and `stages_by_agent` counts the stages each agent ran.
 * Aggregated in the database, without reading the interactions' content.
 */
export async function getSessionSummary({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: GetSessionSummaryInput;
}): Promise<SessionStats> {
  const { session_id } = parseInput(GetSessionSummaryInput, input);
  const source = await findSessionStatsSource(ctx.db, session_id);
  if (!source) throw new NotFoundError('session', session_id);
  return summarizeSession(source);
}

export const getSessionSummaryOperation = operation({
  name: 'sessions.summary',
  input: GetSessionSummaryInput,
  output: SessionStats,
  scope: 'read',
  audit: false,
  pool: 'read',
  run: getSessionSummary,
});
