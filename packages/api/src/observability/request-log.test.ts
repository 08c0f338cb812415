import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness.js';

describe('request logs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.dispose());

  it('write one line per request with method, route pattern, status, duration, request id and principal', async () => {
    const res = await h.app.request('/api/v1/history/sessions/s-1', {
      headers: { ...h.bearer(h.keys.read), 'x-request-id': 'trace-7' },
    });
    const lines = h.logger.lines.filter((l) => l.message === 'request');
    expect(lines).toHaveLength(1);
    const details = lines[0]?.details ?? {};
    expect(details).toMatchObject({
      requestId: 'trace-7',
      method: 'GET',
      route: '/api/v1/history/sessions/:id',
      path: '/api/v1/history/sessions/s-1',
      status: res.status,
    });
    expect(details.duration_ms).toBeTypeOf('number');
    expect(String(details.principal)).toMatch(/^api_key:key_[0-9a-f]{16}$/);
  });

  it('never contain the credentials', async () => {
    await h.app.request('/api/v1/admin/api-keys', { headers: h.bearer(h.keys.admin) });
    await h.app.request('/api/v1/admin/api-keys', { headers: h.bearer('hs_guessed-secret') });
    const text = JSON.stringify(h.logger.lines);
    expect(text).not.toContain(h.keys.admin);
    expect(text).not.toContain('hs_guessed-secret');
    expect(
      h.logger.lines.filter((l) => l.message === 'request').map((l) => l.details.principal),
    ).toEqual([expect.stringMatching(/^api_key:/), null]);
  });
});
