// The servers the read benchmark measures, in a process of their own so that
// the load generator does not share their event loop. Prints one JSON line
// with their ports, then serves until killed.
import type { AddressInfo } from 'node:net';
import { createApi } from '@hindsight/api';
import { systemPrincipal } from '@hindsight/models';
import { createDatabase } from '@hindsight/repository';
import { createHub } from '@hindsight/service';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import { bigSessionIdSql } from './read-seed.js';

const url = process.env.BENCH_DB_URL;
if (!url) throw new Error('BENCH_DB_URL is not set');
const connections = 10;

function listen(app: { fetch: (request: Request) => Response | Promise<Response> }) {
  return new Promise<number>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

// (a) The HTTP ceiling: a constant JSON reply.
const constant = { status: 'ok', service: 'hindsight', items: [1, 2, 3] };
const constantApp = new Hono().get('/', (c) => c.json(constant));

// (c)-(f) The real API over the real services, with statements captured once
// so that (b) can run exactly the SQL the real list endpoint runs.
const captured: Array<{ query: string; params: unknown[] }> = [];
let capturing = false;
const database = await createDatabase(url, {
  maxConnections: connections,
  onQuery: (query, params) => {
    if (capturing) captured.push({ query, params });
  },
});
const hub = createHub({ db: database.db });
const services = hub.as({ principal: systemPrincipal('bench') });
const apiApp = createApi({
  hub,
  logger: {
    info: () => {},
    warn: (details, message) => console.warn(message, details),
    error: (details, message) => console.error(message, details),
  },
  // The bench measures the queries and the HTTP path, not authentication or throttling.
  auth: { enabled: false },
  rateLimit: { perMinute: { ingest: 0, read: 0 } },
});
capturing = true;
await services.sessions.list({});
capturing = false;

const pageStatement = captured.find((s) => !/count\(|unnest\(/.test(s.query));
const countStatement = captured.find((s) => /count\(/.test(s.query) && !/unnest\(/.test(s.query));
const totalsStatement = captured.find((s) => /unnest\(/.test(s.query));
if (!pageStatement || !countStatement || !totalsStatement) {
  throw new Error(`unexpected list statements: ${captured.map((s) => s.query).join('\n')}`);
}

// (b) A minimal Hono handler running the same list statements with raw postgres.js:
// no validation, no models, no layers.
const raw = postgres(url, { max: connections, onnotice: () => {} });
const rawApp = new Hono().get('/', async (c) => {
  const [rows, counted] = await Promise.all([
    raw.unsafe(pageStatement.query, pageStatement.params as never[]),
    raw.unsafe(countStatement.query, countStatement.params as never[]),
  ]);
  const totals = await raw.unsafe(
    totalsStatement.query,
    rows.map((row) => row.session_id) as never[],
  );
  const byId = new Map(totals.map((t) => [t.session_id, t]));
  return c.json({
    sessions: rows.slice(0, 20).map((row) => ({ ...row, ...byId.get(row.session_id) })),
    total: counted[0]?.n,
  });
});

// (g) The baseline of the detail endpoint (f): the statements the real detail
// read runs for the 200-interaction session, replayed in the same order in the
// same repeatable-read transaction, and the raw rows `JSON.stringify`d (by
// c.json): no mapping into the models, no nesting, no output validation.
const [big] = await raw.unsafe<Array<{ id: string }>>(bigSessionIdSql);
const listStatements = captured.length;
capturing = true;
await services.sessions.get({ session_id: big?.id ?? '' });
capturing = false;
const detailStatements = captured.slice(listStatements);
if (detailStatements.length < 4) {
  throw new Error(
    `unexpected detail statements: ${detailStatements.map((s) => s.query).join('\n')}`,
  );
}
const rawDetailApp = new Hono().get('/', async (c) => {
  const results = await raw.begin('isolation level repeatable read read only', async (tx) => {
    const rows: unknown[] = [];
    for (const statement of detailStatements)
      rows.push(await tx.unsafe(statement.query, statement.params as never[]));
    return rows;
  });
  return c.json(results);
});

const ports = {
  constant: await listen(constantApp),
  raw: await listen(rawApp),
  api: await listen(apiApp),
  rawDetail: await listen(rawDetailApp),
};
process.stdout.write(`${JSON.stringify({ ready: ports })}\n`);
