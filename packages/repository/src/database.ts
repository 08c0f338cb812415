import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { cancellable } from './cancellation.js';
import { initializePgliteDirectory } from './pglite-directory.js';
import { DurableNodeFS, type FsyncFile } from './pglite-durability.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;

/**
 * A drizzle handle on either driver, or a transaction on one. Repositories take
 * it as their first argument; layers above pass it along without looking inside.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Which engine a database runs on: embedded PGlite or a PostgreSQL server. */
export type Dialect = 'pglite' | 'postgres';

/**
 * An open database: the drizzle handles of its pools, its dialect, LISTEN for live updates, and
 * `close`.
 */
export interface Database {
  /** The main pool: writes (ingest), authentication, administration. */
  readonly db: Db;
  /**
   * The pool of plain reads and the pool of searches: separate pools (on
   * PostgreSQL), so that a burst of slow searches cannot take the connections
   * ingest needs. PGlite has one connection, shared by all three.
   */
  readonly pools: { readonly read: Db; readonly search: Db };
  readonly dialect: Dialect;
  /** Connections the main pool may open (1 for PGlite). */
  readonly maxConnections: number;
  /** Runs `fn` on one dedicated connection (for session-level advisory locks). */
  withConnection<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel` (PostgreSQL: on a connection of its own, opened again
   * after it is lost; PGlite: in process). `onListen` runs each time the
   * listening starts, first and after every reconnect: notifications sent in
   * between were missed. Resolves to a function that stops listening.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  /** Closes every pool (or PGlite); waits for queries in flight. */
  close(): Promise<void>;
}

/** What to do with the notifications of a LISTEN. */
export interface ListenHandlers {
  /** Called with each notification's payload. */
  readonly onNotify: (payload: string) => void;
  /** Called each time the LISTEN is (re-)established, e.g. after a reconnect: catch up then. */
  readonly onListen?: () => void;
}

/** Pool sizes, timeouts and a query hook of a database (PGlite has one connection). */
export interface DatabaseOptions {
  /** Connections in the postgres.js pool (PGlite has one). */
  readonly maxConnections?: number;
  /** Connections of the read and search pools; the main pool's size by default. */
  readonly poolConnections?: { readonly read?: number; readonly search?: number };
  /**
   * PostgreSQL cancels any statement (and ends any transaction left idle)
   * running longer than this: set below the request timeout, so that no
   * statement outlives its request. No limit by default.
   */
  readonly statementTimeoutMs?: number;
  /** How long opening a connection may take before it fails (PostgreSQL); 30 s by default. */
  readonly connectTimeoutMs?: number;
  /** An idle pooled connection is closed after this long (PostgreSQL); kept by default. */
  readonly idleTimeoutMs?: number;
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

/**
 * Opens the database a URL names: `memory://` or a directory (PGlite), or `postgres://`
 * (postgres.js). Does not migrate it: call `migrate`.
 */
export async function createDatabase(
  url: string,
  options: DatabaseOptions = {},
): Promise<Database> {
  const location = parseDatabaseUrl(url);
  if (location.kind === 'postgres') return createPostgresDatabase(location.url, options);
  if (location.kind === 'memory') return wrapPglite(openPglite(), options);
  await initializePgliteDirectory(location.path);
  return wrapPglite(openPglite(location.path), options);
}

/**
 * PGlite ships extensions as modules loaded at start; the migrations create
 * pg_trgm (search), so every PGlite that may run them must load it.
 */
export const pgliteExtensions = { pg_trgm } satisfies NonNullable<PGliteOptions['extensions']>;

/**
 * PostgreSQL settings for the embedded engine, on top of PGlite's own. PGlite
 * is one backend inside the server process, so its buffer pool is resident
 * memory of the server, touched in full at start: initdb's 128 MB default was
 * half of an idle server's RSS. The data directory's files sit in the
 * operating system's page cache anyway, so a small pool costs reads, not
 * disk I/O. Durability: PGlite turns fsync off (`-F`); it is turned back on,
 * with the WAL flushed by fsync(2), the one sync call that reaches the disk
 * through PGlite's file layer once `DurableNodeFS` adds it (its fdatasync is
 * a no-op). synchronous_commit stays on: a commit is acknowledged once on disk.
 */
export const pgliteSettings: Readonly<Record<string, string>> = {
  fsync: 'on',
  wal_sync_method: 'fsync',
  shared_buffers: '16MB',
  // WAL buffers follow shared_buffers (1/32 of it) by default; said outright.
  wal_buffers: '512kB',
  // No temporary tables; index builds (migrations) need little.
  temp_buffers: '1MB',
  maintenance_work_mem: '16MB',
};

/**
 * A PGlite with Hindsight's extensions and settings, in memory or in a data
 * directory (whose commits reach the disk: see `DurableNodeFS`). `fsync`
 * replaces the flush of a file, for tests that watch it.
 */
export function openPglite(dataDir?: string, { fsync }: { fsync?: FsyncFile } = {}): PGlite {
  return new PGlite({
    ...(dataDir === undefined ? {} : { fs: new DurableNodeFS(dataDir, fsync) }),
    extensions: pgliteExtensions,
    startParams: [
      ...PGlite.defaultStartParams,
      ...Object.entries(pgliteSettings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
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
    pools: { read: db, search: db },
    dialect: 'pglite',
    maxConnections: 1,
    withConnection(fn) {
      const run = queue.then(() => fn(db));
      queue = run.catch(() => {});
      return run;
    },
    async listen(channel, handlers) {
      const unlisten = await client.listen(channel, handlers.onNotify);
      handlers.onListen?.();
      return unlisten;
    },
    close: () => client.close(),
  };
}

/**
 * After a lost connection postgres.js waits before it connects again, up to
 * 20 s by default, and queries queue meanwhile; a short wait keeps a request
 * that arrives after an outage from hanging behind it (the service's circuit
 * breaker keeps the retries from hammering a database that is away).
 */
const reconnectBackoffSeconds = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5);

function postgresOptions(
  options: DatabaseOptions,
  max: number,
): postgres.Options<Record<string, postgres.PostgresType>> {
  const statementTimeout = options.statementTimeoutMs;
  return {
    max,
    onnotice: () => {},
    // bigint columns are read as numbers by drizzle's mode: 'number'.
    types: {},
    backoff: reconnectBackoffSeconds,
    ...(options.connectTimeoutMs === undefined
      ? {}
      : { connect_timeout: options.connectTimeoutMs / 1000 }),
    ...(options.idleTimeoutMs === undefined ? {} : { idle_timeout: options.idleTimeoutMs / 1000 }),
    ...(statementTimeout === undefined
      ? {}
      : {
          connection: {
            statement_timeout: statementTimeout,
            idle_in_transaction_session_timeout: statementTimeout,
          },
        }),
  };
}

function createPostgresDatabase(url: string, options: DatabaseOptions): Database {
  const maxConnections = options.maxConnections ?? 10;
  const open = (max: number) => {
    const client = postgres(url, postgresOptions(options, max));
    return {
      client,
      db: drizzlePostgres({ client: cancellable(client), schema, ...loggerOf(options) }) as Db,
    };
  };
  const main = open(maxConnections);
  const read = open(options.poolConnections?.read ?? maxConnections);
  const search = open(options.poolConnections?.search ?? maxConnections);
  return {
    db: main.db,
    pools: { read: read.db, search: search.db },
    dialect: 'postgres',
    maxConnections,
    async withConnection(fn) {
      // Migrations and locks: no statement timeout, a migration may take long.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        return await fn(drizzlePostgres({ client: single, schema }));
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async listen(channel, handlers) {
      // postgres.js listens on a connection of its own and reconnects it (calling onlisten again).
      const { unlisten } = await main.client.listen(channel, handlers.onNotify, () =>
        handlers.onListen?.(),
      );
      return unlisten;
    },
    async close() {
      await Promise.all([main, read, search].map(({ client }) => client.end({ timeout: 5 })));
    },
  };
}

/** Resolves when the database answers a trivial query. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
