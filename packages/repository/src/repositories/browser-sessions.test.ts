import type { BrowserSessionRecord } from '@hindsight/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyRecord, type TestDatabase, testDrivers } from '../testing/index.js';
import { insertApiKey } from './api-keys.js';
import {
  deleteBrowserSessionByHash,
  deleteBrowserSessionsOfApiKey,
  deleteExpiredBrowserSessions,
  findBrowserSessionByHash,
  insertBrowserSession,
  touchBrowserSession,
} from './browser-sessions.js';

const hash = (c: string) => c.repeat(64);

function sessionRecord(overrides: Partial<BrowserSessionRecord> = {}): BrowserSessionRecord {
  return {
    id: 'bs-1',
    token_hash: hash('a'),
    api_key_id: 'key-1',
    created_at_us: 1_000,
    last_seen_at_us: 1_000,
    expires_at_us: 10_000,
    ...overrides,
  };
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'browser session repository on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
      await insertApiKey(database.db, apiKeyRecord({ scopes: ['read'] }));
    });
    afterEach(() => database.dispose());

    it('finds a session by hash with the key it acts for', async () => {
      await insertBrowserSession(database.db, sessionRecord());
      const found = await findBrowserSessionByHash(database.db, hash('a'));
      expect(found?.session).toEqual(sessionRecord());
      expect(found?.key).toMatchObject({ id: 'key-1', scopes: ['read'] });
      expect(await findBrowserSessionByHash(database.db, hash('b'))).toBeNull();
    });

    it('refuses a session of a key that does not exist', async () => {
      await expect(
        insertBrowserSession(database.db, sessionRecord({ api_key_id: 'nobody' })),
      ).rejects.toThrow();
    });

    it('records a use at most once per resolution', async () => {
      await insertBrowserSession(database.db, sessionRecord());
      await touchBrowserSession(database.db, 'bs-1', 1_500, 1_000);
      expect(
        (await findBrowserSessionByHash(database.db, hash('a')))?.session.last_seen_at_us,
      ).toBe(1_000);
      await touchBrowserSession(database.db, 'bs-1', 2_000, 1_000);
      expect(
        (await findBrowserSessionByHash(database.db, hash('a')))?.session.last_seen_at_us,
      ).toBe(2_000);
    });

    it('deletes one session by hash, and every session of a key', async () => {
      await insertBrowserSession(database.db, sessionRecord());
      await insertBrowserSession(database.db, sessionRecord({ id: 'bs-2', token_hash: hash('b') }));
      await insertBrowserSession(database.db, sessionRecord({ id: 'bs-3', token_hash: hash('c') }));
      expect(await deleteBrowserSessionByHash(database.db, hash('a'))).toBe(true);
      expect(await deleteBrowserSessionByHash(database.db, hash('a'))).toBe(false);
      expect(await deleteBrowserSessionsOfApiKey(database.db, 'key-1')).toBe(2);
      expect(await findBrowserSessionByHash(database.db, hash('b'))).toBeNull();
    });

    it('prunes sessions past their end or idle too long, and keeps the others', async () => {
      await insertBrowserSession(database.db, sessionRecord({ id: 'ended', expires_at_us: 5_000 }));
      await insertBrowserSession(
        database.db,
        sessionRecord({ id: 'idle', token_hash: hash('b'), last_seen_at_us: 2_000 }),
      );
      await insertBrowserSession(
        database.db,
        sessionRecord({ id: 'live', token_hash: hash('c'), last_seen_at_us: 4_500 }),
      );
      expect(await deleteExpiredBrowserSessions(database.db, 5_000, 3_000)).toBe(2);
      expect((await findBrowserSessionByHash(database.db, hash('c')))?.session.id).toBe('live');
    });
  },
);
