import type { LiveEventDraft } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../migrate.js';
import { type TestDatabase, testDrivers } from '../testing/index.js';
import { transaction } from '../transaction.js';
import {
  appendLiveEvents,
  findLiveEventsAfter,
  findOpenTransactions,
  latestLiveEventId,
  liveNotifyChannel,
  notifyTransientEvents,
  pruneLiveEvents,
  readLiveLog,
  transientNotifications,
  widenXid,
} from './live-events.js';

function draft(channel: string, type: string, created_at_us = 1_000): LiveEventDraft {
  return { channel, session_id: 's1', type, payload: { n: type }, created_at_us };
}

/** Resolves with the next notification on the live channel that `accept` takes. */
function nextNotification(
  database: TestDatabase,
  accept: (payload: string) => boolean = () => true,
): Promise<{ payload: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    let stop: (() => Promise<void>) | undefined;
    database
      .listen(liveNotifyChannel, {
        onNotify: (payload) => {
          if (accept(payload) && stop) resolve({ payload, stop });
        },
      })
      .then((unlisten) => {
        stop = unlisten;
      })
      .catch(reject);
  });
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'live event log on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
    });
    afterEach(() => database.dispose());

    it('appends events in order with increasing ids, and reads them back after an id', async () => {
      await transaction(database.db, (tx) =>
        appendLiveEvents(tx, [
          draft('sessions', 'a'),
          draft('session:s1', 'b'),
          draft('sessions', 'c'),
        ]),
      );
      const page = await readLiveLog(database.db, 0, 10);
      expect(page.events.map((e) => [e.channel, e.type])).toEqual([
        ['sessions', 'a'],
        ['session:s1', 'b'],
        ['sessions', 'c'],
      ]);
      const ids = page.events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect((await readLiveLog(database.db, ids[0] ?? 0, 1)).events.map((e) => e.type)).toEqual([
        'b',
      ]);
      expect(await latestLiveEventId(database.db)).toBe(ids[2]);
      expect(page.events[0]).toMatchObject({
        session_id: 's1',
        payload: { n: 'a' },
        created_at_us: 1_000,
      });
    });

    it('writes nothing when the transaction rolls back', async () => {
      await expect(
        transaction(database.db, async (tx) => {
          await appendLiveEvents(tx, [draft('sessions', 'a')]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect((await readLiveLog(database.db, 0, 10)).events).toEqual([]);
    });

    it('finds one channel after an id, up to a bound', async () => {
      await appendLiveEvents(database.db, [
        draft('sessions', 'a'),
        draft('session:s1', 'b'),
        draft('sessions', 'c'),
        draft('sessions', 'd'),
      ]);
      const all = (await readLiveLog(database.db, 0, 10)).events;
      const first = all[0]?.id ?? 0;
      const until = all[2]?.id ?? 0;
      const found = await findLiveEventsAfter(database.db, {
        channel: 'sessions',
        afterId: 0,
        untilId: until,
        limit: 10,
      });
      expect(found.map((e) => e.type)).toEqual(['a', 'c']);
      const after = await findLiveEventsAfter(database.db, {
        channel: 'sessions',
        afterId: first,
        untilId: Number.MAX_SAFE_INTEGER,
        limit: 1,
      });
      expect(after.map((e) => e.type)).toEqual(['c']);
    });

    it('prunes events created before a time', async () => {
      await appendLiveEvents(database.db, [
        draft('sessions', 'old', 10),
        draft('sessions', 'new', 20),
      ]);
      expect(await pruneLiveEvents(database.db, 15)).toBe(1);
      expect((await readLiveLog(database.db, 0, 10)).events.map((e) => e.type)).toEqual(['new']);
    });

    it('prunes in batches until a batch comes back short', async () => {
      await appendLiveEvents(database.db, [
        ...['a', 'b', 'c', 'd', 'e'].map((type) => draft('sessions', type, 10)),
        draft('sessions', 'new', 20),
      ]);
      expect(await pruneLiveEvents(database.db, 15, 2)).toBe(5);
      expect(await pruneLiveEvents(database.db, 15, 2)).toBe(0);
      expect((await readLiveLog(database.db, 0, 10)).events.map((e) => e.type)).toEqual(['new']);
    });

    it('notifies listeners when a transaction with events commits', async () => {
      const heard = nextNotification(database, (p) => p === '');
      // Wait until listening has started: a notification sent before would be missed.
      await new Promise<void>((resolve) => {
        void database
          .listen(liveNotifyChannel, { onNotify: () => {}, onListen: resolve })
          .then((u) => u());
      });
      await transaction(database.db, (tx) => appendLiveEvents(tx, [draft('sessions', 'a')]));
      const { payload, stop } = await heard;
      expect(payload).toBe('');
      await stop();
    });

    it('carries transient events in notifications, split when large', async () => {
      const chunk = `${'é'.repeat(5_000)}😀${'x'.repeat(5_000)}`;
      const event = {
        channel: 'session:s1',
        session_id: 's1',
        type: 'llm.stream.chunk',
        payload: { chunk },
        created_at_us: 5,
      };
      const parts = transientNotifications(event, 'k1');
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThan(8_000);
      const joined = parts
        .map((p) => p.slice(p.indexOf(' ', p.indexOf(' ', p.indexOf(' ') + 1) + 1) + 1))
        .join('');
      expect(JSON.parse(joined)).toEqual(event);
      const heard = nextNotification(database, (p) => p.startsWith('T'));
      await new Promise<void>((resolve) => {
        void database
          .listen(liveNotifyChannel, { onNotify: () => {}, onListen: resolve })
          .then((u) => u());
      });
      await notifyTransientEvents(
        database.db,
        [{ ...event, payload: { chunk: 'short' } }],
        () => 'k2',
      );
      const { payload, stop } = await heard;
      expect(JSON.parse(payload.slice(1))).toMatchObject({ payload: { chunk: 'short' } });
      await stop();
    });
  },
);

/** Two holders of the open transactions a reader may see: this database and a neighbour. */
describe.each(testDrivers(process.env.TEST_DATABASE_URL).filter((d) => d.dialect === 'postgres'))(
  'transactions in flight at a live log read on $dialect',
  (driver) => {
    let here: TestDatabase;
    let neighbour: TestDatabase;
    beforeEach(async () => {
      [here, neighbour] = await Promise.all([driver.create(), driver.create()]);
    });
    afterEach(() => Promise.all([here.dispose(), neighbour.dispose()]));

    /** Runs `body` while a transaction with an id stays open on `database`; gives that id. */
    async function whileOpen(
      database: TestDatabase,
      body: (xid: bigint) => Promise<void>,
    ): Promise<void> {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let opened: (xid: bigint) => void = () => {};
      const xid = new Promise<bigint>((resolve) => {
        opened = resolve;
      });
      const open = transaction(database.db, async (tx) => {
        const result = await tx.execute<{ xid: string }>(
          sql`select pg_current_xact_id()::text as xid`,
        );
        opened(BigInt(rowsOf<{ xid: string }>(result)[0]?.xid ?? '0'));
        await held;
      });
      try {
        await body(await xid);
      } finally {
        release();
        await open;
      }
    }

    it("tells this database's open transactions from a neighbour's", async () => {
      let mine = 0n;
      await whileOpen(here, async (xid) => {
        mine = xid;
        await whileOpen(neighbour, async (theirs) => {
          const page = await readLiveLog(here.db, 0, 10);
          // Below the snapshot's xmax it is listed in flight; at or above, counted by xmax.
          expect(page.inFlight.has(mine) || mine >= page.xmax).toBe(true);
          const open = await findOpenTransactions(here.db, page.xmax);
          expect(open.here.has(mine)).toBe(true);
          expect(open.elsewhere.has(mine)).toBe(false);
          expect(open.elsewhere.has(theirs)).toBe(true);
          expect(open.here.has(theirs)).toBe(false);
        });
      });
      const after = await readLiveLog(here.db, 0, 10);
      expect(after.inFlight.has(mine) || mine >= after.xmax).toBe(false);
      expect((await findOpenTransactions(here.db, after.xmax)).here.has(mine)).toBe(false);
    });

    it('reads only the ids when asked', async () => {
      await transaction(here.db, (tx) => appendLiveEvents(tx, [draft('sessions', 'a')]));
      const page = await readLiveLog(here.db, 0, 10, { idsOnly: true });
      expect(page.events).toHaveLength(1);
      expect(page.events[0]?.id).toBeGreaterThan(0);
      expect(page.events[0]?.payload).toEqual({});
    });
  },
);

describe('widenXid', () => {
  const span = 2n ** 32n;
  it('puts a 32-bit xid in the epoch of the snapshot it runs near', () => {
    expect(widenXid(927, 930n)).toBe(927n);
    expect(widenXid(5, 3n * span + 10n)).toBe(3n * span + 5n);
  });
  it('crosses an epoch boundary either way', () => {
    // Just before a wrap: an xid that already wrapped belongs to the next epoch.
    expect(widenXid(3, 2n * span - 2n)).toBe(2n * span + 3n);
    // Just after a wrap: an xid from before it belongs to the previous epoch.
    expect(widenXid(4_294_967_290, 2n * span + 4n)).toBe(2n * span - 6n);
  });
});
