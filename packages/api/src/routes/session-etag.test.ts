import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { describe, expect, it } from 'vitest';
import { sessionEtag } from './session-etag.js';

// The body spans several of hono's 256 KiB digest chunks, as a large session does.
const body = {
  items: Array.from({ length: 20_000 }, (_, i) => ({ i, text: `call ${i} of a long run` })),
};

describe('sessionEtag', () => {
  it('gives the ETag hono gives by default, and 304 for it', async () => {
    const ours = new Hono().get('/', sessionEtag(), (c) => c.json(body));
    const theirs = new Hono().get('/', etag(), (c) => c.json(body));
    const tag = (await ours.request('/')).headers.get('etag');
    expect(JSON.stringify(body).length).toBeGreaterThan(2 * 262_144);
    expect(tag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(tag).toBe((await theirs.request('/')).headers.get('etag'));
    const cached = await ours.request('/', { headers: { 'If-None-Match': tag ?? '' } });
    expect(cached.status).toBe(304);
  });
});
