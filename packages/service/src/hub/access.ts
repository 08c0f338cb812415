import {
  type CasefileRole,
  casefileRestoreDays,
  hasScope,
  type Principal,
  principalId,
  roleIncludes,
} from '@hindsight/models';
import { findCasefile, findCasefileRole } from '@hindsight/repository';
import { nowOf, type ServiceContext } from '../context.js';
import { ForbiddenError, NotVisibleError } from '../errors.js';
import type { Hook } from './hook.js';
import type { OperationScope } from './operation.js';

const dayUs = 86_400_000_000;

/** Throws ForbiddenError unless the principal may call an operation of this scope. */
export function checkScope(scope: OperationScope, principal: Principal, name: string): void {
  if (scope === 'public') return;
  if (scope === 'internal') {
    if (principal.kind !== 'system') {
      throw new ForbiddenError(`${name} is internal: only the server itself may call it`);
    }
    return;
  }
  if (!hasScope(principal, scope)) throw new ForbiddenError(`${name} needs the ${scope} scope`);
}

/**
 * The caller's role on a casefile, or null when it may not see it: no such
 * casefile, no role on it, or deleted (or, for `deleted` operations, not
 * deleted or past its restore window). An admin is an owner of every casefile.
 */
export async function casefileRoleOf(
  ctx: ServiceContext,
  principal: Principal,
  casefileId: string,
  deleted = false,
): Promise<CasefileRole | null> {
  const casefile = await findCasefile(ctx.db, casefileId);
  if (!casefile) return null;
  if (deleted) {
    const since = nowOf(ctx) - casefileRestoreDays * dayUs;
    if (casefile.deleted_at_us === null || casefile.deleted_at_us < since) return null;
  } else if (casefile.deleted_at_us !== null) {
    return null;
  }
  if (hasScope(principal, 'admin')) return 'owner';
  return findCasefileRole(ctx.db, casefileId, principalId(principal));
}

/**
 * The access hook: the operation's scope, then, for casefile operations, the
 * caller's role. A casefile the caller may not see is NotVisibleError (404);
 * a visible one with too small a role is ForbiddenError (403).
 */
export const accessHook: Hook = async (call, next) => {
  const { operation, caller } = call;
  checkScope(operation.scope, caller.principal, operation.name);
  if (operation.casefile) {
    const id = operation.casefile.id(call.input);
    const role = await casefileRoleOf(
      call.ctx,
      caller.principal,
      id,
      operation.casefile.deleted === true,
    );
    if (role === null) throw new NotVisibleError('casefile', id);
    if (!roleIncludes(role, operation.casefile.role)) {
      throw new ForbiddenError(
        `${operation.name} needs the ${operation.casefile.role} role on the casefile`,
      );
    }
  }
  return next();
};
