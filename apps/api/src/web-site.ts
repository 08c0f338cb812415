import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiEnv } from '@hindsight/api';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

/**
 * Where the dashboard's build is: copied into dist/web by the server's build
 * (what the production bundle ships), or apps/web/dist in the workspace
 * (`pnpm dev` runs the server from src/).
 */
export const defaultWebDirs = [
  fileURLToPath(new URL('./web/', import.meta.url)),
  fileURLToPath(new URL('../../web/dist/', import.meta.url)),
];

/** Vite names files under assets/ by their content hash: a new build means a new name. */
const immutable = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files, so a browser must revalidate it every time. */
const revalidate = 'no-cache';

function wantsHtml(accept: string | undefined): boolean {
  return accept === undefined || accept.includes('text/html') || accept.includes('*/*');
}

/**
 * Serves the dashboard's built files: hashed assets cached for a year,
 * index.html never without revalidation, precompressed copies when the
 * browser takes them, and index.html for any other page a browser asks for
 * (the app's own routes, e.g. /sessions/abc), which then routes itself.
 */
export function webSite(root: string): MiddlewareHandler<ApiEnv> {
  const files = serveStatic<ApiEnv>({ root, precompressed: true });
  const index = serveStatic<ApiEnv>({ root, path: 'index.html', precompressed: true });
  const withCaching = (res: Response, path: string) => {
    res.headers.set(
      'Cache-Control',
      path.startsWith('/assets/') && !path.endsWith('.html') ? immutable : revalidate,
    );
    return res;
  };
  return async (c, next) => {
    let missing = false;
    const found = await files(c, async () => {
      missing = true;
    });
    if (!missing && found) return withCaching(found, c.req.path);
    // A missing asset is a 404, not the app: a stale tab asking for an old chunk must see it fail.
    if (c.req.path.startsWith('/assets/') || !wantsHtml(c.req.header('accept'))) return next();
    let noIndex = false;
    const page = await index(c, async () => {
      noIndex = true;
    });
    if (noIndex || !page) return next();
    return withCaching(page, '/index.html');
  };
}

/** The site of the first directory that holds a build, or the directories looked at. */
export function findWebSite(
  dirs: readonly string[],
): { site: MiddlewareHandler<ApiEnv>; dir: string } | { missing: string } {
  const dir = dirs.find((d) => existsSync(join(d, 'index.html')));
  if (dir === undefined) return { missing: dirs.join(', ') };
  return { site: webSite(dir), dir };
}
