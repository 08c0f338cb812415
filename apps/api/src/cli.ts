#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { checkSchema, formatSchemaReport } from '@hindsight/repository';
import { createServices } from '@hindsight/service';
import closeWithGrace from 'close-with-grace';
import { type Config, ConfigError, loadConfig } from './env.js';
import { createLogger, type Logger } from './logger.js';
import { connectDatabase, openDatabase, startServer } from './server.js';

const usage = `Usage: hindsight <command>

Commands:
  start     migrate the database and serve the API (default)
  migrate   apply pending migrations and exit
  seed      load the demo sessions (idempotent) and exit
  check-schema [--json]
            compare the database with the schema and the models; exit 1 on drift
  help      show this message

Configuration comes from environment variables: PORT, HOST, DATABASE_URL,
LOG_LEVEL, SHUTDOWN_TIMEOUT_MS, HINDSIGHT_SCHEMA_CHECK (see the README).`;

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

async function seed(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger);
  try {
    const services = createServices({ db: database.db });
    const result = await services.seedDemoSessions({ now_us: Date.now() * 1000 });
    logger.info(result, 'demo sessions loaded');
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
}

const commands: Record<string, (config: Config, logger: Logger, flags: CliFlags) => Promise<void>> =
  {
    start,
    migrate: migrateOnly,
    seed,
    'check-schema': checkSchemaCommand,
  };

async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
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
    await command(config, logger, { json: values.json === true });
    return 0;
  } catch (error) {
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
