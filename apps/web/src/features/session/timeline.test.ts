import { describe, expect, it } from 'vitest';
import { barOf } from './timeline.js';

describe('barOf', () => {
  const span = { start: 1_000_000, end: 11_000_000 };
  it('places a bar by its start and sizes it by its duration', () => {
    expect(barOf(3_500_000, 2_500, span)).toEqual({ left: 25, width: 25 });
  });
  it('keeps a bar inside the span and visible when it is instant', () => {
    const last = barOf(11_000_000, 100, span);
    expect(last.left).toBeCloseTo(99.6);
    expect(last.width).toBeCloseTo(0.4);
    expect(barOf(0, 0, span)).toEqual({ left: 0, width: 0.4 });
  });
});
