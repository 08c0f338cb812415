import type { Services } from '@hindsight/service';
import type { ApiMetrics } from '../observability/metrics.js';
import type { RouteFactory } from '../route.js';

/** What every route module receives from createApi. */
export interface RouteModuleDeps {
  readonly services: Services;
  /** Starts every route: access, documentation, limits (see route.ts). */
  readonly route: RouteFactory;
  readonly metrics: ApiMetrics;
}
