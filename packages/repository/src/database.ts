import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';

export type Schema = typeof schema;

/**
 * A drizzle handle on either driver, or a transaction on one. Repositories take
 * it as their first argument; layers above pass it along without looking inside.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Dialect = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly dialect: Dialect;
  /** Connections the pool may open (1 for PGlite). */
  readonly maxConnections: number;
  /** Runs `fn` on one dedicated connection (for session-level advisory locks). */
  withConnection<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Connections in the postgres.js pool (PGlite has one). */
  readonly maxConnections?: number;
  /** Called with every statement before it runs (diagnostics, EXPLAIN checks, benchmarks). */
  readonly onQuery?: (query: string, params: unknown[]) => void;
}

function loggerOf(options: DatabaseOptions) {
  const { onQuery } = options;
  return onQuery ? { logger: { logQuery: onQuery } } : {};
}

/** Where a database URL points. */
export type DatabaseLocation =
  | { readonly kind: 'memory' }
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * `memory://` is an in-memory PGlite; `postgres://` or `postgresql://` a
 * PostgreSQL server; `file:` URLs and plain paths a PGlite data directory.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (trimmed === '') throw new Error('database URL is empty');
  if (trimmed === 'memory://' || trimmed === 'memory:') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', url: trimmed };
  if (trimmed.startsWith('file:')) return { kind: 'directory', path: fileURLToPath(trimmed) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new Error(
      `unsupported database URL scheme in "${redactUrl(trimmed)}": use memory://, file:, a path or postgres://`,
    );
  }
  return { kind: 'directory', path: trimmed };
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export async function createDatabase(
  url: string,
  options: DatabaseOptions = {},
): Promise<Database> {
  const location = parseDatabaseUrl(url);
  if (location.kind === 'postgres') return createPostgresDatabase(location.url, options);
  return wrapPglite(openPglite(location.kind === 'memory' ? undefined : location.path), options);
}

/**
 * PGlite ships extensions as modules loaded at start; the migrations create
 * pg_trgm (search), so every PGlite that may run them must load it.
 */
export const pgliteExtensions = { pg_trgm } satisfies NonNullable<PGliteOptions['extensions']>;

/** A PGlite with Hindsight's extensions, in memory or in a data directory. */
export function openPglite(dataDir?: string): PGlite {
  return new PGlite({
    ...(dataDir === undefined ? {} : { dataDir }),
    extensions: pgliteExtensions,
  });
}

/** Wraps an open PGlite instance (a data directory, memory, or a test clone). */
export async function wrapPglite(client: PGlite, options: DatabaseOptions = {}): Promise<Database> {
  await client.waitReady;
  const db: Db = drizzlePglite({ client, schema, ...loggerOf(options) });
  // PGlite is one connection, and advisory locks are re-entrant within a
  // connection: callers that need it exclusively queue up in process instead.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    db,
    dialect: 'pglite',
    maxConnections: 1,
    withConnection(fn) {
      const run = queue.then(() => fn(db));
      queue = run.catch(() => {});
      return run;
    },
    close: () => client.close(),
  };
}

function createPostgresDatabase(url: string, options: DatabaseOptions): Database {
  const maxConnections = options.maxConnections ?? 10;
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    // bigint columns are read as numbers by drizzle's mode: 'number'.
    types: {},
  });
  const db: Db = drizzlePostgres({ client, schema, ...loggerOf(options) });
  return {
    db,
    dialect: 'postgres',
    maxConnections,
    async withConnection(fn) {
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        return await fn(drizzlePostgres({ client: single, schema }));
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Resolves when the database answers a trivial query. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
