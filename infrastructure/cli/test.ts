/**
 * `npm test`: runs every ava test against a real PostgreSQL + PostGIS. With DATABASE_URL unset
 * it starts a private cluster (in .data/pg-test), and stops it when the tests are done.
 * Extra arguments go to ava (`npm test -- test/http.int.test.ts`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../database/embedded-postgres.ts';
import { projectRoot } from '../paths.ts';
import { bouwWebAlsNodig } from './bouw-web.ts';

const say = (message: string) => process.stderr.write(`[test] ${message}\n`);

// The browser tests use the viewer as web/src has it.
await bouwWebAlsNodig(say);

const embedded = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: join(projectRoot, '.data', 'pg-test'), database: 'omgevingsloket_test', log: say });

const child = spawn(process.execPath, [join(projectRoot, 'node_modules', 'ava', 'entrypoints', 'cli.mjs'), ...process.argv.slice(2)], {
  stdio: ['inherit', 'pipe', 'inherit'],
  cwd: projectRoot,
  env: { ...process.env, ...(embedded ? { DATABASE_URL: embedded.databaseUrl } : {}) },
});
// ava's output passes through; its counts are also kept for one plain closing line that CI reads.
let output = '';
child.stdout!.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  output = (output + chunk.toString()).slice(-4000);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => child.on('close', (c, s) => resolve(c ?? (s ? 1 : 0))));
await embedded?.stop();
const count = (word: string) => Number(new RegExp(`(\\d+) tests? ${word}`).exec(output)?.[1] ?? 0);
process.stdout.write(`\ntests: ${count('passed')} passed, ${count('failed')} failed\n`);
process.exit(code);
