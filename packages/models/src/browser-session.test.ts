import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test/fixtures.js';
import { validModels } from '../test/valid-models.js';
import { BrowserSession, BrowserSessionRecord, SignInRequest } from './browser-session.js';

describe('browser session models', () => {
  it('keep only a SHA-256 of the cookie secret', () => {
    expect(issuePaths(BrowserSessionRecord, validModels.BrowserSessionRecord())).toEqual([]);
    expect(
      issuePaths(BrowserSessionRecord, {
        ...validModels.BrowserSessionRecord(),
        token_hash: 'the-cookie-value',
      }),
    ).toEqual(['token_hash']);
  });

  it('need a key to sign in, bounded', () => {
    expect(issuePaths(SignInRequest, { api_key: '' })).toEqual(['api_key']);
    expect(issuePaths(SignInRequest, { api_key: 'x'.repeat(513) })).toEqual(['api_key']);
    expect(issuePaths(SignInRequest, {})).toEqual(['api_key']);
  });

  it('say how the browser was recognised, and a session can be without a CSRF token', () => {
    const signedIn = validModels.BrowserSession();
    expect(issuePaths(BrowserSession, { ...signedIn, method: 'cookie' })).toEqual(['method']);
    expect(
      issuePaths(BrowserSession, {
        ...signedIn,
        method: 'off',
        principal: { kind: 'development', id: 'anonymous', scopes: ['read', 'ingest', 'admin'] },
        expires_at_us: null,
        idle_expires_at_us: null,
        csrf_token: null,
      }),
    ).toEqual([]);
    expect(
      issuePaths(BrowserSession, {
        ...signedIn,
        principal: { ...signedIn.principal, kind: 'system' },
      }),
    ).toEqual(['principal.kind']);
  });
});
