import { ApiKey, CreatedApiKey } from '@hindsight/models';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../errors.js';
import { createTestServices, type TestServices } from '../testing/index.js';
import { apiKeyPrefix, hashApiKey, sameHash } from './secrets.js';

describe('API keys', () => {
  let t: TestServices;
  beforeEach(async () => {
    t = await createTestServices();
  });
  afterEach(() => t.dispose());

  it('creates a key shown once, stored only as its hash, and accepted afterwards', async () => {
    const created = v.parse(
      CreatedApiKey,
      await t.services.apiKeys.create({ name: 'ci', scopes: ['ingest'] }),
    );
    expect(created.key.startsWith(apiKeyPrefix)).toBe(true);
    expect(created.key.length).toBeGreaterThanOrEqual(40);
    expect(created.key_prefix).toBe(created.key.slice(0, 7));
    const listed = await t.services.apiKeys.list();
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(v.parse(ApiKey, listed[0])).not.toHaveProperty('key');

    const check = await t.services.apiKeys.authenticate({ key: created.key });
    expect(check.status).toBe('valid');
    if (check.status === 'valid') {
      expect(check.key.id).toBe(created.id);
      expect(check.key.scopes).toEqual(['ingest']);
      expect(check.key.last_used_at_us).not.toBeNull();
    }
    expect((await t.services.apiKeys.list())[0]?.last_used_at_us).not.toBeNull();
  });

  it('never creates the same key twice', async () => {
    const a = await t.services.apiKeys.create({ name: 'a', scopes: ['read'] });
    const b = await t.services.apiKeys.create({ name: 'b', scopes: ['read'] });
    expect(a.key).not.toBe(b.key);
    expect(a.id).not.toBe(b.id);
  });

  it('refuses a bad name or scope with the field named', async () => {
    const error = await t.services.apiKeys
      .create({ name: 'ci', scopes: ['root' as 'read'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]?.path).toBe('scopes.0');
  });

  it('answers unknown for a wrong, empty or absurdly long key', async () => {
    await t.services.apiKeys.create({ name: 'ci', scopes: ['read'] });
    for (const key of ['hs_wrong', '', `hs_${'x'.repeat(600)}`]) {
      expect(await t.services.apiKeys.authenticate({ key })).toEqual({ status: 'unknown' });
    }
  });

  it('revokes a key at once; revoking again keeps it revoked; unknown ids are 404', async () => {
    const created = await t.services.apiKeys.create({ name: 'ci', scopes: ['read'] });
    const revoked = await t.services.apiKeys.revoke({ id: created.id });
    expect(revoked.revoked_at_us).not.toBeNull();
    expect(await t.services.apiKeys.authenticate({ key: created.key })).toEqual({
      status: 'revoked',
      id: created.id,
    });
    expect((await t.services.apiKeys.revoke({ id: created.id })).revoked_at_us).toBe(
      revoked.revoked_at_us,
    );
    await expect(t.services.apiKeys.revoke({ id: 'key_missing' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('creates the bootstrap key idempotently, as admin, and keeps it revoked once revoked', async () => {
    const key = 'bootstrap-secret-that-is-long-enough-0123456789';
    const first = await t.services.apiKeys.bootstrap({ key });
    expect(first.status).toBe('created');
    expect(await t.services.apiKeys.bootstrap({ key })).toEqual({
      status: 'exists',
      id: first.id,
    });
    const check = await t.services.apiKeys.authenticate({ key });
    expect(check.status === 'valid' && check.key.scopes).toEqual(['admin']);
    await t.services.apiKeys.revoke({ id: first.id });
    expect(await t.services.apiKeys.bootstrap({ key })).toEqual({
      status: 'revoked',
      id: first.id,
    });
    expect((await t.services.apiKeys.authenticate({ key })).status).toBe('revoked');
  });

  it('creates a first admin key only on a database without keys', async () => {
    const first = await t.services.apiKeys.ensureFirst();
    expect(first?.scopes).toEqual(['admin']);
    expect(await t.services.apiKeys.ensureFirst()).toBeNull();
    expect((await t.services.apiKeys.authenticate({ key: first?.key ?? '' })).status).toBe('valid');
  });

  it('answers unavailable, not a driver error, once the database is gone', async () => {
    await t.dispose();
    const { UnavailableError } = await import('../errors.js');
    await expect(t.services.apiKeys.list()).rejects.toBeInstanceOf(UnavailableError);
    await expect(t.services.apiKeys.authenticate({ key: 'hs_x' })).rejects.toBeInstanceOf(
      UnavailableError,
    );
    await expect(t.services.sessions.get({ session_id: 'x' })).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});

describe('key hashing', () => {
  it('is SHA-256 hex, compared in constant time', () => {
    const hash = hashApiKey('hs_abc');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(hash, hashApiKey('hs_abc'))).toBe(true);
    expect(sameHash(hash, hashApiKey('hs_abd'))).toBe(false);
    expect(sameHash(hash, 'abcd')).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });
});
