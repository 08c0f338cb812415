import { type ApiKeyScope, apiKeyScopes } from '@hindsight/models';
import { UnavailableError } from '@hindsight/service';
import { verify, verifyWithJwks } from 'hono/jwt';
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import { decodeHeader } from 'hono/utils/jwt/jwt';
import type { JWTPayload } from 'hono/utils/jwt/types';
import type { Principal } from './principal.js';

/** How people's tokens are checked. Either or both of `secret` and `jwksUrl`. */
export interface JwtOptions {
  /** HS256 shared secret. */
  readonly secret?: string;
  /** Where the identity provider publishes its public keys (RS*, PS*, ES*, EdDSA). */
  readonly jwksUrl?: string;
  readonly issuer: string;
  readonly audience: string;
  /** The claim that lists the person's roles; roles named like scopes grant them. */
  readonly rolesClaim: string;
  /** How long fetched keys are trusted before they are fetched again. */
  readonly jwksCacheMs?: number;
  /** Fetches the JWKS; the global fetch by default (tests pass their own). */
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch, for the key cache; tests pass their own clock. */
  readonly now?: () => number;
}

/** A token that does not prove who the caller is; the message is safe to show. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

const asymmetric = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

const jwtErrorMessages: Readonly<Record<string, string>> = {
  JwtTokenExpired: 'the token has expired',
  JwtTokenNotBefore: 'the token is not valid yet',
  JwtTokenIssuedAt: 'the token was issued in the future',
  JwtTokenSignatureMismatched: 'the token signature does not verify',
  JwtTokenIssuer: 'the token issuer is not accepted',
  JwtTokenAudience: 'the token audience is not accepted',
  JwtPayloadRequiresAud: 'the token audience is not accepted',
  JwtAlgorithmMismatch: 'the token algorithm does not match its key',
  JwtHeaderRequiresKid: 'the token names no key (kid)',
};

/** A token looks like a JWT when it has three parts and its first one is a JSON header. */
export function looksLikeJwt(token: string): boolean {
  if (token.split('.').length !== 3) return false;
  try {
    decodeHeader(token);
    return true;
  } catch {
    return false;
  }
}

function scopesOf(payload: JWTPayload, rolesClaim: string): ApiKeyScope[] {
  const words = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.filter((x): x is string => typeof x === 'string')
      : typeof value === 'string'
        ? value.split(/\s+/)
        : [];
  const granted = new Set([...words(payload[rolesClaim]), ...words(payload.scope)]);
  return apiKeyScopes.filter((scope) => granted.has(scope));
}

/** Fetches a JWKS, keeps it for a while, and fetches again (at most every few seconds) for an unknown `kid`. */
function jwksCache(url: string, ttlMs: number, fetcher: typeof fetch, now: () => number) {
  let keys: HonoJsonWebKey[] = [];
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  const refresh = () => {
    inFlight ??= (async () => {
      try {
        const res = await fetcher(url, { signal: AbortSignal.timeout(5_000) });
        if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
        const body = (await res.json()) as { keys?: unknown };
        if (!Array.isArray(body.keys)) throw new Error('JWKS has no "keys" array');
        keys = body.keys as HonoJsonWebKey[];
        fetchedAt = now();
      } catch (error) {
        throw new UnavailableError('the identity provider keys cannot be fetched', {
          cause: error,
        });
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
  return async (kid: string | undefined): Promise<HonoJsonWebKey[]> => {
    const age = now() - fetchedAt;
    const known = keys.some((key) => key.kid === kid);
    if (age > ttlMs || (!known && age > 5_000)) await refresh();
    return keys;
  };
}

/** Returns a function that turns a JWT into a principal, or throws InvalidTokenError. */
/**
 * Header types a token may declare: plain JWTs and RFC 9068 access tokens
 * (`at+jwt`, what OIDC providers issue for APIs). A token without `typ` is accepted too.
 */
const acceptedTypes = ['JWT', 'at+jwt'];

export function createJwtVerifier(options: JwtOptions) {
  const claims = { iss: options.issuer, aud: options.audience };
  const keysFor = options.jwksUrl
    ? jwksCache(
        options.jwksUrl,
        options.jwksCacheMs ?? 300_000,
        options.fetch ?? fetch,
        options.now ?? Date.now,
      )
    : undefined;

  return async (token: string): Promise<Principal> => {
    let payload: JWTPayload;
    try {
      const header = decodeHeader(token);
      // hono checks `typ` against a list only when one is given, and then requires it.
      const verification =
        'typ' in header && header.typ !== undefined ? { ...claims, typ: acceptedTypes } : claims;
      if (header.alg === 'HS256' && options.secret) {
        payload = await verify(token, options.secret, { alg: 'HS256', ...verification });
      } else if (keysFor && (asymmetric as readonly string[]).includes(header.alg)) {
        payload = await verifyWithJwks(token, {
          keys: await keysFor(header.kid),
          allowedAlgorithms: asymmetric,
          verification,
        });
      } else {
        throw new InvalidTokenError(`tokens signed with ${header.alg} are not accepted`);
      }
    } catch (error) {
      if (error instanceof InvalidTokenError || error instanceof UnavailableError) throw error;
      // hono's messages quote the token; the answer and the log get a fixed sentence instead.
      const name = error instanceof Error ? error.name : '';
      throw new InvalidTokenError(jwtErrorMessages[name] ?? 'the token is not valid');
    }
    if (typeof payload.exp !== 'number') throw new InvalidTokenError('the token has no expiry');
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new InvalidTokenError('the token names no subject');
    }
    return { kind: 'user', id: payload.sub, scopes: scopesOf(payload, options.rolesClaim) };
  };
}
