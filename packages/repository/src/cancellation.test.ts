import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withAbortSignal } from './cancellation.js';
import { createDatabase } from './database.js';
import { databaseErrorKind } from './errors.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('statement bounds on PostgreSQL', () => {
  it('cancels a statement that runs past the statement timeout', async () => {
    const database = await createDatabase(url ?? '', { statementTimeoutMs: 50 });
    try {
      const error = await database.db.execute(sql`select pg_sleep(30)`).catch((e: unknown) => e);
      expect(databaseErrorKind(error)).toBe('cancelled');
    } finally {
      await database.close();
    }
  });

  it('cancels the statements of a signal that aborts, in and out of transactions, and no others', async () => {
    const database = await createDatabase(url ?? '');
    try {
      const controller = new AbortController();
      const running = withAbortSignal(controller.signal, () =>
        Promise.allSettled([
          database.db.execute(sql`select pg_sleep(30)`),
          database.db.transaction((tx) => tx.execute(sql`select pg_sleep(30)`)),
        ]),
      );
      // Both statements are on the server before the signal aborts.
      for (;;) {
        const rows = await database.pools.read.execute(
          sql`select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(30)%' and state = 'active' and datname = current_database()`,
        );
        if ((rows as unknown as Array<{ n: number }>)[0]?.n === 2) break;
      }
      controller.abort();
      const [plain, inTransaction] = await running;
      for (const outcome of [plain, inTransaction]) {
        expect(outcome?.status).toBe('rejected');
        if (outcome?.status === 'rejected')
          expect(databaseErrorKind(outcome.reason)).toBe('cancelled');
      }
      // A statement after the abort, outside the signal's scope, runs as usual.
      await expect(database.db.execute(sql`select 1`)).resolves.toBeDefined();
    } finally {
      await database.close();
    }
  });
});
