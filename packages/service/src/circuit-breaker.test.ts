import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { UnavailableError } from './errors.js';

describe('CircuitBreaker', () => {
  function setup(probe: () => Promise<void>) {
    let now = 0;
    const breaker = new CircuitBreaker({ probe, probeIntervalMs: 1000, now: () => now });
    return { breaker, advance: (ms: number) => (now += ms) };
  }

  it('lets calls through while closed', async () => {
    const { breaker } = setup(async () => {
      throw new Error('never probed');
    });
    await expect(breaker.admit()).resolves.toBeUndefined();
    expect(breaker.isOpen).toBe(false);
  });

  it('fails at once while open, probes after the interval, and closes when the probe answers', async () => {
    let up = false;
    let probes = 0;
    const { breaker, advance } = setup(async () => {
      probes += 1;
      if (!up) throw new Error('still down');
    });
    breaker.recordFailure();
    await expect(breaker.admit()).rejects.toBeInstanceOf(UnavailableError);
    expect(probes).toBe(0);
    advance(1000);
    await expect(breaker.admit()).rejects.toBeInstanceOf(UnavailableError);
    expect(probes).toBe(1);
    // A failed probe opens the circuit for another interval.
    await expect(breaker.admit()).rejects.toBeInstanceOf(UnavailableError);
    expect(probes).toBe(1);
    up = true;
    advance(1000);
    await expect(breaker.admit()).resolves.toBeUndefined();
    expect(probes).toBe(2);
    expect(breaker.isOpen).toBe(false);
  });

  it('runs one probe at a time: calls during a probe fail at once', async () => {
    let finish: () => void = () => {};
    const { breaker, advance } = setup(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    breaker.recordFailure();
    advance(1000);
    const probing = breaker.admit();
    await expect(breaker.admit()).rejects.toBeInstanceOf(UnavailableError);
    finish();
    await expect(probing).resolves.toBeUndefined();
  });
});
