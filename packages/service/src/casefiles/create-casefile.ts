import { randomUUID } from 'node:crypto';
import {
  CasefileDetail,
  type CasefileRecord,
  CreateCasefileRequest,
  principalId,
} from '@hindsight/models';
import {
  findExistingSessionIds,
  insertCasefile,
  insertCasefileSessions,
  upsertCasefilePermission,
} from '@hindsight/repository';
import { nowOf, type ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { type Caller, operation } from '../hub/operation.js';
import { casefileDetail, casefileTarget } from './casefile-detail.js';

/** Throws NotFoundError naming the first id that is not a session. */
export async function requireSessions(ctx: ServiceContext, ids: readonly string[]): Promise<void> {
  const existing = await findExistingSessionIds(ctx.db, ids);
  const missing = ids.find((id) => !existing.has(id));
  if (missing !== undefined) throw new NotFoundError('session', missing);
}

/**
 * Creates a casefile owned by its caller, with its first sessions, in one
 * transaction (the hub's, as the operation is audited): one unknown session
 * id fails the whole call and nothing is written.
 */
export async function createCasefile({
  ctx,
  input,
  caller,
}: {
  ctx: ServiceContext;
  input: CreateCasefileRequest;
  caller: Caller;
}): Promise<CasefileDetail> {
  const now = nowOf(ctx);
  const me = principalId(caller.principal);
  await requireSessions(ctx, input.session_ids);
  const record: CasefileRecord = {
    id: randomUUID(),
    title: input.title,
    description: input.description ?? null,
    status: 'open',
    tags: input.tags,
    owner_id: me,
    created_at_us: now,
    updated_at_us: now,
    deleted_at_us: null,
    deleted_by: null,
  };
  await insertCasefile(ctx.db, record);
  await upsertCasefilePermission(ctx.db, {
    casefile_id: record.id,
    principal_id: me,
    role: 'owner',
    granted_by: me,
    granted_at_us: now,
  });
  await insertCasefileSessions(
    ctx.db,
    input.session_ids.map((session_id) => ({
      casefile_id: record.id,
      session_id,
      added_by: me,
      added_at_us: now,
    })),
  );
  return casefileDetail(ctx, record.id, caller.principal);
}

/** Anyone who may read may open a casefile; they become its owner. */
export const createCasefileOperation = operation({
  name: 'casefiles.create',
  input: CreateCasefileRequest,
  output: CasefileDetail,
  scope: 'read',
  audit: true,
  target: (_input, output) => (output ? casefileTarget(output.id) : null),
  run: createCasefile,
});
