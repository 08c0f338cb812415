// Helpers for tests of this package and the layers above it. Not for production use.

import { systemPrincipal } from '@hindsight/models';
import { pgliteTestDriver, type TestDriver } from '@hindsight/repository/testing';
import type { ServiceContext } from '../context.js';
import type { Caller } from '../hub/operation.js';
import { createHub, type Hub, type ServiceOptions, type Services } from '../services.js';

/** The drivers a suite runs against: PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
export { type TestDriver, testDrivers } from '@hindsight/repository/testing';
export { costRun } from './cost-runs.js';
export {
  envelope,
  type TestEnvelope,
  type TestRunOptions,
  testBodies,
  testRun,
  testT0,
} from './ingest-events.js';
export {
  genAiRun,
  otlpAttributes,
  otlpRequest,
  otlpT0Ms,
  type TestAttribute,
  type TestSpan,
} from './otlp.js';

/** The caller of test set-up: the system principal, which may call every operation. */
export const testCaller: Caller = { principal: systemPrincipal('test') };

/**
 * A hub over a fresh database, bound to `testCaller` as `services`; `dispose` closes the
 * database.
 */
export interface TestServices {
  readonly ctx: ServiceContext;
  readonly hub: Hub;
  /** The hub bound to `testCaller`. */
  readonly services: Services;
  /** Closes the test's database. */
  dispose(): Promise<void>;
}

/**
 * A hub over a fresh, migrated database that the caller owns: in-memory PGlite
 * by default, or `driver` (e.g. PostgreSQL from `testDrivers`).
 */
export async function createTestServices(
  options: ServiceOptions & { readonly driver?: TestDriver } = {},
): Promise<TestServices> {
  const { driver = pgliteTestDriver, ...hubOptions } = options;
  const database = await driver.create();
  const ctx: ServiceContext = { db: database.db };
  const hub = createHub(ctx, { pools: database.pools, ...hubOptions });
  return { ctx, hub, services: hub.as(testCaller), dispose: () => database.dispose() };
}
