import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('pins the sequence, so that a seed means the same data on every machine', () => {
    const random = createRandom(1);
    expect([
      random.int(0, 1_000_000),
      random.int(0, 1_000_000),
      random.uuid(),
    ]).toMatchInlineSnapshot(`
      [
        425650,
        790422,
        "862c38f0-f747-4f1b-ac03-dbfdcec24267",
      ]
    `);
  });

  it('stays within its ranges and is roughly uniform', () => {
    const random = createRandom(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i += 1) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      const n = random.int(0, 3);
      counts[n] = (counts[n] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('makes version 4 UUIDs and honours weights', () => {
    const random = createRandom(3);
    for (let i = 0; i < 100; i += 1) {
      expect(random.uuid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    const picks = Array.from({ length: 1000 }, () =>
      random.weighted([
        ['never', 0],
        ['always', 1],
      ] as const),
    );
    expect(new Set(picks)).toEqual(new Set(['always']));
    expect(() => random.pick([])).toThrow();
  });
});
