import { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import * as v from 'valibot';
import { docsAsset, docsAssetNames, docsPage } from '../docs/assets.js';
import type { ApiEnv } from '../env.js';
import { documentation } from '../openapi.js';
import { problemContentType } from '../problem.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

const AssetPath = v.object({ file: v.picklist(docsAssetNames) });

export interface DocsRouteDeps extends RouteModuleDeps {
  /** The whole app, whose routes the document describes (known once every route is mounted). */
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema.
  readonly app: () => Hono<any, any, any>;
  readonly version: string;
}

/** Validation errors for routes with validators: the ProblemDetails component, by reference. */
const validationErrorResponse = {
  description: 'Bad Request',
  content: { [problemContentType]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
};

/** The OpenAPI document and its browsable form, mounted at /api/v1. */
export function docsRoutes({ route, app, version }: DocsRouteDeps) {
  let document: Promise<unknown> | undefined;
  const generate = () => {
    document ??= generateSpecs(app(), {
      documentation: documentation(version),
      // Paths such as /openapi.json end in a "file name"; they are routes all the same.
      excludeStaticFile: false,
      defaultValidationErrorResponse: validationErrorResponse,
    });
    document.catch(() => {
      document = undefined;
    });
    return document;
  };

  return new Hono<ApiEnv>()
    .get(
      '/openapi.json',
      route({
        access: 'public',
        summary: 'This OpenAPI 3.1 document',
        tags: ['docs'],
        responses: { 200: { description: 'The OpenAPI document' } },
      }),
      async (c) => c.json((await generate()) as Record<string, unknown>, 200),
    )
    .get(
      '/docs',
      route({
        access: 'public',
        summary: 'Browsable API documentation (Swagger UI)',
        tags: ['docs'],
        responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
      }),
      (c) => c.html(docsPage, 200),
    )
    .get(
      '/docs/assets/:file',
      route({
        access: 'public',
        summary: 'A file of the documentation page',
        tags: ['docs'],
        responses: { 200: { description: 'The file' } },
        problems: [400],
      }),
      validate('param', AssetPath),
      async (c) => {
        const asset = await docsAsset(c.req.valid('param').file);
        return c.body(asset.body, 200, {
          'Content-Type': asset.contentType,
          'Cache-Control': 'public, max-age=86400',
        });
      },
    );
}
