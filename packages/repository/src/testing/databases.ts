import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import {
  createDatabase,
  type Database,
  type Dialect,
  openPglite,
  wrapPglite,
} from '../database.js';
import { migrate } from '../migrate.js';

/** A fresh, migrated database that a test owns; `dispose()` closes and removes it (once). */
export interface TestDatabase extends Database {
  /** Closes the database and removes what it left behind; a second call does nothing. */
  dispose(): Promise<void>;
}

/**
 * Makes fresh databases of one dialect for a test suite (the repository contract suite runs on
 * each driver).
 */
export interface TestDriver {
  readonly dialect: Dialect;
  /** A fresh database: nothing another test wrote is in it. */
  create(): Promise<TestDatabase>;
}

/** Tests may dispose in the test body and again in afterEach. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

let pgliteTemplate: Promise<PGlite> | undefined;

/** One migrated in-memory PGlite per process; every test gets a clone of it. */
async function migratedTemplate(): Promise<PGlite> {
  pgliteTemplate ??= (async () => {
    const client = openPglite();
    await migrate(await wrapPglite(client));
    return client;
  })();
  return pgliteTemplate;
}

/**
 * Fresh in-memory PGlite databases, each a clone of one migrated template, so a test starts
 * migrated at once.
 */
export const pgliteTestDriver: TestDriver = {
  dialect: 'pglite',
  async create() {
    const clone = (await (await migratedTemplate()).clone()) as PGlite;
    const database = await wrapPglite(clone);
    return { ...database, dispose: once(() => database.close()) };
  },
};

/**
 * Each database is created on the server named by `adminUrl` under a random
 * name, migrated, and dropped again by `dispose()`.
 */
export function postgresTestDriver(adminUrl: string): TestDriver {
  return {
    dialect: 'postgres',
    async create() {
      const name = `hindsight_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database "${name}"`);
      } finally {
        await admin.end({ timeout: 5 });
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      // Small pools that close idle connections: every test file on a CI machine
      // shares one PostgreSQL server (max_connections 100) with the test servers.
      const database = await createDatabase(url.toString(), {
        maxConnections: 4,
        poolConnections: { read: 2, search: 2 },
        idleTimeoutMs: 2_000,
      });
      await migrate(database);
      return {
        ...database,
        dispose: once(async () => {
          await database.close();
          const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
          try {
            await dropper.unsafe(`drop database if exists "${name}" with (force)`);
          } finally {
            await dropper.end({ timeout: 5 });
          }
        }),
      };
    },
  };
}

/**
 * The drivers a contract suite runs against: PGlite always, and the PostgreSQL
 * server at `testDatabaseUrl` when one is given (CI gives TEST_DATABASE_URL).
 */
export function testDrivers(testDatabaseUrl: string | undefined): TestDriver[] {
  return testDatabaseUrl
    ? [pgliteTestDriver, postgresTestDriver(testDatabaseUrl)]
    : [pgliteTestDriver];
}
