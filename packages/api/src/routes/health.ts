import { HealthStatus, ReadyStatus } from '@hindsight/models';
import { Hono } from 'hono';
import type { ApiEnv } from '../env.js';
import type { RouteModuleDeps } from './deps.js';

/** Liveness, readiness and metrics for load balancers, orchestrators and Prometheus. */
export function healthRoutes({ services, route, metrics }: RouteModuleDeps, version: string) {
  return new Hono<ApiEnv>()
    .get(
      '/health',
      route({
        access: 'public',
        summary: 'Liveness: the process is up, and its version',
        description:
          "Answers 200 while the process runs, whether or not the database answers. `version` is the server's (Tarsy's dashboard shows it).",
        tags: ['health'],
        responses: { 200: { description: 'The process is up', schema: HealthStatus } },
      }),
      (c) => c.json({ status: 'ok' as const, version }, 200),
    )
    .get(
      '/ready',
      route({
        access: 'public',
        summary: 'Readiness: the database answers',
        tags: ['health'],
        usesDatabase: true,
        responses: { 200: { description: 'The database answers', schema: ReadyStatus } },
      }),
      async (c) => {
        // An UnavailableError here becomes a 503 with Retry-After in onError.
        await services(c).system.readiness();
        metrics.databaseUp.set(1);
        return c.json({ status: 'ready' as const }, 200);
      },
    )
    .get(
      '/metrics',
      route({
        access: 'public',
        summary: 'Prometheus metrics',
        tags: ['health'],
        responses: {
          200: { description: 'Metrics in the Prometheus text format', contentType: 'text/plain' },
        },
      }),
      async (c) =>
        c.body(await metrics.registry.metrics(), 200, {
          'Content-Type': metrics.registry.contentType,
        }),
    );
}
