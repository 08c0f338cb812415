import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, SchemaReport } from '@hindsight/repository';
import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startServerProcess } from './server-process.js';

describe('hindsight check-schema and the start-up check', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hindsight-schema-'));
    env = { DATABASE_URL: join(dir, 'data'), LOG_LEVEL: 'warn' };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Breaks the schema behind the server's back, as a hand-made change would. */
  async function dropColumn(table: string, column: string): Promise<void> {
    const database = await createDatabase(env.DATABASE_URL ?? '');
    await database.db.execute(sql.raw(`alter table "${table}" drop column "${column}"`));
    await database.close();
  }

  it('reports pending migrations on a database that was never migrated', async () => {
    const run = await runCli(['check-schema', '--json'], env);
    expect(run.code).toBe(1);
    const report = v.parse(SchemaReport, JSON.parse(run.stdout));
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain('pending_migration');
  });

  it('passes on a freshly migrated database', async () => {
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const run = await runCli(['check-schema'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok/m);
  });

  it('names the table and column of a drift, and start refuses to serve', async () => {
    expect((await runCli(['migrate'], env)).code).toBe(0);
    await dropColumn('alert_sessions', 'author');

    const check = await runCli(['check-schema', '--json'], env);
    expect(check.code).toBe(1);
    const report = v.parse(SchemaReport, JSON.parse(check.stdout));
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'missing_column',
        table: 'alert_sessions',
        column: 'author',
      }),
    );

    const start = await runCli(['start'], { ...env, PORT: '0' });
    expect(start.code).toBe(1);
    expect(start.stdout).toContain('does not conform');
    expect(start.stdout).toContain('author');
  });

  it('starts anyway, with a warning, when told to only warn', async () => {
    expect((await runCli(['migrate'], env)).code).toBe(0);
    await dropColumn('alert_sessions', 'author');
    const server = await startServerProcess({ ...env, HINDSIGHT_SCHEMA_CHECK: 'warn' });
    try {
      expect(server.logs.some((l) => l.msg === 'the database does not conform to the schema')).toBe(
        true,
      );
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
  });
});
