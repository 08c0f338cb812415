import { CasefileDetail, Id } from '@hindsight/models';
import * as v from 'valibot';
import { operation } from '../hub/operation.js';
import { casefileDetail } from './casefile-detail.js';

export const CasefileIdInput = v.object({ id: Id });

/** `GET /casefiles/{id}`: any role reads. */
export const getCasefileOperation = operation({
  name: 'casefiles.get',
  input: CasefileIdInput,
  output: CasefileDetail,
  scope: 'read',
  audit: false,
  casefile: { id: (input) => input.id, role: 'viewer' },
  run: ({ ctx, input, caller }) => casefileDetail(ctx, input.id, caller.principal),
});
