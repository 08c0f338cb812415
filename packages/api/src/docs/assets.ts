import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Swagger UI files the docs page loads, all served by this server (no CDN). */
const swaggerFiles = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
} as const;

/**
 * Starts Swagger UI on the document next to the page. A file rather than an
 * inline script, so the Content-Security-Policy can forbid inline scripts.
 * The validator badge is off: it would send the document to a remote service.
 */
const initScript = `window.ui = SwaggerUIBundle({
  url: new URL('openapi.json', window.location.href).pathname,
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
});
`;

export const docsAssetNames = [
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
  'init.js',
] as const satisfies ReadonlyArray<keyof typeof swaggerFiles | 'init.js'>;
export type DocsAssetName = (typeof docsAssetNames)[number];

export interface DocsAsset {
  readonly body: Uint8Array<ArrayBuffer> | string;
  readonly contentType: string;
}

const cache = new Map<DocsAssetName, Promise<DocsAsset>>();

/** One asset of the docs page, read from swagger-ui-dist once and kept in memory. */
export function docsAsset(name: DocsAssetName): Promise<DocsAsset> {
  let asset = cache.get(name);
  if (!asset) {
    asset =
      name === 'init.js'
        ? Promise.resolve({ body: initScript, contentType: 'text/javascript; charset=utf-8' })
        : readFile(require.resolve(`swagger-ui-dist/${name}`)).then((body) => ({
            body: new Uint8Array(body),
            contentType: swaggerFiles[name],
          }));
    cache.set(name, asset);
    asset.catch(() => cache.delete(name));
  }
  return asset;
}

/** The docs page. Relative URLs: it works under any mount point and references nothing remote. */
export const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Hindsight API</title>
    <link rel="stylesheet" href="docs/assets/swagger-ui.css">
    <link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="docs/assets/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/assets/swagger-ui-bundle.js"></script>
    <script src="docs/assets/init.js"></script>
  </body>
</html>
`;
