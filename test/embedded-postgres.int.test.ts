import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pg from 'pg';
import { startEmbeddedPostgres } from '../infrastructure/database/embedded-postgres.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import { createTestDatabase } from './support/database.ts';

test('the embedded cluster starts in its own folder with PostGIS, is reused while running, and stops', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'omgevingsloket-embedded-'));
  chmodSync(parent, 0o755); // as root the cluster runs as the postgres user, who must reach it
  t.teardown(() => rmSync(parent, { recursive: true, force: true }));
  const dataDir = join(parent, 'pg');
  const first = await startEmbeddedPostgres({ dataDir, database: 'loket' });
  t.true(existsSync(join(dataDir, 'PG_VERSION')));
  t.regex(first.databaseUrl, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/loket$/);

  const client = new pg.Client({ connectionString: first.databaseUrl });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  const { rows } = await client.query(`SELECT ST_AsText(ST_Transform(ST_SetSRID(ST_Point(155000, 463000), 28992), 4326)) AS p`);
  t.regex(rows[0].p, /^POINT\(5\.38\d+ 52\.15\d+\)$/, 'Amersfoort in RD becomes WGS84');
  await client.end();

  // A second start finds it running and uses it without owning it.
  const second = await startEmbeddedPostgres({ dataDir, database: 'loket' });
  t.is(second.databaseUrl, first.databaseUrl);
  await second.stop();
  const stillUp = new pg.Client({ connectionString: first.databaseUrl });
  await stillUp.connect();
  await stillUp.end();

  await first.stop();
  const down = new pg.Client({ connectionString: first.databaseUrl });
  await t.throwsAsync(down.connect(), { code: 'ECONNREFUSED' });
});

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: projectRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

test('start-up names every wrong variable and an unknown role, and exits', (t) => {
  const bad = cli(['infrastructure/main.ts'], { PORT: 'abc', LOG_LEVEL: 'luid', DATABASE_URL: 'http://x' });
  t.is(bad.status, 2);
  t.regex(bad.stderr, /Invalid configuration:/);
  for (const name of ['DATABASE_URL', 'PORT', 'LOG_LEVEL']) t.regex(bad.stderr, new RegExp(`- ${name}: `));
  const role = cli(['infrastructure/main.ts', '--role', 'kaart'], {});
  t.is(role.status, 2);
  t.regex(role.stderr, /Unknown role "kaart"\. Use one of: all, api, projector, tiles/);
});

test('npm run migrate and npm run rebuild work against DATABASE_URL', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const env = { DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
  t.is(cli(['infrastructure/cli/migrate.ts'], env).status, 0);
  await db.pool.query(
    `INSERT INTO es.events (stream_id, stream_position, event_id, type, data, recorded_at)
     SELECT 'verzoek-1', g, gen_random_uuid(), 'Stap', '{}', now() FROM generate_series(0, 2499) g`,
  );
  const rebuild = cli(['infrastructure/cli/rebuild.ts', 'all'], env);
  t.is(rebuild.status, 0, rebuild.stderr);
  t.regex(rebuild.stderr, /rebuild stream-activity 2500\/2500 \(100%.*done in/);
  const { rows } = await db.pool.query('SELECT events FROM rm.stream_activity');
  t.deepEqual(rows, [{ events: 2500n }]);
  const unknown = cli(['infrastructure/cli/rebuild.ts', 'bestaat-niet'], env);
  t.is(unknown.status, 2);
  t.regex(unknown.stderr, /Unknown projection: bestaat-niet\. Usage: npm run rebuild -- <projection\|all>\nProjections: stream-activity/);
});
