import { ApiKey, ApiKeyList, CreateApiKeyRequest, CreatedApiKey, Id } from '@hindsight/models';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

const KeyPath = v.object({ id: Id });

/** A key's value is in one answer only; no cache may keep it. */
const noStore = { 'Cache-Control': 'no-store' };

/** API key management, mounted at /api/v1/admin. Every route needs the admin scope. */
export function adminRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>()
    .post(
      '/api-keys',
      route({
        access: 'admin',
        summary: 'Create an API key',
        description:
          'The answer holds the key (`key`): it is shown this once and stored only as a hash.',
        tags: ['admin'],
        responses: { 201: { description: 'The new key, with its value', schema: CreatedApiKey } },
        problems: [400, 413],
        maxBodyBytes: 16 * 1024,
      }),
      validate('json', CreateApiKeyRequest),
      async (c) => c.json(await services(c).apiKeys.create(c.req.valid('json')), 201, noStore),
    )
    .get(
      '/api-keys',
      route({
        access: 'admin',
        summary: 'List API keys, without their values',
        tags: ['admin'],
        responses: { 200: { description: 'Every key, oldest first', schema: ApiKeyList } },
      }),
      async (c) => c.json({ api_keys: await services(c).apiKeys.list() }, 200),
    )
    .delete(
      '/api-keys/:id',
      route({
        access: 'admin',
        summary: 'Revoke an API key',
        description: 'The key stops working at once. Revoking a revoked key changes nothing.',
        tags: ['admin'],
        responses: { 200: { description: 'The revoked key', schema: ApiKey } },
        problems: [400, 404],
      }),
      validate('param', KeyPath),
      async (c) => c.json(await services(c).apiKeys.revoke({ id: c.req.valid('param').id }), 200),
    );
}
