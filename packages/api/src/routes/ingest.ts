import { type IngestBatch, IngestResult } from '@hindsight/models';
import { Hono } from 'hono';
import type * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { jsonBody } from '../json-body.js';
import type { RouteModuleDeps } from './deps.js';

/**
 * `POST /ingest`: a batch of events, answered 207 with one result per event.
 * A body over the byte limit is refused (413) before it is parsed; the rest of
 * the checks, from the envelopes to each body, belong to the service.
 */
export function ingestRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>().post(
    '/ingest',
    route({
      access: 'ingest',
      summary: 'Record a batch of events',
      description:
        'Applies each event in request order, each committed on its own; one bad event never fails the others. The envelope id makes an event idempotent.',
      tags: ['ingest'],
      responses: {
        207: { description: 'One result per event, in request order', schema: IngestResult },
      },
      problems: [400, 413],
    }),
    jsonBody<v.InferInput<typeof IngestBatch>>(),
    async (c) => c.json(await services(c).ingest.batch(c.req.valid('json')), 207),
  );
}
