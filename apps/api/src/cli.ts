#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { systemPrincipal } from '@hindsight/models';
import { checkSchema, formatSchemaReport } from '@hindsight/repository';
import { createHub, PriceBook, type Services } from '@hindsight/service';
import closeWithGrace from 'close-with-grace';
import { apiKeyCommand, UsageError } from './api-key-command.js';
import { type Config, ConfigError, loadConfig } from './env.js';
import {
  exportCommand,
  filtersOf,
  importCommand,
  inputOf,
  outputOf,
  retentionCommand,
} from './lifecycle-command.js';
import { createLogger, type Logger } from './logger.js';
import { repriceCommand } from './reprice-command.js';
import { runSeed } from './seed/run-seed.js';
import { connectDatabase, openDatabase, startServer } from './server.js';

const usage = `Usage: hindsight <command>

Commands:
  start     migrate the database and serve the API (default)
  migrate   apply pending migrations and exit
  seed [--sessions N] [--seed S]
            load the demo sessions (idempotent) and exit; with --sessions,
            generate N realistic sessions from random seed S (default 1)
            through the ingest service instead (idempotent per seed)
  check-schema [--json]
            compare the database with the schema and the models; exit 1 on drift
  api-key create --name NAME --scopes SCOPE[,SCOPE] [--json]
            create an API key (scopes: ingest, read, control, admin) and print it once
  api-key list [--json]
            list the API keys, without their values
  api-key revoke ID
            revoke an API key at once
  retention run [--dry-run]
            delete the sessions past the retention policy (HINDSIGHT_RETENTION_*)
            in batches, or with --dry-run count what would go; prints the result
  export [--out FILE] [KEY=VALUE...]
            write every session (list filters as KEY=VALUE, e.g. status=failed)
            as JSON Lines, one DetailedSession a line, to FILE or standard output
  import FILE
            restore the sessions of an export (FILE may be .gz); idempotent
  reprice [--since DATE] [--batch-size N]
            price the stored LLM calls again with the prices in force now (after
            a price override changed), from DATE (ISO 8601, or microseconds) on,
            N calls a transaction (default 1000), and fix the sessions' totals
  help      show this message

Configuration comes from environment variables: PORT, HOST, DATABASE_URL,
LOG_LEVEL, SHUTDOWN_TIMEOUT_MS, HINDSIGHT_SCHEMA_CHECK, the INGEST_MAX_* limits,
HINDSIGHT_AUTH, HINDSIGHT_BOOTSTRAP_KEY, HINDSIGHT_JWT_*, REDIS_URL,
HINDSIGHT_RATE_LIMIT_*, HINDSIGHT_MAX_BODY_BYTES, HINDSIGHT_REQUEST_TIMEOUT_MS,
HINDSIGHT_CORS_ORIGINS, HINDSIGHT_TRUSTED_PROXIES, HINDSIGHT_AUDIT_RETENTION_DAYS,
HINDSIGHT_RETENTION_*, HINDSIGHT_STALE_*, HINDSIGHT_LIFECYCLE_JOBS,
HINDSIGHT_PRICES_FILE, HINDSIGHT_PRICES_CACHE_MS (see the README).`;

async function start(config: Config, logger: Logger): Promise<void> {
  const server = await startServer(config, logger);
  closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    await server.close();
  });
}

async function migrateOnly(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger);
  await database.close();
}

async function seed(config: Config, logger: Logger, flags: CliFlags): Promise<void> {
  const database = await openDatabase(config, logger);
  try {
    const services = createHub(
      { db: database.db },
      {
        ingestLimits: config.ingest,
        pricing: new PriceBook({ fileOverrides: config.prices.fileOverrides }),
      },
    ).as({
      principal: systemPrincipal('cli'),
    });
    if (flags.sessions === undefined) {
      const result = await services.demo.seed({ now_us: Date.now() * 1000 });
      logger.info(result, 'demo sessions loaded');
      return;
    }
    const started = performance.now();
    const result = await runSeed({
      ingest: services.ingest.batch,
      sessions: flags.sessions,
      seed: flags.seed,
      // Anchored to the start of the UTC day, so that running the same seed again the same day
      // sends the very same events (same ids, same bodies): a replay, never a 409 for changed content.
      nowUs: Math.floor(Date.now() / 86_400_000) * 86_400_000 * 1000,
      batchEvents: Math.min(1000, config.ingest.maxEvents),
      // PGlite is one connection; a PostgreSQL pool takes batches side by side.
      concurrency: database.dialect === 'postgres' ? 4 : 1,
    });
    const seconds = (performance.now() - started) / 1000;
    logger.info(
      {
        ...result,
        seed: flags.seed,
        seconds,
        eventsPerSecond: Math.round(result.events / seconds),
      },
      'generated sessions loaded',
    );
    if (result.failed > 0) throw new Error(`${result.failed} generated events were refused`);
  } finally {
    await database.close();
  }
}

/** Checks the live database as it is (no migration first), so pending migrations show. */
async function checkSchemaCommand(config: Config, logger: Logger, flags: CliFlags): Promise<void> {
  const database = await connectDatabase(config, logger);
  try {
    const report = await checkSchema(database);
    process.stdout.write(
      flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatSchemaReport(report)}\n`,
    );
    if (!report.ok) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

interface CliFlags {
  readonly json: boolean;
  /** `seed --sessions`: how many sessions to generate; absent for the demo sessions. */
  readonly sessions?: number;
  readonly seed: number;
  readonly name?: string | undefined;
  readonly scopes?: string | undefined;
  /** `retention run --dry-run`. */
  readonly dryRun: boolean;
  /** `export --out FILE`. */
  readonly out?: string | undefined;
  /** `reprice --since DATE`. */
  readonly since?: string | undefined;
  /** `reprice --batch-size N`. */
  readonly batchSize?: string | undefined;
  /** Positionals after the command name. */
  readonly args: readonly string[];
}

/** A flag that must be a whole number within bounds; a message naming it otherwise. */
function wholeNumberFlag(name: string, text: string, min: number, max: number): number | string {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) && value >= min && value <= max
    ? value
    : `--${name} must be a whole number from ${min} to ${max}, not "${text}"`;
}

/** The database and a hub bound to the CLI's system principal, closed after `run`. */
async function withSystem<T>(
  config: Config,
  logger: Logger,
  run: (system: Services) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(config, logger);
  try {
    const system = createHub(
      { db: database.db },
      {
        ingestLimits: config.ingest,
        pricing: new PriceBook({ fileOverrides: config.prices.fileOverrides }),
      },
    ).as({ principal: systemPrincipal('cli') });
    return await run(system);
  } finally {
    await database.close();
  }
}

const commands: Record<string, (config: Config, logger: Logger, flags: CliFlags) => Promise<void>> =
  {
    start,
    migrate: migrateOnly,
    seed,
    'check-schema': checkSchemaCommand,
    'api-key': (config, logger, flags) => apiKeyCommand(config, logger, flags.args, flags),
    retention: (config, logger, flags) =>
      withSystem(config, logger, async (system) => {
        await retentionCommand(
          system,
          { policy: config.lifecycle.retention, batchSize: config.lifecycle.retentionBatchSize },
          logger,
          flags.args,
          { dryRun: flags.dryRun },
        );
      }),
    export: (config, logger, flags) =>
      withSystem(config, logger, async (system) => {
        const out = outputOf(flags.out);
        const count = await exportCommand(system, filtersOf(flags.args), out);
        if (out !== process.stdout) await new Promise((done) => out.end(done));
        logger.info({ sessions: count }, 'sessions exported');
      }),
    import: (config, logger, flags) =>
      withSystem(config, logger, async (system) => {
        if (flags.args.length !== 1) throw new UsageError('import takes one file');
        const result = await importCommand(system, inputOf(flags.args[0]));
        logger.info(result, 'sessions imported');
      }),
    reprice: (config, logger, flags) =>
      withSystem(config, logger, async (system) => {
        if (flags.args.length > 0) throw new UsageError('reprice takes no arguments, only flags');
        await repriceCommand(system, { since: flags.since, batchSize: flags.batchSize });
      }),
  };

async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      sessions: { type: 'string' },
      seed: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      'dry-run': { type: 'boolean' },
      out: { type: 'string' },
      since: { type: 'string' },
      'batch-size': { type: 'string' },
    },
  });
  const name = positionals[0] ?? 'start';
  if (name === 'help' || values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage}\n`);
    return 2;
  }
  const sessions =
    values.sessions === undefined
      ? undefined
      : wholeNumberFlag('sessions', values.sessions, 1, 10_000_000);
  const seedValue = wholeNumberFlag('seed', values.seed ?? '1', 0, 4_294_967_295);
  for (const flag of [sessions, seedValue]) {
    if (typeof flag === 'string') {
      process.stderr.write(`hindsight: ${flag}\n`);
      return 2;
    }
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`hindsight: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  try {
    await command(config, logger, {
      json: values.json === true,
      ...(typeof sessions === 'number' ? { sessions } : {}),
      seed: typeof seedValue === 'number' ? seedValue : 1,
      name: values.name,
      scopes: values.scopes,
      dryRun: values['dry-run'] === true,
      out: values.out,
      since: values.since,
      batchSize: values['batch-size'],
      args: positionals.slice(1),
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hindsight: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    logger.fatal({ err: error }, `${name} failed`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // `start` keeps running through its server; the other commands end here.
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hindsight: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
