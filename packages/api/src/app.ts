import type { Services } from '@hindsight/service';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { defaultMaxBodyBytes } from './json-body.js';
import { type ApiLogger, createErrorHandler } from './on-error.js';
import { problem } from './problem.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { ingestRoutes } from './routes/ingest.js';
import { recordRoutes } from './routes/records.js';

export interface ApiDeps {
  readonly services: Services;
  readonly logger: ApiLogger;
  /** Bytes of an ingest request body (413 beyond); 5 MiB by default. */
  readonly maxBodyBytes?: number;
}

/** The whole HTTP API. Routes are chained so that `hc<AppType>` infers a typed client. */
export function createApi(deps: ApiDeps) {
  const app = new Hono()
    .use(requestId())
    .route('/', healthRoutes(deps.services))
    .route('/api/v1/history', historyRoutes(deps.services))
    .route('/api/v1', ingestRoutes(deps.services, deps.maxBodyBytes ?? defaultMaxBodyBytes))
    .route('/api/v1', recordRoutes(deps.services, deps.maxBodyBytes ?? defaultMaxBodyBytes));
  app.notFound((c) => problem(c, 404, { detail: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError(createErrorHandler(deps.logger));
  return app;
}

export type AppType = ReturnType<typeof createApi>;
