import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  compactLeadingHoles,
  currentAbortSignal,
  detachedFromRequest,
  isStrayCancellation,
  withAbortSignal,
} from './cancellation.js';
import { createDatabase } from './database.js';
import { databaseErrorKind } from './errors.js';

const url = process.env.TEST_DATABASE_URL;

describe('compactLeadingHoles', () => {
  it('moves the rows of a result that starts with empty slots to the front', () => {
    const result: unknown[] = [];
    result[2] = ['a'];
    result[3] = ['b'];
    compactLeadingHoles(result);
    expect(result).toEqual([['a'], ['b']]);
    const whole = [{ a: 1 }];
    compactLeadingHoles(whole);
    expect(whole).toEqual([{ a: 1 }]);
  });
});

describe.skipIf(!url)('statement bounds on PostgreSQL', () => {
  it('reads every row of a statement that follows one that failed midway through its rows', async () => {
    // postgres.js 3.4 keeps the failed statement's row count: the next statement's rows
    // would start at that index, its first row reading as missing.
    const database = await createDatabase(url ?? '', { maxConnections: 1 });
    try {
      const failed = await database.db
        .execute(sql`select 1 / (x - 3) as q from generate_series(1, 4) x`)
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      const rows = await database.db.execute(sql`select 7 as answer`);
      expect([...(rows as unknown as Array<{ answer: number }>)]).toEqual([{ answer: 7 }]);
    } finally {
      await database.close();
    }
  });

  it('cancels a statement that runs past the statement timeout', async () => {
    const database = await createDatabase(url ?? '', { statementTimeoutMs: 50 });
    try {
      const error = await database.db.execute(sql`select pg_sleep(30)`).catch((e: unknown) => e);
      expect(databaseErrorKind(error)).toBe('cancelled');
      // It would time out again: not a cancel that was meant for another statement.
      expect(isStrayCancellation(error)).toBe(false);
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

  it('leaves a fresh pool usable when a signal aborts before its connection is open', async () => {
    // postgres.js 3.4 leaves a connection busy for good when a query waiting for it
    // to open is cancelled: the next statement on it would never answer.
    const database = await createDatabase(url ?? '', { maxConnections: 1 });
    try {
      const controller = new AbortController();
      const first = withAbortSignal(controller.signal, async () => {
        const pending = database.db.execute(sql`select pg_sleep(0.05)`);
        queueMicrotask(() => controller.abort());
        return await pending;
      }).catch((e: unknown) => e);
      const outcome = await first;
      if (outcome instanceof Error) expect(databaseErrorKind(outcome)).toBe('cancelled');
      const rows = await database.db.execute(sql`select 2 as answer`);
      expect((rows as unknown as Array<{ answer: number }>)[0]?.answer).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('runs a statement sent after its signal aborted (work that outlived its request) to its end', async () => {
    const database = await createDatabase(url ?? '');
    try {
      const request = new AbortController();
      request.abort();
      // A loop or timer a request started, going on after it: its statements are not the
      // request's own, and a cancel sent as one starts may reach the next on its connection.
      const rows = await withAbortSignal(request.signal, () =>
        database.db.execute(sql`select pg_sleep(0.05), 3 as answer`),
      );
      expect((rows as unknown as Array<{ answer: number }>)[0]?.answer).toBe(3);
    } finally {
      await database.close();
    }
  });

  it('leaves the statements of work detached from a request running when the request ends', async () => {
    const database = await createDatabase(url ?? '');
    try {
      const request = new AbortController();
      const detached = withAbortSignal(request.signal, async () =>
        // Awaited inside: drizzle sends a statement when it is awaited, not when it is built.
        detachedFromRequest(async () => {
          expect(currentAbortSignal()).toBeUndefined();
          return await database.db.execute(sql`select pg_sleep(0.3), 4 as answer`);
        }),
      );
      for (;;) {
        const rows = await database.pools.read.execute(
          sql`select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(0.3)%' and state = 'active' and datname = current_database()`,
        );
        if ((rows as unknown as Array<{ n: number }>)[0]?.n === 1) break;
      }
      request.abort();
      const rows = await detached;
      expect((rows as unknown as Array<{ answer: number }>)[0]?.answer).toBe(4);
    } finally {
      await database.close();
    }
  });

  it("tells a cancel that reached a statement it was not meant for from the statement's own", async () => {
    const database = await createDatabase(url ?? '');
    try {
      // No signal of its own: the cancel comes from elsewhere (another request's, late).
      const victim = database.db.execute(sql`select pg_sleep(30)`).catch((e: unknown) => e);
      for (;;) {
        const rows = await database.pools.read.execute(
          sql`select pg_cancel_backend(pid) as sent from pg_stat_activity
            where query like 'select pg_sleep(30)%' and state = 'active' and datname = current_database()`,
        );
        if ((rows as unknown as Array<{ sent: boolean }>).length > 0) break;
      }
      const error = await victim;
      expect(databaseErrorKind(error)).toBe('cancelled');
      expect(isStrayCancellation(error)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
