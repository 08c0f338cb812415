import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every generated key starts with this, so a leaked one is easy to recognise and scan for. */
export const apiKeyPrefix = 'hs_';

/** Keys longer than this are refused before any hashing or lookup. */
export const maxApiKeyLength = 512;

/** A new key: the prefix and 32 random bytes (256 bits), base64url. */
export function generateApiKey(): string {
  return `${apiKeyPrefix}${randomBytes(32).toString('base64url')}`;
}

/** A new key id, safe to show and log. */
export function generateApiKeyId(): string {
  return `key_${randomBytes(8).toString('hex')}`;
}

/**
 * What is stored instead of the key: its SHA-256, hex. Keys carry 256 random
 * bits, so a fast hash is enough; a bootstrap key chosen by a person must be
 * long (the server's configuration enforces it).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The start of a key kept for display: enough to tell keys apart, far too little to use. */
export function displayPrefix(key: string): string {
  return key.slice(0, apiKeyPrefix.length + 4);
}
