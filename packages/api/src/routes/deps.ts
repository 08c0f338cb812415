import type { Services } from '@hindsight/service';
import type { Context } from 'hono';
import type { ApiEnv } from '../env.js';
import type { ApiMetrics } from '../observability/metrics.js';
import type { RouteFactory } from '../route.js';

/** What every route module receives from createApi. */
export interface RouteModuleDeps {
  /**
   * The service operations bound to the request's caller (its principal,
   * request id and abort signal): `services(c).casefiles.get({ id })`. Every
   * call goes through the hub, which checks the caller's access itself.
   */
  readonly services: (c: Context<ApiEnv>) => Services;
  /** Starts every route: access, documentation, limits (see route.ts). */
  readonly route: RouteFactory;
  readonly metrics: ApiMetrics;
}
