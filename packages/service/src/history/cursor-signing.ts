import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeSessionCursor, encodeSessionCursor, type SessionCursor } from '@hindsight/models';
import type { ServiceContext } from '../context.js';

/**
 * The secrets that sign list cursors: `current` signs, and both verify, so a
 * secret can be rotated without breaking the cursors clients hold (set the
 * old one as `previous` for as long as a cursor may live, a few minutes).
 */
export interface CursorSecrets {
  readonly current: string;
  readonly previous?: string;
}

/** A secret for this process only: cursors then do not survive a restart or reach another instance. */
export function generateCursorSecrets(): CursorSecrets {
  return { current: randomBytes(32).toString('base64url') };
}

function signatureOf(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** The wire form of a cursor: `payload.signature` (HMAC-SHA256, base64url). */
export function signCursor(cursor: SessionCursor, secrets: CursorSecrets): string {
  const payload = encodeSessionCursor(cursor);
  return `${payload}.${signatureOf(secrets.current, payload).toString('base64url')}`;
}

/**
 * The cursor a signed token holds, or undefined when its signature is not
 * one of ours (forged, altered, or signed with a secret since retired).
 */
export function openCursor(token: string, secrets: CursorSecrets): SessionCursor | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const candidates = [secrets.current, secrets.previous].filter(
    (secret): secret is string => secret !== undefined,
  );
  const genuine = candidates.some((secret) => {
    const expected = signatureOf(secret, payload);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return genuine ? decodeSessionCursor(payload) : undefined;
}

let processSecrets: CursorSecrets | undefined;

/** The context's cursor secrets, or one generated for this process when none is configured. */
export function cursorSecretsOf(ctx: ServiceContext): CursorSecrets {
  if (ctx.cursorSecrets) return ctx.cursorSecrets;
  processSecrets ??= generateCursorSecrets();
  return processSecrets;
}
