/**
 * `npm start`: the whole product in one process, or one role of it:
 *   npm start -- --role api        HTTP API (and the web app)
 *   npm start -- --role projector  keeps the read models up to date
 *   npm start -- --role tiles      serves vector tiles
 * Roles share nothing but the database, so each can run and scale on its own.
 */
import type { Server } from 'node:http';
import type express from 'express';
import { boot } from './boot.ts';
import { TYPES } from './container.ts';
import { laadDemo } from './demo/demo.ts';
import { demoDeps } from './container.ts';
import type { ProjectionRunner } from '../projections/runner.ts';
import { bouwWebAlsNodig } from './cli/bouw-web.ts';
import type { PostgresInhoudsindex } from './omgevingsdocumenten/postgres-inhoudsindex.ts';

const ROLES = ['all', 'api', 'projector', 'tiles'] as const;
type Role = (typeof ROLES)[number];

function parseRole(argv: string[]): Role {
  const i = argv.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (i === -1) return 'all';
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (!ROLES.includes(value as Role)) {
    process.stderr.write(`Unknown role ${JSON.stringify(value)}. Use one of: ${ROLES.join(', ')}\n`);
    process.exit(2);
  }
  return value as Role;
}

const role = parseRole(process.argv.slice(2));
const { config, logger, container, close } = await boot(`server:${role}`);

let server: Server | undefined;
let runner: ProjectionRunner | undefined;

if (role === 'all' || role === 'api') {
  // The viewer as web/src has it: built when a source changed since the last build.
  await bouwWebAlsNodig((m) => logger.info(m));
  // Content sets left by a command that died halfway (a crash) belong to no version.
  const opgeruimd = await container.get<PostgresInhoudsindex>(TYPES.Inhoudsindex).ruimOp();
  if (opgeruimd > 0) logger.info({ inhoudsets: opgeruimd }, 'content sets without a version removed');
}

if (role === 'all' && config.demoData) {
  // Idempotent: a second start stores nothing new. The projector below catches up on it.
  const demo = await laadDemo(demoDeps(container, logger));
  logger.info(demo, 'demo data present');
}

if (role === 'all' || role === 'projector') {
  runner = container.get<ProjectionRunner>(TYPES.ProjectionRunner);
  runner.start();
  logger.info({ projections: runner.projections.map((p) => p.name) }, 'projector running');
}
if (role !== 'projector') {
  const app = container.get<express.Express>(role === 'tiles' ? TYPES.TilesApp : TYPES.HttpApp);
  server = app.listen(config.port, () => {
    const address = server!.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ port, url: `http://localhost:${port}/` }, 'listening');
  });
  server.on('error', async (error) => {
    logger.fatal({ err: error }, `cannot listen on port ${config.port}: ${error.message}`);
    await shutdown(1);
  });
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('stopping');
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  await runner?.stop();
  await close();
  logger.info('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
