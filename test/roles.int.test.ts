import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pg from 'pg';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import { createTestDatabase } from './support/database.ts';

interface Running {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  waitFor(msg: string): Promise<Record<string, unknown>>;
  stop(): Promise<number | null>;
}

/** Runs `npm start -- <args>` the way npm does (tsx main.ts), reading its JSON logs. An undefined variable is unset. */
function start(args: string[], env: Record<string, string | undefined>): Running {
  const merged = Object.entries({ ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }).filter(([, v]) => v !== undefined);
  const child = spawn(process.execPath, ['--import', 'tsx', 'infrastructure/main.ts', ...args], {
    cwd: projectRoot,
    env: Object.fromEntries(merged),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk);
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      logs.push(line);
      for (const w of waiters.filter((w) => w.msg === line.msg)) w.resolve(line);
    }
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logs,
    waitFor: (msg) => {
      const seen = logs.find((l) => l.msg === msg);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ msg, resolve }));
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
}

test('the api and projector roles run as separate processes against one database', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const api = start(['--role', 'api'], { DATABASE_URL: db.url });
  const projector = start(['--role=projector'], { DATABASE_URL: db.url });
  t.teardown(async () => void (await Promise.all([api.stop(), projector.stop()])));
  const { port } = await api.waitFor('listening');
  await projector.waitFor('projector running');
  t.is(projector.logs.find((l) => l.msg === 'listening'), undefined, 'the projector serves no HTTP');
  t.false(api.logs.some((l) => l.msg === 'projector running'), 'the api runs no projections');

  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  await store.appendToStream('verzoek-1', 'no_stream', [{ eventId: randomUUID(), type: 'Ingediend', data: {} }]);
  for (;;) {
    const ready = (await (await fetch(`http://127.0.0.1:${port}/api/ready`)).json()) as { projections: { lag: number; eventsApplied: number }[] };
    if (ready.projections[0]!.eventsApplied === 1) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  t.deepEqual((await db.pool.query('SELECT stream_id, events FROM rm.stream_activity')).rows, [{ stream_id: 'verzoek-1', events: 1n }]);
  t.is(await api.stop(), 0);
  t.is(await projector.stop(), 0);
});

test('the tiles role runs alone: tiles, TileJSON and the event stream, not the rest of the API', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const tiles = start(['--role', 'tiles'], { DATABASE_URL: db.url });
  t.teardown(async () => void (await tiles.stop()));
  const { port } = await tiles.waitFor('listening');
  const basis = `http://127.0.0.1:${port}`;
  const tj = await fetch(`${basis}/tiles/werkingsgebieden.json`);
  t.is(tj.status, 200);
  const url = ((await tj.json()) as { tiles: string[] }).tiles[0]!.replace('{z}/{x}/{y}', '7/66/42');
  const tegel = await fetch(url);
  t.is(tegel.status, 204, 'an empty database: an empty tile');
  t.is((await fetch(`${basis}/api/presenteren/v1/regelingen`)).status, 404, 'the tiles role serves no query API');
  t.is((await fetch(`${basis}/api/health`)).status, 200);
  const events = await fetch(`${basis}/api/events`);
  const lezer = events.body!.getReader();
  let tekst = '';
  while (!/event: tiles\n[^]*?\n\n/.test(tekst)) tekst += new TextDecoder().decode((await lezer.read()).value);
  t.regex(tekst, /event: tiles\nid: 0\ndata: \{"v":"0"\}/, 'the event stream starts with the version (no checkpoints yet)');
  await lezer.cancel();
  t.false(tiles.logs.some((l) => l.msg === 'projector running'), 'the tiles role runs no projections');
  t.is(await tiles.stop(), 0);
});

test('quick start: without DATABASE_URL the product starts its own PostgreSQL and stops it on exit', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'omgevingsloket-start-'));
  chmodSync(parent, 0o755);
  t.teardown(() => rmSync(parent, { recursive: true, force: true }));
  const product = start([], { DATABASE_URL: undefined, EMBEDDED_DATA_DIR: join(parent, 'pg') });
  const { port } = await product.waitFor('listening');
  const ready = await fetch(`http://127.0.0.1:${port}/api/ready`);
  t.is(ready.status, 200);
  t.like(await ready.json(), { status: 'ready', migrations: { pending: [] } });
  const started = product.logs.find((l) => String(l.msg).startsWith('private PostgreSQL started on'));
  t.truthy(started);
  const dbPort = String(started!.msg).split(':').at(-1);
  t.is(await product.stop(), 0);
  t.true(product.logs.some((l) => l.msg === 'private PostgreSQL stopped'));
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${dbPort}/postgres` });
  await t.throwsAsync(client.connect(), { code: 'ECONNREFUSED' });
});
