import { DetailedSession, Id } from '@hindsight/models';
import { findSessionDetail } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { NotFoundError, parseInput } from '../errors.js';
import { operation } from '../hub/operation.js';

/** The session to read whole, with its stages and timeline. */
export const GetSessionDetailInput = v.object({ session_id: Id });
export type GetSessionDetailInput = v.InferInput<typeof GetSessionDetailInput>;

/** One session with its whole timeline; NotFoundError when there is none. */
export async function getSessionDetail({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: GetSessionDetailInput;
}): Promise<DetailedSession> {
  const { session_id } = parseInput(GetSessionDetailInput, input);
  const detail = await findSessionDetail(ctx.db, session_id);
  if (!detail) throw new NotFoundError('session', session_id);
  return detail;
}

export const getSessionDetailOperation = operation({
  name: 'sessions.get',
  input: GetSessionDetailInput,
  output: DetailedSession,
  scope: 'read',
  audit: false,
  pool: 'read',
  run: getSessionDetail,
});
