import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter in memory', () => {
  it('counts each key and budget on its own, and refuses past the limit', async () => {
    const limit = createRateLimiter({ perMinute: { ingest: 3, read: 1 } });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limit('ingest', 'a'));
    expect(decisions.map((d) => d?.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d?.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]?.resetSeconds).toBeGreaterThan(0);
    expect(decisions[3]?.resetSeconds).toBeLessThanOrEqual(60);
    expect((await limit('ingest', 'b'))?.allowed).toBe(true);
    expect((await limit('read', 'a'))?.allowed).toBe(true);
    expect((await limit('read', 'a'))?.allowed).toBe(false);
  });

  it('has no limit for a budget of 0', async () => {
    const limit = createRateLimiter({ perMinute: { ingest: 0, read: 1 } });
    expect(await limit('ingest', 'a')).toBeNull();
  });
});
