import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header a cookie- or proxy-authenticated write must carry. */
export const csrfHeader = 'X-CSRF-Token';

const tokenBytes = 32;

/**
 * CSRF tokens bound to what authenticated the browser. The token is
 * HMAC-SHA256(key, binding), never stored: the server derives it again on
 * every write. For a session the key is the session's own cookie secret, so
 * every instance can check it with no shared secret; for a proxy-authenticated
 * person it is the server's secret and the binding names the person. Each
 * answer masks the token with fresh random bytes (mask + token XOR mask), so
 * no two answers carry the same bytes (BREACH), and all of them verify.
 */
export interface CsrfBinding {
  readonly key: string;
  readonly binding: string;
}

function derive({ key, binding }: CsrfBinding): Buffer {
  return createHmac('sha256', key).update(`hindsight csrf\0${binding}`).digest();
}

/** A fresh masked token for this binding. */
export function csrfToken(binding: CsrfBinding): string {
  const raw = derive(binding);
  const mask = randomBytes(tokenBytes);
  const masked = Buffer.alloc(tokenBytes);
  for (let i = 0; i < tokenBytes; i++) masked[i] = (raw[i] ?? 0) ^ (mask[i] ?? 0);
  return Buffer.concat([mask, masked]).toString('base64url');
}

/** Whether a presented token (any masking of it) belongs to this binding; constant time. */
export function verifyCsrfToken(presented: string | undefined, binding: CsrfBinding): boolean {
  if (!presented || presented.length > 100) return false;
  const bytes = Buffer.from(presented, 'base64url');
  if (bytes.length !== 2 * tokenBytes) return false;
  const unmasked = Buffer.alloc(tokenBytes);
  for (let i = 0; i < tokenBytes; i++) {
    unmasked[i] = (bytes[i] ?? 0) ^ (bytes[i + tokenBytes] ?? 0);
  }
  return timingSafeEqual(unmasked, derive(binding));
}
