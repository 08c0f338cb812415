import { anonymousPrincipal } from '@hindsight/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../errors.js';
import { createTestServices, type TestServices } from '../testing/index.js';

const minuteUs = 60_000_000;
const policy = { absoluteUs: 60 * minuteUs, idleUs: 10 * minuteUs };

describe('browser sessions', () => {
  let t: TestServices;
  // A clock the test moves: sessions end by time, and no test waits for it.
  let now = 1_800_000_000_000_000;
  beforeEach(async () => {
    now = 1_800_000_000_000_000;
    t = await createTestServices({ clock: () => now, browserSessions: policy });
  });
  afterEach(() => t.dispose());

  const anonymous = () => t.hub.as({ principal: anonymousPrincipal });

  it('exchanges a key for a session acting with its scopes; only its hash is stored', async () => {
    const key = await t.services.apiKeys.create({ name: 'ada', scopes: ['read'] });
    const signedIn = await anonymous().browserSessions.signIn({ api_key: key.key });
    expect(signedIn.key).toMatchObject({ id: key.id, scopes: ['read'] });
    expect(signedIn.session.expires_at_us).toBe(now + policy.absoluteUs);
    expect(signedIn.session.idle_expires_at_us).toBe(now + policy.idleUs);
    expect(signedIn.token).not.toContain(key.key);

    const check = await t.services.browserSessions.authenticate({ token: signedIn.token });
    expect(check).toMatchObject({ status: 'valid', key: { id: key.id, scopes: ['read'] } });
    const stored = JSON.stringify(await t.ctx.db.execute('select * from browser_sessions'));
    expect(stored).not.toContain(signedIn.token);
  });

  it('refuses a wrong or revoked key with UnauthenticatedError, audited as denied', async () => {
    await expect(anonymous().browserSessions.signIn({ api_key: 'hs_wrong' })).rejects.toThrow(
      UnauthenticatedError,
    );
    const key = await t.services.apiKeys.create({ name: 'old', scopes: ['read'] });
    await t.services.apiKeys.revoke({ id: key.id });
    await expect(anonymous().browserSessions.signIn({ api_key: key.key })).rejects.toThrow(
      'revoked',
    );
    const audit = await t.services.audit.list({ operation: 'browserSessions.signIn' });
    expect(audit.events.map((e) => e.outcome)).toEqual(['denied', 'denied']);
    expect(JSON.stringify(audit)).not.toContain(key.key);
  });

  it('ends a session after the idle timeout, and use keeps it alive until the absolute end', async () => {
    const key = await t.services.apiKeys.create({ name: 'ada', scopes: ['read'] });
    const { token } = await anonymous().browserSessions.signIn({ api_key: key.key });
    for (let i = 0; i < 6; i++) {
      now += 9 * minuteUs;
      expect((await t.services.browserSessions.authenticate({ token })).status).toBe('valid');
    }
    now += 7 * minuteUs; // 61 minutes after sign-in: past the absolute end
    expect(await t.services.browserSessions.authenticate({ token })).toEqual({ status: 'expired' });
    // An ended session is deleted: it is unknown afterwards.
    expect(await t.services.browserSessions.authenticate({ token })).toEqual({ status: 'unknown' });

    const second = await anonymous().browserSessions.signIn({ api_key: key.key });
    now += policy.idleUs;
    expect(await t.services.browserSessions.authenticate({ token: second.token })).toEqual({
      status: 'expired',
    });
  });

  it('ends every session of a key when the key is revoked', async () => {
    const key = await t.services.apiKeys.create({ name: 'ada', scopes: ['admin'] });
    const other = await t.services.apiKeys.create({ name: 'grace', scopes: ['read'] });
    const a = await anonymous().browserSessions.signIn({ api_key: key.key });
    const b = await anonymous().browserSessions.signIn({ api_key: key.key });
    const kept = await anonymous().browserSessions.signIn({ api_key: other.key });
    await t.services.apiKeys.revoke({ id: key.id });
    for (const { token } of [a, b]) {
      expect(await t.services.browserSessions.authenticate({ token })).toEqual({
        status: 'unknown',
      });
    }
    expect((await t.services.browserSessions.authenticate({ token: kept.token })).status).toBe(
      'valid',
    );
  });

  it('signs out: the session is gone; an unknown or empty token ends nothing', async () => {
    const key = await t.services.apiKeys.create({ name: 'ada', scopes: ['read'] });
    const { token } = await anonymous().browserSessions.signIn({ api_key: key.key });
    expect(await anonymous().browserSessions.signOut({ token })).toEqual({ ended: true });
    expect(await anonymous().browserSessions.signOut({ token })).toEqual({ ended: false });
    expect(await anonymous().browserSessions.signOut({ token: '' })).toEqual({ ended: false });
    expect(await t.services.browserSessions.authenticate({ token })).toEqual({ status: 'unknown' });
  });

  it('keeps the authenticate verb internal: a request principal may not call it', async () => {
    await expect(anonymous().browserSessions.authenticate({ token: 'x' })).rejects.toThrow(
      'internal',
    );
  });

  it('prunes ended sessions at the next sign-in', async () => {
    const key = await t.services.apiKeys.create({ name: 'ada', scopes: ['read'] });
    await anonymous().browserSessions.signIn({ api_key: key.key });
    now += policy.idleUs + 1;
    await anonymous().browserSessions.signIn({ api_key: key.key });
    const rows = await t.ctx.db.execute('select count(*)::int as n from browser_sessions');
    expect(JSON.stringify(rows)).toContain('"n":1');
  });
});
