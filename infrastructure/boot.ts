import { join } from 'node:path';
import type { Container } from 'inversify';
import type pg from 'pg';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { TYPES, createContainer } from './container.ts';
import { migrateToLatest } from './database/database.ts';
import { startEmbeddedPostgres } from './database/embedded-postgres.ts';
import { createLogger, type Logger } from './logger.ts';
import { productVersion, projectRoot } from './paths.ts';

export interface Booted {
  config: Config;
  logger: Logger;
  container: Container;
  /** Ends the pool and stops the embedded database if this process started it. */
  close(): Promise<void>;
}

/**
 * What every entry point (server, migrate, rebuild) does first: read the configuration, start
 * the embedded database when DATABASE_URL is unset, wire the container and migrate. A wrong
 * configuration or a missing PostGIS ends the process with a message that says what to do.
 */
export async function boot(entry: string): Promise<Booted> {
  let config: Config;
  try {
    config = loadConfig(process.env, { embeddedDataDir: join(projectRoot, '.data', 'pg') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel).child({ entry });
  logger.info({ version: productVersion }, 'starting');

  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, database: 'omgevingsloket', log: (m) => logger.info(m) });
  const databaseUrl = config.databaseUrl ?? embedded!.databaseUrl;
  const container = createContainer({ config, databaseUrl, logger });
  const pool = container.get<pg.Pool>(TYPES.Pool);
  const close = async () => {
    await pool.end().catch(() => {});
    await embedded?.stop();
  };
  try {
    const result = await migrateToLatest(pool);
    const applied = (result.results ?? []).map((r) => r.migrationName);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  } catch (error) {
    logger.fatal({ err: error }, (error as Error).message);
    await close();
    process.exit(1);
  }
  return { config, logger, container, close };
}
