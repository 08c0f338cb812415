import { AddCasefileSessionsRequest, CasefileDetail, Id, principalId } from '@hindsight/models';
import {
  deleteCasefileSession,
  insertCasefileSessions,
  updateCasefile,
} from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf } from '../context.js';
import { NotFoundError } from '../errors.js';
import { operation } from '../hub/operation.js';
import { casefileDetail, casefileTarget } from './casefile-detail.js';
import { requireSessions } from './create-casefile.js';

/** Adds sessions, all or none: one unknown id fails the call. A session already there stays as it was. */
export const addCasefileSessionsOperation = operation({
  name: 'casefiles.addSessions',
  input: v.object({ id: Id, ...AddCasefileSessionsRequest.entries }),
  output: CasefileDetail,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'editor' },
  target: (input) => casefileTarget(input.id),
  run: async ({ ctx, input, caller }) => {
    const now = nowOf(ctx);
    await requireSessions(ctx, input.session_ids);
    const me = principalId(caller.principal);
    await insertCasefileSessions(
      ctx.db,
      input.session_ids.map((session_id) => ({
        casefile_id: input.id,
        session_id,
        added_by: me,
        added_at_us: now,
      })),
    );
    await updateCasefile(ctx.db, input.id, { updated_at_us: now });
    return casefileDetail(ctx, input.id, caller.principal);
  },
});

export const removeCasefileSessionOperation = operation({
  name: 'casefiles.removeSession',
  input: v.object({ id: Id, session_id: Id }),
  output: CasefileDetail,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'editor' },
  target: (input) => casefileTarget(input.id),
  run: async ({ ctx, input, caller }) => {
    if (!(await deleteCasefileSession(ctx.db, input.id, input.session_id))) {
      throw new NotFoundError('session in this casefile', input.session_id);
    }
    await updateCasefile(ctx.db, input.id, { updated_at_us: nowOf(ctx) });
    return casefileDetail(ctx, input.id, caller.principal);
  },
});
