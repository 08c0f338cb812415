import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.js';
import { registeredRoutes } from './declared-routes.js';

interface Operation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  parameters?: Array<{ in: string; name: string }>;
  'x-required-scope'?: string;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let h: Harness;
let doc: Document;
beforeAll(async () => {
  h = await createHarness();
  const res = await h.app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Document;
});
afterAll(() => h.dispose());

/** `/sessions/:id` in Hono is `/sessions/{id}` in OpenAPI. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(doc) as unknown as Parameters<Validator['validate']>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('would be refused by the validator if it were broken (the check can fail)', async () => {
    const broken = structuredClone(doc) as unknown as Document;
    const op = broken.paths['/health']?.get as unknown as { responses: Record<string, unknown> };
    op.responses['200'] = { content: 'not an object' };
    expect(
      (await new Validator().validate(broken as unknown as Parameters<Validator['validate']>[0]))
        .valid,
    ).toBe(false);
  });

  it('describes every registered route, and nothing else', () => {
    const routes = registeredRoutes(h.app).map(
      (r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`,
    );
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.sort());
  });

  it('declares the security of each operation from its access, with 401/403/429/503 problems', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'jwt']);
    for (const { method, path, declaration } of registeredRoutes(h.app)) {
      const op = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      expect(op, `${method} ${path}`).toBeDefined();
      if (!op || !declaration) continue;
      if (declaration.access === 'public') {
        expect(op.security).toEqual([]);
      } else {
        expect(op.security).toEqual([
          { apiKey: [declaration.access] },
          { jwt: [declaration.access] },
        ]);
        expect(op['x-required-scope']).toBe(declaration.access);
        for (const status of ['401', '403', '429', '503'])
          expect(Object.keys(op.responses)).toContain(status);
      }
    }
  });

  it('describes every error answer as problem details, by reference to one schema', () => {
    expect(doc.components.schemas).toHaveProperty('ProblemDetails');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses), `${method} ${path}`).toContain('500');
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          expect(
            response.content?.['application/problem+json']?.schema?.$ref,
            `${method} ${path} ${status}`,
          ).toBe('#/components/schemas/ProblemDetails');
        }
      }
    }
  });

  it('documents parameters and bodies from the models', () => {
    const detail = doc.paths['/api/v1/history/sessions/{id}']?.get;
    expect(detail?.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'id' }));
    expect(detail?.responses['200']?.content?.['application/json']?.schema?.$ref).toBe(
      '#/components/schemas/DetailedSession',
    );
    const create = doc.paths['/api/v1/admin/api-keys']?.post as Operation & {
      requestBody?: {
        content: Record<string, { schema: { properties?: Record<string, unknown> } }>;
      };
    };
    expect(
      Object.keys(create.requestBody?.content['application/json']?.schema.properties ?? {}),
    ).toEqual(['name', 'scopes']);
    for (const name of [
      'DetailedSession',
      'CreatedApiKey',
      'ApiKeyList',
      'ApiKey',
      'HealthStatus',
    ]) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
  });

  it('is served the same on every request', async () => {
    const again = await (await h.app.request('/api/v1/openapi.json')).json();
    expect(again).toEqual(doc);
  });
});
