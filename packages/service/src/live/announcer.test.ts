import {
  currentAbortSignal,
  type Db,
  liveNotifyChannel,
  withAbortSignal,
} from '@hindsight/repository';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveAnnouncer } from './announcer.js';

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'the live announcer on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
    });
    afterEach(() => database.dispose());

    it('sends one wake-up for a burst of commits, and one more for those during it', async () => {
      const payloads: string[] = [];
      let sentinelSeen: () => void = () => {};
      const sentinel = new Promise<void>((resolve) => {
        sentinelSeen = resolve;
      });
      const unlisten = await database.listen(liveNotifyChannel, {
        onNotify: (payload) => {
          if (payload === 'end') sentinelSeen();
          else payloads.push(payload);
        },
      });
      const announcer = new LiveAnnouncer(database.db);
      for (let i = 0; i < 10; i += 1) announcer.announce();
      await announcer.settled();
      // Notifications arrive in commit order: once the sentinel is in, every wake-up is.
      await database.db.execute(`select pg_notify('${liveNotifyChannel}', 'end')`);
      await sentinel;
      expect(payloads).toEqual(['', '']);
      await unlisten();
    });
  },
);

describe('the live announcer with the database away', () => {
  it('swallows the failure (the readers poll) and sends again when asked', async () => {
    let calls = 0;
    const away = {
      execute: () => {
        calls += 1;
        return Promise.reject(new Error('connection refused'));
      },
    } as unknown as Db;
    const announcer = new LiveAnnouncer(away);
    announcer.announce();
    await expect(announcer.settled()).resolves.toBeUndefined();
    announcer.announce();
    await announcer.settled();
    expect(calls).toBe(2);
  });

  it('sends outside the request that asked, so that its end cancels no wake-up', async () => {
    // The loop goes on for commits of later requests: tied to the first one's signal, its
    // statements would be cancelled when that request ends, and the cancel may reach
    // whatever the connection runs next.
    const signals: Array<AbortSignal | undefined> = [];
    const recording = {
      execute: async () => {
        signals.push(currentAbortSignal());
        return [];
      },
    } as unknown as Db;
    const announcer = new LiveAnnouncer(recording);
    const request = new AbortController();
    await withAbortSignal(request.signal, async () => {
      announcer.announce();
      announcer.announce();
    });
    request.abort();
    await announcer.settled();
    expect(signals).toEqual([undefined, undefined]);
  });
});
