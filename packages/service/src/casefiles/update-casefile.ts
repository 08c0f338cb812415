import { CasefileDetail, Id, UpdateCasefileRequest } from '@hindsight/models';
import { type CasefilePatch, updateCasefile as updateCasefileRecord } from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf, type ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { type Caller, operation } from '../hub/operation.js';
import { casefileDetail, casefileTarget } from './casefile-detail.js';

export const UpdateCasefileInput = v.object({ id: Id, changes: UpdateCasefileRequest });
export type UpdateCasefileInput = v.InferOutput<typeof UpdateCasefileInput>;

/** Changes the title, description, status or tags; fields left out stay as they are. */
export async function updateCasefile({
  ctx,
  input,
  caller,
}: {
  ctx: ServiceContext;
  input: UpdateCasefileInput;
  caller: Caller;
}): Promise<CasefileDetail> {
  const { changes } = input;
  const patch: CasefilePatch = { updated_at_us: nowOf(ctx) };
  if (changes.title !== undefined) patch.title = changes.title;
  if (changes.description !== undefined) patch.description = changes.description;
  if (changes.status !== undefined) patch.status = changes.status;
  if (changes.tags !== undefined) patch.tags = changes.tags;
  if (!(await updateCasefileRecord(ctx.db, input.id, patch))) {
    throw new NotFoundError('casefile', input.id);
  }
  return casefileDetail(ctx, input.id, caller.principal);
}

/** Editors and owners change a casefile's fields (an investigation is edited together). */
export const updateCasefileOperation = operation({
  name: 'casefiles.update',
  input: UpdateCasefileInput,
  output: CasefileDetail,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'editor' },
  target: (input) => casefileTarget(input.id),
  run: updateCasefile,
});
