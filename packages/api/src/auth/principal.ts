import { type Principal, principalId } from '@hindsight/models';

// The principal is a model of @hindsight/models, so the service can check it too.
export {
  anonymousPrincipal,
  developmentPrincipal,
  hasScope,
  type Principal,
} from '@hindsight/models';

/** How a principal appears in logs and rate-limit keys: kind and id, never a secret. */
export function principalLabel(principal: Principal): string {
  return principalId(principal);
}
