/**
 * `npm test`: runs every ava test against a real PostgreSQL + PostGIS. With DATABASE_URL unset
 * it starts a private cluster (in .data/pg-test), and stops it when the tests are done.
 * Extra arguments go to ava (`npm test -- test/http.int.test.ts`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../database/embedded-postgres.ts';
import { projectRoot } from '../paths.ts';

const say = (message: string) => process.stderr.write(`[test] ${message}\n`);

const embedded = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: join(projectRoot, '.data', 'pg-test'), database: 'omgevingsloket_test', log: say });

const child = spawn(process.execPath, [join(projectRoot, 'node_modules', 'ava', 'entrypoints', 'cli.mjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: projectRoot,
  env: { ...process.env, ...(embedded ? { DATABASE_URL: embedded.databaseUrl } : {}) },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await embedded?.stop();
process.exit(code);
