import type { Services } from '@hindsight/service';
import { Hono } from 'hono';

/** Liveness and readiness for load balancers and orchestrators. */
export function healthRoutes(services: Pick<Services, 'checkReadiness'>) {
  return new Hono()
    .get('/health', (c) => c.json({ status: 'ok' as const }, 200))
    .get('/ready', async (c) => {
      // An UnavailableError here becomes a 503 with Retry-After in onError.
      await services.checkReadiness();
      return c.json({ status: 'ready' as const }, 200);
    });
}
