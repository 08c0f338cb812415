import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatOffset,
  formatRelative,
  formatStatus,
  formatTimestamp,
  formatTokens,
  formatUsd,
} from './format.js';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [-1, '—'],
    [0, '0 ms'],
    [850, '850 ms'],
    [4_200, '4.2 s'],
    [42_000, '42 s'],
    [185_000, '3m 05s'],
    [7_440_000, '2h 04m'],
    [3 * 86_400_000 + 3_600_000, '3d 01h'],
  ])('%s ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatTokens', () => {
  it.each([
    [undefined, '—'],
    [950, '950'],
    [1_000, '1k'],
    [1_234, '1.23k'],
    [12_400, '12.4k'],
    [3_100_000, '3.1M'],
    [45_000_000, '45M'],
  ])('%s tokens is %s', (tokens, text) => {
    expect(formatTokens(tokens)).toBe(text);
  });
});

describe('formatUsd', () => {
  it('writes dollars to the cent above one, to four decimals below, and a dash for none', () => {
    expect(formatUsd('12.345')).toBe('$12.35');
    expect(formatUsd('0.00725')).toBe('$0.0073');
    expect(formatUsd('0.5')).toBe('$0.5');
    expect(formatUsd('0.00000001')).toBe('<$0.0001');
    expect(formatUsd('0')).toBe('$0');
    expect(formatUsd(null)).toBe('—');
  });
});

describe('formatTimestamp and friends', () => {
  it('writes microseconds as a UTC date and time', () => {
    expect(formatTimestamp(Date.UTC(2026, 11, 1, 21, 30, 5) * 1000, 'UTC')).toBe(
      '2026-12-01 21:30:05',
    );
    expect(formatTimestamp(null)).toBe('—');
  });

  it('says how long ago, and the offset from the session start', () => {
    const now = 1_000_000_000_000_000;
    expect(formatRelative(now - 10_000_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000_000, now)).toBe('5 min ago');
    expect(formatRelative(now - 3 * 3_600_000_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 72 * 3_600_000_000, now)).toBe('3 d ago');
    expect(formatOffset(now + 1_250_000, now)).toBe('+1.250 s');
  });

  it('groups counts and spells statuses', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatStatus('in_progress')).toBe('in progress');
  });
});
