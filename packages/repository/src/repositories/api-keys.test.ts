import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyRecord, type TestDatabase, testDrivers } from '../testing/index.js';
import {
  findApiKey,
  findApiKeyByHash,
  insertApiKey,
  insertFirstApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from './api-keys.js';

const hash = (c: string) => c.repeat(64);

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'api key repository on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
    });
    afterEach(() => database.dispose());

    it('stores a key and finds it by hash and by id, scopes and nulls intact', async () => {
      const record = apiKeyRecord({ scopes: ['read', 'admin'] });
      expect(await insertApiKey(database.db, record)).toBe(true);
      expect(await findApiKeyByHash(database.db, record.key_hash)).toEqual(record);
      expect(await findApiKey(database.db, record.id)).toEqual(record);
      expect(await findApiKeyByHash(database.db, hash('f'))).toBeNull();
    });

    it('ignores a second key with the same hash (idempotent bootstrap)', async () => {
      expect(await insertApiKey(database.db, apiKeyRecord())).toBe(true);
      expect(await insertApiKey(database.db, apiKeyRecord({ id: 'key-2' }))).toBe(false);
      expect((await listApiKeys(database.db)).map((k) => k.id)).toEqual(['key-1']);
    });

    it('creates the first key only while there is none, even when two race', async () => {
      const results = await Promise.all([
        insertFirstApiKey(database.db, apiKeyRecord({ id: 'a', key_hash: hash('a') })),
        insertFirstApiKey(database.db, apiKeyRecord({ id: 'b', key_hash: hash('b') })),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await listApiKeys(database.db)).toHaveLength(1);
    });

    it('lists keys oldest first', async () => {
      await insertApiKey(
        database.db,
        apiKeyRecord({ id: 'new', key_hash: hash('1'), created_at_us: 2 }),
      );
      await insertApiKey(
        database.db,
        apiKeyRecord({ id: 'old', key_hash: hash('2'), created_at_us: 1 }),
      );
      expect((await listApiKeys(database.db)).map((k) => k.id)).toEqual(['old', 'new']);
    });

    it('revokes once, keeping the first revocation time, and answers null for an unknown id', async () => {
      await insertApiKey(database.db, apiKeyRecord());
      expect((await revokeApiKey(database.db, 'key-1', 10))?.revoked_at_us).toBe(10);
      expect((await revokeApiKey(database.db, 'key-1', 20))?.revoked_at_us).toBe(10);
      expect(await revokeApiKey(database.db, 'nope', 10)).toBeNull();
    });

    it('records a use at most once per resolution interval', async () => {
      await insertApiKey(database.db, apiKeyRecord());
      await touchApiKey(database.db, 'key-1', 1_000, 500);
      expect((await findApiKey(database.db, 'key-1'))?.last_used_at_us).toBe(1_000);
      await touchApiKey(database.db, 'key-1', 1_400, 500);
      expect((await findApiKey(database.db, 'key-1'))?.last_used_at_us).toBe(1_000);
      await touchApiKey(database.db, 'key-1', 1_600, 500);
      expect((await findApiKey(database.db, 'key-1'))?.last_used_at_us).toBe(1_600);
    });

    it('refuses an unknown scope or no scope at all in the database too', async () => {
      await expect(
        insertApiKey(database.db, apiKeyRecord({ scopes: ['root' as 'read'] })),
      ).rejects.toThrow();
      await expect(
        insertApiKey(database.db, apiKeyRecord({ scopes: [] as never })),
      ).rejects.toThrow();
    });
  },
);
