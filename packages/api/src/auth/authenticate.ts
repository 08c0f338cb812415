import type { Services } from '@hindsight/service';
import { createJwtVerifier, InvalidTokenError, type JwtOptions, looksLikeJwt } from './jwt.js';
import { developmentPrincipal, type Principal } from './principal.js';

export interface AuthOptions {
  /** False only for local development (HINDSIGHT_AUTH=off): every request acts with every scope. */
  readonly enabled: boolean;
  /** People's tokens; without it only API keys are accepted. */
  readonly jwt?: JwtOptions;
}

export type Credentials =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid'; readonly detail: string };

const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Turns an Authorization header into a principal. API keys are checked by the
 * service against the database; JWTs with hono/jwt against the configured
 * secret or JWKS. Database trouble is not a credentials problem: it propagates
 * (as UnavailableError, a 503), it never becomes a 401.
 */
export function createAuthenticator(
  services: { readonly apiKeys: Pick<Services['apiKeys'], 'authenticate'> },
  options: AuthOptions,
) {
  const verifyJwt = options.jwt ? createJwtVerifier(options.jwt) : undefined;
  return async (authorization: string | undefined): Promise<Credentials> => {
    if (!options.enabled) return { ok: true, principal: developmentPrincipal };
    if (authorization === undefined || authorization.trim() === '') {
      return {
        ok: false,
        reason: 'missing',
        detail: 'send an API key or a token as Authorization: Bearer <credential>',
      };
    }
    const token = bearer.exec(authorization)?.[1];
    if (!token) {
      return {
        ok: false,
        reason: 'invalid',
        detail: 'use the Bearer scheme: Authorization: Bearer <credential>',
      };
    }
    if (looksLikeJwt(token)) {
      if (!verifyJwt)
        return {
          ok: false,
          reason: 'invalid',
          detail: 'this server accepts no tokens, only API keys',
        };
      try {
        return { ok: true, principal: await verifyJwt(token) };
      } catch (error) {
        if (error instanceof InvalidTokenError) {
          return { ok: false, reason: 'invalid', detail: error.message };
        }
        throw error;
      }
    }
    const check = await services.apiKeys.authenticate({ key: token });
    switch (check.status) {
      case 'valid':
        return {
          ok: true,
          principal: {
            kind: 'api_key',
            id: check.key.id,
            name: check.key.name,
            scopes: check.key.scopes,
          },
        };
      case 'revoked':
        return { ok: false, reason: 'invalid', detail: 'the API key was revoked' };
      default:
        return { ok: false, reason: 'invalid', detail: 'the API key is not valid' };
    }
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
