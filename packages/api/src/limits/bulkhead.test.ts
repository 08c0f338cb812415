import { describe, expect, it } from 'vitest';
import { Bulkhead } from './bulkhead.js';

describe('Bulkhead', () => {
  it('admits up to its concurrency, queues up to its queue, and refuses the rest at once', async () => {
    const bulkhead = new Bulkhead({ concurrency: 2, queue: 1 }, 60_000);
    const first = await bulkhead.acquire();
    const second = await bulkhead.acquire();
    expect(typeof first).toBe('function');
    expect(typeof second).toBe('function');
    const queued = bulkhead.acquire();
    expect(await bulkhead.acquire()).toBe('full');
    expect(bulkhead.inFlight).toBe(2);
    expect(bulkhead.queued).toBe(1);
    if (typeof first === 'function') first();
    const third = await queued;
    expect(typeof third).toBe('function');
    expect(bulkhead.inFlight).toBe(2);
    if (typeof second === 'function') second();
    if (typeof third === 'function') third();
    expect(bulkhead.inFlight).toBe(0);
  });

  it('refuses a queued request whose wait is over, or whose client went away', async () => {
    const bulkhead = new Bulkhead({ concurrency: 1, queue: 2 }, 10);
    const held = await bulkhead.acquire();
    expect(await bulkhead.acquire()).toBe('waited');
    const gone = new AbortController();
    const leaving = new Bulkhead({ concurrency: 1, queue: 2 }, 60_000);
    await leaving.acquire();
    const waiting = leaving.acquire(gone.signal);
    gone.abort();
    expect(await waiting).toBe('waited');
    expect(leaving.queued).toBe(0);
    if (typeof held === 'function') held();
  });

  it('counts a release once, however often it is called', async () => {
    const bulkhead = new Bulkhead({ concurrency: 1, queue: 0 }, 10);
    const release = await bulkhead.acquire();
    if (typeof release === 'function') {
      release();
      release();
    }
    expect(bulkhead.inFlight).toBe(0);
  });
});
