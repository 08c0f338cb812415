import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.js';
import { expectProblem } from '../test/problems.js';
import { isApiPath } from './site.js';

describe('isApiPath', () => {
  it('knows the API prefixes, and only whole path segments', () => {
    expect(['/api', '/api/v1/x', '/health', '/ready', '/metrics'].every(isApiPath)).toBe(true);
    expect(['/', '/sessions/abc', '/apiary', '/healthy', '/assets/a.js'].some(isApiPath)).toBe(
      false,
    );
  });
});

describe('a static site beside the API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      site: async (c, next) =>
        c.req.path === '/missing.js' ? next() : c.html(`<p>site ${c.req.path}</p>`),
    });
  });
  afterAll(() => h.dispose());

  it('answers GET and HEAD where no route matches, with the security headers', async () => {
    for (const path of ['/', '/sessions/abc', '/api-keys']) {
      const res = await h.app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(`<p>site ${path}</p>`);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    expect((await h.app.request('/', { method: 'HEAD' })).status).toBe(200);
  });

  it('never answers under the API paths: their 404s stay problem documents', async () => {
    await expectProblem(await h.app.request('/api/v1/nothing-here'), 404);
    await expectProblem(await h.app.request('/api'), 404);
    await expectProblem(await h.app.request('/metrics/extra'), 404);
    expect((await h.app.request('/health')).status).toBe(200);
  });

  it('leaves other methods and what it cannot serve to the 404 problem', async () => {
    await expectProblem(await h.app.request('/', { method: 'POST' }), 404);
    await expectProblem(await h.app.request('/missing.js'), 404);
  });

  it('changes nothing when there is no site', async () => {
    const bare = await createHarness();
    try {
      await expectProblem(await bare.app.request('/'), 404);
    } finally {
      await bare.dispose();
    }
  });
});
