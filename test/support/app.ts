import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type express from 'express';
import type pg from 'pg';
import type { EventStore } from '../../application/ports/event-store.ts';
import { loadConfig } from '../../infrastructure/config.ts';
import { TYPES, createContainer } from '../../infrastructure/container.ts';
import type { HttpFeature } from '../../infrastructure/http/app.ts';
import { createLogger } from '../../infrastructure/logger.ts';
import type { ProjectionRunner } from '../../projections/runner.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  baseUrl: string;
  db: TestDatabase;
  store: EventStore;
  runner: ProjectionRunner;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * The real app from the composition root on a fresh database, listening on a free port.
 * `extraFeatures` lets a test mount routes the product does not have yet.
 */
export async function startTestApp(options: { env?: NodeJS.ProcessEnv; extraFeatures?: (store: EventStore) => HttpFeature[]; db?: TestDatabase } = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({ LOG_LEVEL: 'info', ...options.env }, { embeddedDataDir: '/nonexistent' });
  const container = createContainer({ config, databaseUrl: db.url, logger: createLogger(config.logLevel, sink) });
  const store = container.get<EventStore>(TYPES.EventStore);
  if (options.extraFeatures) {
    const features = container.get<HttpFeature[]>(TYPES.HttpFeatures);
    container.rebind(TYPES.HttpFeatures).toConstantValue([...features, ...options.extraFeatures(store)]);
  }
  const app = container.get<express.Express>(TYPES.HttpApp);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const pool = container.get<pg.Pool>(TYPES.Pool);
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    store,
    runner: container.get<ProjectionRunner>(TYPES.ProjectionRunner),
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
      await db.drop();
    },
  };
}
