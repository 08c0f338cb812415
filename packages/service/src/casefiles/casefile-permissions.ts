import {
  CasefilePermission,
  GrantRequest,
  Id,
  PermissionCheck,
  PermissionList,
  PrincipalId,
  principalId,
  roleIncludes,
} from '@hindsight/models';
import {
  deleteCasefilePermission,
  findCasefileRole,
  listCasefilePermissions,
  lockCasefileOwners,
  upsertCasefilePermission,
} from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { casefileRoleOf } from '../hub/access.js';
import { operation } from '../hub/operation.js';
import { casefileTarget } from './casefile-detail.js';

/**
 * Refuses (409) a change that would leave the casefile without an owner:
 * `principal` stops being an owner. The owner rows are locked first, so two
 * owners removing each other at once cannot both succeed.
 */
async function keepAnOwner(ctx: ServiceContext, casefileId: string, principal: string) {
  const owners = await lockCasefileOwners(ctx.db, casefileId);
  if (owners.length === 1 && owners[0] === principal) {
    throw new ConflictError(
      'the last owner of a casefile cannot be removed; make another owner first',
    );
  }
}

export const grantCasefileRoleOperation = operation({
  name: 'casefiles.grant',
  input: v.object({ id: Id, ...GrantRequest.entries }),
  output: CasefilePermission,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'owner' },
  target: (input) => casefileTarget(input.id),
  run: async ({ ctx, input, caller }) => {
    if (input.role !== 'owner') await keepAnOwner(ctx, input.id, input.principal_id);
    const permission: CasefilePermission = {
      casefile_id: input.id,
      principal_id: input.principal_id,
      role: input.role,
      granted_by: principalId(caller.principal),
      granted_at_us: nowOf(ctx),
    };
    await upsertCasefilePermission(ctx.db, permission);
    return permission;
  },
});

export const revokeCasefileRoleOperation = operation({
  name: 'casefiles.revoke',
  input: v.object({ id: Id, principal_id: PrincipalId }),
  output: v.object({ principal_id: v.string() }),
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'owner' },
  target: (input) => casefileTarget(input.id),
  run: async ({ ctx, input }) => {
    if ((await findCasefileRole(ctx.db, input.id, input.principal_id)) === 'owner') {
      await keepAnOwner(ctx, input.id, input.principal_id);
    }
    if (!(await deleteCasefilePermission(ctx.db, input.id, input.principal_id))) {
      throw new NotFoundError('permission', input.principal_id);
    }
    return { principal_id: input.principal_id };
  },
});

/** Who holds which role; every role may see it (collaborators know each other). */
export const listCasefilePermissionsOperation = operation({
  name: 'casefiles.permissions',
  input: v.object({ id: Id }),
  output: PermissionList,
  scope: 'read',
  audit: false,
  casefile: { id: (input) => input.id, role: 'viewer' },
  run: async ({ ctx, input }) => ({ permissions: await listCasefilePermissions(ctx.db, input.id) }),
});

/** The caller's own role and what it allows (404 when it has none). */
export const checkCasefilePermissionOperation = operation({
  name: 'casefiles.checkPermission',
  input: v.object({ id: Id }),
  output: PermissionCheck,
  scope: 'read',
  audit: false,
  casefile: { id: (input) => input.id, role: 'viewer' },
  run: async ({ ctx, input, caller }) => {
    const role = await casefileRoleOf(ctx, caller.principal, input.id);
    if (!role) throw new NotFoundError('casefile', input.id);
    return {
      principal_id: principalId(caller.principal),
      role,
      can_edit: roleIncludes(role, 'editor'),
      can_manage: roleIncludes(role, 'owner'),
    };
  },
});
