import { createDatabase, databaseErrorKind } from '@hindsight/repository';
import { executeSql } from '@hindsight/repository/testing';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startIntervalJob } from './interval-job.js';

const postgresUrl = process.env.TEST_DATABASE_URL;

describe('startIntervalJob', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never runs twice at a time: a tick while a run goes on is skipped', async () => {
    let runs = 0;
    const stop = startIntervalJob(
      100,
      async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 250));
      },
      () => {},
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
    // The second run is still sleeping: the stop waits for it.
    const stopped = stop();
    await vi.advanceTimersByTimeAsync(250);
    await stopped;
  });

  it('hands a failure to onError and tries again at the next tick; runs at once when asked', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const stop = startIntervalJob(
      100,
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('down');
      },
      (error) => errors.push(error),
      { immediately: true },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    expect(errors).toEqual([new Error('down')]);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
    await stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(2);
  });

  it('stops: the stop aborts the run in flight and resolves only once it has ended', async () => {
    const errors: unknown[] = [];
    let seen: AbortSignal | undefined;
    const stop = startIntervalJob(
      100,
      async (signal) => {
        seen = signal;
        await new Promise((resolve) => setTimeout(resolve, 300));
        // What a stopped run throws is the stop's doing, not a failure.
        signal.throwIfAborted();
      },
      (error) => errors.push(error),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(seen?.aborted).toBe(false);
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    expect(seen?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(50);
    await stopping;
    expect(stopped).toBe(true);
    expect(errors).toEqual([]);
  });

  it('resolves a stop at once when no run is in flight, and starts none after it', async () => {
    let runs = 0;
    const stop = startIntervalJob(
      100,
      async () => {
        runs += 1;
      },
      () => {},
    );
    await stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(0);
  });
});

// On PostgreSQL the stop cancels the statement a run is waiting on, so that a
// shutdown does not wait for it (nor the run fail when the pool closes under it).
describe.runIf(postgresUrl)('startIntervalJob on PostgreSQL', () => {
  it('cancels the statement in flight when stopped', async () => {
    const database = await createDatabase(postgresUrl ?? '');
    try {
      const errors: unknown[] = [];
      let failure: unknown;
      let started!: () => void;
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      const stop = startIntervalJob(
        60_000,
        async () => {
          started();
          try {
            // Far longer than the test's timeout: only a cancel ends it in time.
            await database.db.execute(sql`select pg_sleep(600)`);
          } catch (error) {
            failure = error;
            throw error;
          }
        },
        (error) => errors.push(error),
        { immediately: true },
      );
      await running;
      await vi.waitFor(async () => {
        const rows = await executeSql(
          database.db,
          "select 1 from pg_stat_activity where query = 'select pg_sleep(600)' and state = 'active'",
        );
        expect(rows).toHaveLength(1);
      });
      await stop();
      expect(databaseErrorKind(failure)).toBe('cancelled');
      expect(errors).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
