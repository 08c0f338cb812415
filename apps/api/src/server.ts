import type { AddressInfo } from 'node:net';
import { createApi } from '@hindsight/api';
import {
  checkSchema,
  createDatabase,
  type Database,
  formatSchemaReport,
  migrate,
  redactUrl,
} from '@hindsight/repository';
import { createServices } from '@hindsight/service';
import { serve } from '@hono/node-server';
import type { Config } from './env.js';
import type { Logger } from './logger.js';

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

/** The database does not match the schema the code expects. */
export class SchemaDriftError extends Error {
  constructor(report: string) {
    super(
      `the database does not conform to the schema; refusing to serve (set HINDSIGHT_SCHEMA_CHECK=warn to start anyway)\n${report}`,
    );
    this.name = 'SchemaDriftError';
  }
}

/** Opens the database named by the configuration, without migrating it. */
export async function connectDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await createDatabase(config.databaseUrl);
  logger.info(
    { database: redactUrl(config.databaseUrl), dialect: database.dialect },
    'database opened',
  );
  return database;
}

/**
 * Opens and migrates the database, then checks that it conforms to the schema
 * and the models: a server never serves from a database it does not understand.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await connectDatabase(config, logger);
  try {
    await migrate(database);
    logger.info('migrations applied');
    const report = await checkSchema(database);
    if (!report.ok) {
      if (config.schemaCheck === 'error') throw new SchemaDriftError(formatSchemaReport(report));
      logger.warn({ problems: report.problems }, 'the database does not conform to the schema');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** The composition root: database, services and API wired together and served. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase(config, logger);
  const { maxBodyBytes, ...ingestLimits } = config.ingest;
  const services = createServices({ db: database.db }, { ingestLimits });
  const app = createApi({ services, logger, maxBodyBytes });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'hindsight is listening');

  return {
    url,
    async close() {
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await database.close();
      logger.info('hindsight stopped');
    },
  };
}
