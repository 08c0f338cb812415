import * as v from 'valibot';
import { type ApiKeyScope, apiKeyScopes, ApiKeyScope as Scope } from './api-key.js';
import { Id, Label } from './primitives.js';

// Who calls an operation. The API builds a principal from credentials; the CLI
// and start-up tasks act as the `system` principal; a public route's caller is
// `anonymous`. The service checks scopes and casefile roles against it.

const Scopes = v.pipe(v.array(Scope), v.readonly());

/**
 * The kinds of caller: an API key, a signed-in person, local development without auth, the
 * server itself, or nobody.
 */
export const principalKinds = ['api_key', 'user', 'development', 'system', 'anonymous'] as const;
/** What kind of caller a principal is. */
export const PrincipalKind = v.picklist(principalKinds);
export type PrincipalKind = v.InferOutput<typeof PrincipalKind>;

/** A machine with an API key, a person with a JWT, local development, the server itself, or nobody. */
export const Principal = v.variant('kind', [
  v.object({ kind: v.literal('api_key'), id: Id, name: Label, scopes: Scopes }),
  v.object({ kind: v.literal('user'), id: Id, scopes: Scopes }),
  v.object({ kind: v.literal('development'), id: v.literal('anonymous'), scopes: Scopes }),
  /** The CLI and the server's own tasks (start-up keys, audit pruning); never from a request. */
  v.object({ kind: v.literal('system'), id: Label, scopes: Scopes }),
  /** The caller of a public route: no credentials were asked for. */
  v.object({ kind: v.literal('anonymous'), id: v.literal('anonymous'), scopes: Scopes }),
]);
export type Principal = v.InferOutput<typeof Principal>;

/**
 * A principal as casefile permissions and audit rows name it: `<kind>:<id>`,
 * e.g. `api_key:key_3f9a...` (the id from the key API) or `user:ada` (the JWT
 * subject or the proxy-authenticated user).
 */
export const PrincipalId = v.pipe(
  v.string(),
  v.maxLength(300),
  v.regex(
    /^(api_key|user|development|system):[^\s:][^\s]{0,254}$/,
    'must be <kind>:<id>, kind one of api_key, user, development, system',
  ),
);
export type PrincipalId = v.InferOutput<typeof PrincipalId>;

/** A principal's id as roles and audit events name it, e.g. `api_key:4f…` or `user:ada`. */
export function principalId(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

/** `admin` implies every other scope. */
export function hasScope(principal: Principal, scope: ApiKeyScope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}

/** What `HINDSIGHT_AUTH=off` lets every request be. */
export const developmentPrincipal: Principal = {
  kind: 'development',
  id: 'anonymous',
  scopes: apiKeyScopes,
};

/** The caller of a public route. */
export const anonymousPrincipal: Principal = { kind: 'anonymous', id: 'anonymous', scopes: [] };

/** The server or the CLI acting on its own behalf, e.g. `systemPrincipal('cli')`. */
export function systemPrincipal(name: string): Principal {
  return { kind: 'system', id: name, scopes: apiKeyScopes };
}
