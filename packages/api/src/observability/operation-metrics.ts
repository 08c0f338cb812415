import { type Hook, ServiceError } from '@hindsight/service';
import type { ApiMetrics } from './metrics.js';

/** `success`, a service error's code (`not_found`, `forbidden`...), or `internal` for a bug. */
export function operationOutcome(error?: unknown): string {
  if (error === undefined) return 'success';
  return error instanceof ServiceError ? error.code : 'internal';
}

/**
 * The metrics hook: counts every hub call and its duration by operation and
 * outcome. Registered at composition (`createHub(ctx, { hooks: [...] })`), outside
 * the standard hooks, so it sees refused and invalid calls too. An ingest batch
 * is one call, whatever its size.
 */
export function operationMetricsHook(metrics: ApiMetrics): Hook {
  return async (call, next) => {
    const started = performance.now();
    const observe = (outcome: string) => {
      const labels = { operation: call.operation.name, outcome };
      metrics.operations.inc(labels);
      metrics.operationDuration.observe(labels, (performance.now() - started) / 1000);
    };
    try {
      const output = await next();
      observe('success');
      return output;
    } catch (error) {
      observe(operationOutcome(error));
      throw error;
    }
  };
}
