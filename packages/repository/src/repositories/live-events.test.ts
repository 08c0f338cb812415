import type { LiveEventDraft } from '@hindsight/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testDrivers } from '../testing/index.js';
import { transaction } from '../transaction.js';
import {
  appendLiveEvents,
  findLiveEventsAfter,
  latestLiveEventId,
  liveNotifyChannel,
  notifyTransientEvents,
  pruneLiveEvents,
  readLiveLog,
  transientNotifications,
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
      expect(page.xmin <= page.xmax).toBe(true);
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
