import { describe, expect, it } from 'vitest';
import { csrfToken, verifyCsrfToken } from './csrf.js';

const binding = { key: 'the-session-cookie-secret', binding: 'session:bs_1' };

describe('CSRF tokens', () => {
  it('verify for their binding, masked differently each time', () => {
    const a = csrfToken(binding);
    const b = csrfToken(binding);
    expect(a).not.toBe(b);
    expect(verifyCsrfToken(a, binding)).toBe(true);
    expect(verifyCsrfToken(b, binding)).toBe(true);
  });

  it('refuse another binding, another key, a changed byte, and garbage', () => {
    const token = csrfToken(binding);
    expect(verifyCsrfToken(token, { ...binding, binding: 'session:bs_2' })).toBe(false);
    expect(verifyCsrfToken(token, { ...binding, key: 'another-secret' })).toBe(false);
    const bytes = Buffer.from(token, 'base64url');
    bytes[40] = (bytes[40] ?? 0) ^ 1;
    expect(verifyCsrfToken(bytes.toString('base64url'), binding)).toBe(false);
    for (const bad of [undefined, '', 'x', 'a'.repeat(500), token.slice(0, -4)]) {
      expect(verifyCsrfToken(bad, binding)).toBe(false);
    }
  });
});
