import { createHmac, type webcrypto } from 'node:crypto';
import { UnavailableError } from '@hindsight/service';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { audience, issuer, jwtOptions, jwtSecret, userToken } from '../../test/harness.js';
import { createJwtVerifier, InvalidTokenError, looksLikeJwt } from './jwt.js';

const hs = createJwtVerifier(jwtOptions);
const { secret: _secret, ...jwksOnly } = jwtOptions;
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

async function refusal(verify: Promise<unknown>): Promise<string> {
  const error = await verify.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
}

/** An HS256 token with the header given (hono's sign always writes typ: JWT). */
function tokenWithHeader(header: Record<string, unknown>, claims: Record<string, unknown> = {}) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    sub: 'ada',
    iss: issuer,
    aud: audience,
    exp: Math.floor(Date.now() / 1000) + 300,
    roles: ['read'],
    ...claims,
  };
  const unsigned = `${part({ alg: 'HS256', ...header })}.${part(payload)}`;
  const signature = createHmac('sha256', jwtSecret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

describe('token types', () => {
  const verify = createJwtVerifier(jwtOptions);

  it('accepts RFC 9068 access tokens (typ at+jwt), plain JWTs and tokens without typ', async () => {
    for (const typ of ['at+jwt', 'application/at+jwt', 'JWT', undefined]) {
      const token = tokenWithHeader(typ === undefined ? {} : { typ });
      expect((await verify(token)).scopes, String(typ)).toEqual(['read']);
    }
  });

  it('refuses other token types (an ID token is not an access token)', async () => {
    await expect(verify(tokenWithHeader({ typ: 'id+jwt' }))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });
});

describe('HS256 tokens', () => {
  it('become a user principal with the scopes its roles name', async () => {
    const principal = await hs(await userToken({ sub: 'ada', roles: ['read', 'ingest', 'chef'] }));
    expect(principal).toEqual({ kind: 'user', id: 'ada', scopes: ['ingest', 'read'] });
  });

  it('read scopes from an OAuth scope string too', async () => {
    const principal = await hs(await userToken({ roles: undefined, scope: 'openid admin' }));
    expect(principal.scopes).toEqual(['admin']);
  });

  it('are refused when expired, forged, for another issuer or audience, or without exp or sub', async () => {
    const past = Math.floor(Date.now() / 1000) - 1;
    expect(await refusal(hs(await userToken({ exp: past })))).toBe('the token has expired');
    expect(await refusal(hs(await userToken({}, `${jwtSecret}-other`)))).toBe(
      'the token signature does not verify',
    );
    expect(await refusal(hs(await userToken({ iss: 'https://evil.test/' })))).toBe(
      'the token issuer is not accepted',
    );
    expect(await refusal(hs(await userToken({ aud: 'someone-else' })))).toBe(
      'the token audience is not accepted',
    );
    expect(await refusal(hs(await userToken({ exp: undefined })))).toBe('the token has no expiry');
    expect(await refusal(hs(await userToken({ sub: undefined })))).toBe(
      'the token names no subject',
    );
  });

  it('refuse unsigned ("alg": "none") tokens and never echo the token', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'x', iss: issuer, aud: audience, exp: inAMinute() })}.`;
    const message = await refusal(hs(unsigned));
    expect(message).not.toContain(unsigned);
  });

  it('are told apart from API keys', async () => {
    expect(looksLikeJwt(await userToken())).toBe(true);
    expect(looksLikeJwt('hs_abc.def.ghi')).toBe(false);
    expect(looksLikeJwt('hs_abcdef')).toBe(false);
  });
});

describe('tokens verified against a JWKS', () => {
  async function keyPair(kid: string) {
    const pair = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as webcrypto.CryptoKeyPair;
    const publicJwk = {
      ...(await crypto.subtle.exportKey('jwk', pair.publicKey)),
      kid,
      alg: 'RS256',
    };
    const privateJwk = {
      ...(await crypto.subtle.exportKey('jwk', pair.privateKey)),
      kid,
      alg: 'RS256',
    };
    return { publicJwk, privateJwk };
  }

  function jwks(keys: () => object[]) {
    const calls: string[] = [];
    const fetcher = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return Response.json({ keys: keys() });
    }) as typeof fetch;
    return { calls, fetcher };
  }

  const claims = () => ({
    sub: 'grace',
    iss: issuer,
    aud: audience,
    exp: inAMinute(),
    roles: ['read'],
  });

  it('accepts an RS256 token whose kid is published, fetching the keys once', async () => {
    const { publicJwk, privateJwk } = await keyPair('k1');
    const server = jwks(() => [publicJwk]);
    const verify = createJwtVerifier({
      ...jwksOnly,
      jwksUrl: 'https://id.test/jwks',
      fetch: server.fetcher,
    });
    const token = await sign(claims(), privateJwk);
    expect(await verify(token)).toEqual({ kind: 'user', id: 'grace', scopes: ['read'] });
    await verify(token);
    expect(server.calls).toEqual(['https://id.test/jwks']);
  });

  it('fetches again for a key it has not seen (rotation), and refuses a token no key signed', async () => {
    const first = await keyPair('k1');
    const rotated = await keyPair('k2');
    let published = [first.publicJwk];
    const server = jwks(() => published);
    const verify = createJwtVerifier({
      ...jwksOnly,
      jwksUrl: 'https://id.test/jwks',
      fetch: server.fetcher,
      jwksCacheMs: 60_000,
    });
    await verify(await sign(claims(), first.privateJwk));
    published = [first.publicJwk, rotated.publicJwk];
    // The keys were fetched just now: an unknown kid within seconds does not refetch (no amplification)...
    expect(await refusal(verify(await sign(claims(), rotated.privateJwk)))).toBe(
      'the token is not valid',
    );
    expect(server.calls).toHaveLength(1);
    // ...and a forged token with a published kid fails on its signature.
    const forger = await keyPair('k1');
    expect(await refusal(verify(await sign(claims(), forger.privateJwk)))).toBe(
      'the token signature does not verify',
    );
  });

  it('picks up a rotated key a few seconds later, and refetches once the cache expires', async () => {
    const first = await keyPair('k1');
    const rotated = await keyPair('k2');
    let published = [first.publicJwk];
    const server = jwks(() => published);
    let clock = 1_000_000;
    const verify = createJwtVerifier({
      ...jwksOnly,
      jwksUrl: 'https://id.test/jwks',
      fetch: server.fetcher,
      jwksCacheMs: 60_000,
      now: () => clock,
    });
    await verify(await sign(claims(), first.privateJwk));
    published = [first.publicJwk, rotated.publicJwk];
    clock += 6_000;
    expect((await verify(await sign(claims(), rotated.privateJwk))).id).toBe('grace');
    expect(server.calls).toHaveLength(2);
    await verify(await sign(claims(), first.privateJwk));
    expect(server.calls).toHaveLength(2);
    clock += 60_001;
    await verify(await sign(claims(), first.privateJwk));
    expect(server.calls).toHaveLength(3);
  });

  it('answers unavailable (503), not invalid (401), when the keys cannot be fetched', async () => {
    const { privateJwk } = await keyPair('k1');
    const failing = (async () => new Response('down', { status: 502 })) as typeof fetch;
    const verify = createJwtVerifier({
      ...jwksOnly,
      jwksUrl: 'https://id.test/jwks',
      fetch: failing,
    });
    await expect(verify(await sign(claims(), privateJwk))).rejects.toBeInstanceOf(UnavailableError);
  });

  it('refuses HS256 tokens when only a JWKS is configured', async () => {
    const verify = createJwtVerifier({
      ...jwksOnly,
      jwksUrl: 'https://id.test/jwks',
      fetch: jwks(() => []).fetcher,
    });
    expect(await refusal(verify(await userToken()))).toBe(
      'tokens signed with HS256 are not accepted',
    );
  });
});
