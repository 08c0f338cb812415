import { describe, expect, it } from 'vitest';
import { createDatabase, ping } from './database.js';
import { testDrivers } from './testing/index.js';
import { isDatabaseUnavailable } from './unavailable.js';

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('isDatabaseUnavailable', () => {
  it('recognises a closed PGlite, through drizzle wrapping', async () => {
    const database = await createDatabase('memory://');
    await database.close();
    expect(isDatabaseUnavailable(await failureOf(ping(database.db)))).toBe(true);
  });

  it('recognises a refused PostgreSQL connection', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const database = await createDatabase('postgres://nobody@127.0.0.1:1/none');
    try {
      expect(isDatabaseUnavailable(await failureOf(ping(database.db)))).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('recognises shutdown SQLSTATEs and nested causes, and nothing else', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('bye'), { code: '57P01' }))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('wrapped', { cause: { code: 'CONNECTION_CLOSED' } })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('syntax error'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('a query error on $dialect', (driver) => {
  it('is not mistaken for the database being down', async () => {
    const database = await driver.create();
    try {
      const { sql } = await import('drizzle-orm');
      const error = await failureOf(database.db.execute(sql`select * from no_such_table`));
      expect(isDatabaseUnavailable(error)).toBe(false);
    } finally {
      await database.dispose();
    }
  });
});
