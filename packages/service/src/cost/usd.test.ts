import { describe, expect, it } from 'vitest';
import { costOf, fromUsd, perMtokPico, toUsd } from './usd.js';

describe('exact dollar amounts', () => {
  it('holds catalogue prices exactly, where floats would not', () => {
    expect(perMtokPico(2.5)).toBe(2_500_000_000_000n);
    expect(perMtokPico(0.075)).toBe(75_000_000_000n);
    // 0.1 + 0.2 is 0.30000000000000004 as floats; as prices they add exactly.
    expect(perMtokPico(0.1) + perMtokPico(0.2)).toBe(perMtokPico(0.3));
    expect(() => perMtokPico(-1)).toThrow(RangeError);
    expect(() => perMtokPico(Number.NaN)).toThrow(RangeError);
  });

  it('prices tokens and writes 12 decimals at most, rounded half up', () => {
    expect(toUsd(costOf(1_000_000, perMtokPico(2.5)))).toBe('2.5');
    expect(toUsd(costOf(7, perMtokPico(0.075)))).toBe('0.000000525');
    expect(toUsd(costOf(0, perMtokPico(10)))).toBe('0');
    // One token at 0.0000015 $/Mtok is 1.5e-12 $: half a stored unit rounds up.
    expect(toUsd(costOf(1, perMtokPico(0.0000015)))).toBe('0.000000000002');
    expect(toUsd(costOf(1, perMtokPico(0.0000014)))).toBe('0.000000000001');
  });

  it('reads stored amounts back exactly', () => {
    for (const usd of ['0', '3.25', '0.000000000001', '123456.789']) {
      expect(toUsd(fromUsd(usd))).toBe(usd);
    }
  });
});
