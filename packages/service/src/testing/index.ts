// Helpers for tests of this package and the layers above it. Not for production use.

import { systemPrincipal } from '@hindsight/models';
import { pgliteTestDriver } from '@hindsight/repository/testing';
import type { ServiceContext } from '../context.js';
import type { Caller } from '../hub/operation.js';
import { createHub, type Hub, type ServiceOptions, type Services } from '../services.js';

export {
  envelope,
  type TestEnvelope,
  type TestRunOptions,
  testBodies,
  testRun,
  testT0,
} from './ingest-events.js';

/** The caller of test set-up: the system principal, which may call every operation. */
export const testCaller: Caller = { principal: systemPrincipal('test') };

export interface TestServices {
  readonly ctx: ServiceContext;
  readonly hub: Hub;
  /** The hub bound to `testCaller`. */
  readonly services: Services;
  dispose(): Promise<void>;
}

/** A hub over a fresh, migrated in-memory database that the caller owns. */
export async function createTestServices(options: ServiceOptions = {}): Promise<TestServices> {
  const database = await pgliteTestDriver.create();
  const ctx: ServiceContext = { db: database.db };
  const hub = createHub(ctx, options);
  return { ctx, hub, services: hub.as(testCaller), dispose: () => database.dispose() };
}
