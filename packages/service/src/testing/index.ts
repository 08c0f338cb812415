// Helpers for tests of this package and the layers above it. Not for production use.
import { pgliteTestDriver, type TestDriver } from '@hindsight/repository/testing';
import type { ServiceContext } from '../context.js';
import { createServices, type Services } from '../services.js';

/** The drivers a suite runs against: PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
export { type TestDriver, testDrivers } from '@hindsight/repository/testing';
export {
  envelope,
  type TestEnvelope,
  type TestRunOptions,
  testBodies,
  testRun,
  testT0,
} from './ingest-events.js';

export interface TestServices {
  readonly ctx: ServiceContext;
  readonly services: Services;
  dispose(): Promise<void>;
}

/** Services over a fresh, migrated database that the caller owns (in-memory PGlite by default). */
export async function createTestServices(
  driver: TestDriver = pgliteTestDriver,
): Promise<TestServices> {
  const database = await driver.create();
  const ctx: ServiceContext = { db: database.db };
  return {
    ctx,
    services: createServices(ctx, { pools: database.pools }),
    dispose: () => database.dispose(),
  };
}
