import type { IngestBatch } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { Hono } from 'hono';
import type * as v from 'valibot';
import { jsonBody, limitBody } from '../json-body.js';

/**
 * `POST /ingest`: a batch of events, answered 207 with one result per event.
 * A body over the byte limit is refused (413) before it is parsed; the rest of
 * the checks, from the envelopes to each body, belong to the service.
 */
export function ingestRoutes(services: Pick<Services, 'ingestBatch'>, maxBodyBytes: number) {
  return new Hono().post(
    '/ingest',
    limitBody(maxBodyBytes),
    jsonBody<v.InferInput<typeof IngestBatch>>(),
    async (c) => c.json(await services.ingestBatch(c.req.valid('json')), 207),
  );
}
