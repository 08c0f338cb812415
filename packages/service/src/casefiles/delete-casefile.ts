import { CasefileDetail, principalId } from '@hindsight/models';
import { updateCasefile } from '@hindsight/repository';
import { nowOf } from '../context.js';
import { operation } from '../hub/operation.js';
import { casefileDetail, casefileTarget } from './casefile-detail.js';
import { CasefileIdInput } from './get-casefile.js';

/**
 * Deletes a casefile softly: it disappears from every list and read, and its
 * owners may restore it for `casefileRestoreDays` days.
 */
export const deleteCasefileOperation = operation({
  name: 'casefiles.delete',
  input: CasefileIdInput,
  output: CasefileDetail,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'owner' },
  target: (input) => casefileTarget(input.id),
  run: async ({ ctx, input, caller }) => {
    const now = nowOf(ctx);
    await updateCasefile(ctx.db, input.id, {
      deleted_at_us: now,
      deleted_by: principalId(caller.principal),
      updated_at_us: now,
    });
    return casefileDetail(ctx, input.id, caller.principal);
  },
});

/** Brings a deleted casefile back, within its restore window; owners only. */
export const restoreCasefileOperation = operation({
  name: 'casefiles.restore',
  input: CasefileIdInput,
  output: CasefileDetail,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'owner', deleted: true },
  target: (input) => casefileTarget(input.id),
  run: async ({ ctx, input, caller }) => {
    await updateCasefile(ctx.db, input.id, {
      deleted_at_us: null,
      deleted_by: null,
      updated_at_us: nowOf(ctx),
    });
    return casefileDetail(ctx, input.id, caller.principal);
  },
});
