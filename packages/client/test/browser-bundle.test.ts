// The client must bundle for a browser: nothing of the server may come along.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('a browser bundle of @hindsight/client', () => {
  it('builds, and holds no PGlite, drizzle, prom-client or node built-in', async () => {
    const result = await build({
      stdin: {
        contents: `import { createClient, unwrap } from ${JSON.stringify(entry)};
          const client = createClient(location.origin, { credentials: 'include' });
          unwrap(client.api.v1.history.sessions.$get({ query: {} })).then(console.log);`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      conditions: ['@hindsight/source'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    const forbidden =
      /pglite|drizzle|prom-client|postgres|@hindsight\/(api|service|repository)|node:/;
    expect(inputs.filter((path) => forbidden.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes('hono/dist/client'))).toBe(true);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/pglite|drizzle|prom-client/i);
    expect(code.length).toBeLessThan(64 * 1024);
  });
});
