// Helpers for tests of this package and the layers above it. Not for production use.
import { pgliteTestDriver } from '@hindsight/repository/testing';
import type { ServiceContext } from '../context.js';
import { createServices, type Services } from '../services.js';

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

/** Services over a fresh, migrated in-memory database that the caller owns. */
export async function createTestServices(): Promise<TestServices> {
  const database = await pgliteTestDriver.create();
  const ctx: ServiceContext = { db: database.db };
  return { ctx, services: createServices(ctx), dispose: () => database.dispose() };
}
