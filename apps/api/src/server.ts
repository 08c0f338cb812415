import type { AddressInfo } from 'node:net';
import { createApi } from '@hindsight/api';
import { createDatabase, type Database, migrate, redactUrl } from '@hindsight/repository';
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

/** Opens and migrates the database named by the configuration. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await createDatabase(config.databaseUrl);
  logger.info(
    { database: redactUrl(config.databaseUrl), dialect: database.dialect },
    'database opened',
  );
  await migrate(database);
  logger.info('migrations applied');
  return database;
}

/** The composition root: database, services and API wired together and served. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase(config, logger);
  const services = createServices({ db: database.db });
  const app = createApi({ services, logger });

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
