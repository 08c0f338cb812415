import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Everything the API counts, in its own registry (never prom-client's global one). */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Ingest routes count each event by type and outcome (`success`, `error`, `duplicate`). */
  readonly ingestEvents: Counter<'type' | 'outcome'>;
  readonly validationFailures: Counter<'model' | 'target'>;
  /** `unavailable`: the database could not be reached; `query`: a query failed unexpectedly. */
  readonly databaseErrors: Counter<'kind'>;
  /** 1 after a successful readiness check, 0 after the database was found unreachable. */
  readonly databaseUp: Gauge;
  readonly authFailures: Counter<'reason'>;
  readonly rateLimited: Counter<'budget'>;
  /** Service operations called through the hub, by operation and outcome (see operation-metrics.ts). */
  readonly operations: Counter<'operation' | 'outcome'>;
  readonly operationDuration: Histogram<'operation' | 'outcome'>;
  /** Requests refused with 503 because their workload's budget was full (see bulkhead.ts). */
  readonly shed: Counter<'workload' | 'reason'>;
  /** Open live connections, by transport (`websocket`, `sse`). */
  readonly liveConnections: Gauge<'transport'>;
  /** Channel subscriptions of open live connections. */
  readonly liveSubscriptions: Gauge;
  /** Events sent to live clients (catch-up included), by transport. */
  readonly liveEventsDelivered: Counter<'transport'>;
  /** Live connections closed by the server, by reason (`slow`, `rate`, `policy`, `outage`, `shutdown`). */
  readonly liveClosed: Counter<'reason'>;
  /** Time from an event's ingest to its hand-over to this instance's subscribers. */
  readonly liveFanoutLag: Histogram;
  /** Rows the data lifecycle jobs removed or changed, by job (retention, stale) and table. */
  readonly lifecycleRows: Counter<'job' | 'table'>;
  /** Lifecycle job runs, by job and outcome (ok, skipped, error). */
  readonly lifecycleRuns: Counter<'job' | 'outcome'>;
}

/** Options of the API's metrics registry. */
export interface MetricsOptions {
  /** Adds prom-client's process metrics (CPU, memory, event loop, GC). The server turns it on. */
  readonly processMetrics?: boolean;
  /** Extra collectors, e.g. the database pool size; they register into `registry`. */
  readonly register?: (registry: Registry) => void;
}

/** A fresh prom-client registry with the API's metrics, served at `/metrics`. */
export function createMetrics(options: MetricsOptions = {}): ApiMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'hindsight_' });
  const registers = [registry];
  const metrics: ApiMetrics = {
    registry,
    httpRequests: new Counter({
      name: 'hindsight_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'hindsight_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    ingestEvents: new Counter({
      name: 'hindsight_ingest_events_total',
      help: 'Ingested events, by event type and outcome',
      labelNames: ['type', 'outcome'],
      registers,
    }),
    validationFailures: new Counter({
      name: 'hindsight_validation_failures_total',
      help: 'Requests refused by validation, by model and request part',
      labelNames: ['model', 'target'],
      registers,
    }),
    databaseErrors: new Counter({
      name: 'hindsight_database_errors_total',
      help: 'Database errors seen while answering requests, by kind',
      labelNames: ['kind'],
      registers,
    }),
    databaseUp: new Gauge({
      name: 'hindsight_database_up',
      help: '1 when the database last answered, 0 when it last could not be reached',
      registers,
    }),
    authFailures: new Counter({
      name: 'hindsight_auth_failures_total',
      help: 'Requests refused by authentication or authorization, by reason',
      labelNames: ['reason'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'hindsight_rate_limited_total',
      help: 'Requests refused by the rate limit, by budget',
      labelNames: ['budget'],
      registers,
    }),
    operations: new Counter({
      name: 'hindsight_operations_total',
      help: 'Service operations called, by operation name and outcome (success or an error code)',
      labelNames: ['operation', 'outcome'],
      registers,
    }),
    operationDuration: new Histogram({
      name: 'hindsight_operation_duration_seconds',
      help: 'Time a service operation took, hooks included, by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    shed: new Counter({
      name: 'hindsight_shed_total',
      help: 'Requests refused with 503 because their workload was at its concurrency limit, by workload and reason (full queue, or waited too long)',
      labelNames: ['workload', 'reason'],
      registers,
    }),
    liveConnections: new Gauge({
      name: 'hindsight_live_connections',
      help: 'Open live connections, by transport',
      labelNames: ['transport'],
      registers,
    }),
    liveSubscriptions: new Gauge({
      name: 'hindsight_live_subscriptions',
      help: 'Channel subscriptions of the open live connections',
      registers,
    }),
    liveEventsDelivered: new Counter({
      name: 'hindsight_live_events_delivered_total',
      help: 'Events sent to live clients, catch-up included, by transport',
      labelNames: ['transport'],
      registers,
    }),
    liveClosed: new Counter({
      name: 'hindsight_live_closed_total',
      help: 'Live connections the server closed, by reason (slow, rate, policy, outage, shutdown)',
      labelNames: ['reason'],
      registers,
    }),
    liveFanoutLag: new Histogram({
      name: 'hindsight_live_fanout_lag_seconds',
      help: 'Time from an event being ingested to its hand-over to the subscribers of this instance',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    lifecycleRows: new Counter({
      name: 'hindsight_lifecycle_rows_total',
      help: 'Rows deleted by retention, or sessions and stages timed out by the stale sweeper',
      labelNames: ['job', 'table'],
      registers,
    }),
    lifecycleRuns: new Counter({
      name: 'hindsight_lifecycle_runs_total',
      help: 'Runs of the retention job and the stale-session sweeper, by outcome',
      labelNames: ['job', 'outcome'],
      registers,
    }),
  };
  options.register?.(registry);
  return metrics;
}
