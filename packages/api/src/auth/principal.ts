import { type ApiKeyScope, apiKeyScopes } from '@hindsight/models';

/** Who is calling: a machine with an API key, a person with a JWT, or anyone while auth is off. */
export type Principal =
  | {
      readonly kind: 'api_key';
      readonly id: string;
      readonly name: string;
      readonly scopes: readonly ApiKeyScope[];
    }
  | { readonly kind: 'user'; readonly id: string; readonly scopes: readonly ApiKeyScope[] }
  | {
      readonly kind: 'development';
      readonly id: 'anonymous';
      readonly scopes: readonly ApiKeyScope[];
    };

/** What `HINDSIGHT_AUTH=off` lets every request be. */
export const developmentPrincipal: Principal = {
  kind: 'development',
  id: 'anonymous',
  scopes: apiKeyScopes,
};

/** `admin` implies every other scope. */
export function hasScope(principal: Principal, scope: ApiKeyScope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}

/** How a principal appears in logs and rate-limit keys: kind and id, never a secret. */
export function principalLabel(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}
