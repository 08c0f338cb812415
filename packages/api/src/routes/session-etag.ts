import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

/**
 * SHA-1 of each chunk hono hands over, in node's hasher. hono's default is
 * WebCrypto: on a 418 kB body (a session detail of 200 interactions is 415
 * kB) it added 5.9 ms to a request's p50 against 0.14 ms here (300 requests
 * of each, alternated, through `app.request`). The digest is the same SHA-1,
 * so every ETag a client holds stays valid (session-etag.test.ts).
 */
function sha1(body: Uint8Array): ArrayBuffer {
  const digest = createHash('sha1').update(body).digest();
  return digest.buffer.slice(
    digest.byteOffset,
    digest.byteOffset + digest.byteLength,
  ) as ArrayBuffer;
}

/** hono's strong ETag middleware (If-None-Match gives 304), hashing with node's SHA-1. */
export function sessionEtag(): MiddlewareHandler {
  return etag({ generateDigest: sha1 });
}
