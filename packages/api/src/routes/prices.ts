import {
  PriceOverrideDeleted,
  PriceOverrideFields,
  PriceOverrideList,
  PriceOverrideName,
  RepriceInput,
  RepriceResult,
  StoredPriceOverride,
} from '@hindsight/models';
import { Hono } from 'hono';
import type { ApiEnv } from '../env.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

/**
 * Price overrides, mounted at /api/v1/admin/prices: the deployment's own
 * prices for private or fine-tuned models, and the reprice of stored calls.
 * Every route needs the admin scope.
 */
export function priceRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>()
    .get(
      '/',
      route({
        access: 'admin',
        summary: 'List the price overrides in force',
        description:
          'Overrides from the prices file (`source: file`) and those set here (`source: stored`); a stored override replaces a file one of the same name.',
        tags: ['admin'],
        responses: { 200: { description: 'Every override, by name', schema: PriceOverrideList } },
      }),
      async (c) => c.json(await services(c).prices.list({}), 200),
    )
    .put(
      '/:name',
      route({
        access: 'admin',
        summary: 'Set a price override',
        description:
          'Calls written from now on are priced with it when it matches (model exactly, or a prefix ending in `*`; provider when given) and is in force at their time. Stored calls keep their cost until a reprice.',
        tags: ['admin'],
        responses: {
          200: { description: 'The override stored', schema: StoredPriceOverride },
        },
        problems: [400, 413],
        maxBodyBytes: 16 * 1024,
      }),
      validate('param', PriceOverrideName),
      validate('json', PriceOverrideFields),
      async (c) =>
        c.json(
          await services(c).prices.put({
            name: c.req.valid('param').name,
            ...c.req.valid('json'),
          }),
          200,
        ),
    )
    .delete(
      '/:name',
      route({
        access: 'admin',
        summary: 'Remove a stored price override',
        tags: ['admin'],
        responses: { 200: { description: 'The override is gone', schema: PriceOverrideDeleted } },
        problems: [400, 404],
      }),
      validate('param', PriceOverrideName),
      async (c) =>
        c.json(await services(c).prices.delete({ name: c.req.valid('param').name }), 200),
    )
    .post(
      '/reprice',
      route({
        access: 'admin',
        summary: 'Price stored calls again',
        description:
          'With the prices in force now, in batches of `batch_size` calls (one transaction each), from `since_us` when given; the sessions’ totals follow.',
        tags: ['admin'],
        responses: { 200: { description: 'What the reprice did', schema: RepriceResult } },
        problems: [400, 413],
        maxBodyBytes: 4 * 1024,
      }),
      validate('json', RepriceInput),
      async (c) => c.json(await services(c).prices.reprice(c.req.valid('json')), 200),
    );
}
