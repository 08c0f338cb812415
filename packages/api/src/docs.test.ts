import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

/** Every URL an HTML page or stylesheet would make a browser load. */
function referencedUrls(text: string): string[] {
  const attributes = [...text.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map(
    (m) => m[1] ?? '',
  );
  const cssUrls = [...text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/gi)].map((m) => m[1] ?? '');
  const imports = [...text.matchAll(/@import\s+["']([^"']+)["']/gi)].map((m) => m[1] ?? '');
  return [...attributes, ...cssUrls, ...imports];
}

const isLocal = (url: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('//');

describe('the docs page at /api/v1/docs', () => {
  it('is HTML that references only URLs of this server, each of which loads', async () => {
    const res = await h.app.request('/api/v1/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    expect(urls.filter((url) => !isLocal(url))).toEqual([]);
    for (const url of urls) {
      const asset = await h.app.request(new URL(url, 'http://hindsight.test/api/v1/docs').pathname);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('max-age');
    }
  });

  it('serves Swagger UI itself, and a stylesheet that loads nothing remote', async () => {
    const bundle = await h.app.request('/api/v1/docs/assets/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    const css = await (await h.app.request('/api/v1/docs/assets/swagger-ui.css')).text();
    expect(referencedUrls(css).filter((url) => !isLocal(url) && !url.startsWith('data:'))).toEqual(
      [],
    );
  });

  it('starts Swagger UI on this server’s document, without the remote validator badge', async () => {
    const init = await (await h.app.request('/api/v1/docs/assets/init.js')).text();
    expect(init).toContain("'openapi.json'");
    expect(init).toContain('validatorUrl: null');
    expect(referencedUrls(init).filter((url) => !isLocal(url))).toEqual([]);
  });

  it('serves no other file', async () => {
    for (const file of ['index.html', '..%2Fpackage.json', 'swagger-ui.js.map']) {
      expect((await h.app.request(`/api/v1/docs/assets/${file}`)).status).toBe(400);
    }
  });

  it('is allowed by the Content-Security-Policy: scripts and styles from this origin only', async () => {
    const csp = (await h.app.request('/api/v1/docs')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
