import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startIntervalJob } from './interval-job.js';

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
    stop();
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
    stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(2);
  });
});
