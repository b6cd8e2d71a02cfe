import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { streamActivity } from '../projections/stream-activity.ts';
import { createTestDatabase } from './support/database.ts';

const TOTAL = 20_000;

/** The real projector role, as `npm start -- --role projector` runs it. */
function startProjector(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'infrastructure/main.ts', '--role', 'projector'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PROJECTION_BATCH_SIZE: '50', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

test('a projector killed mid-batch and restarted ends in the state of a clean rebuild', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  for (let i = 0; i < TOTAL / 100; i++) {
    await store.appendToStream(`verzoek-${i % 150}`, 'any', Array.from({ length: 100 }, (_, j) => ({ eventId: randomUUID(), type: `Stap${j % 7}`, data: { i, j } })));
  }
  const applied = async () => (await db.pool.query<{ n: bigint }>(`SELECT coalesce(max(events_applied), 0) AS n FROM rm.checkpoints WHERE projection = 'stream-activity'`)).rows[0]!.n;

  // Kill it while one of its batch transactions has written but not committed.
  const first = startProjector(db.url);
  const firstExit = exited(first);
  let openBatchSeen = false;
  for (;;) {
    const { rowCount } = await db.pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
    );
    if (rowCount && (await applied()) > 0n) {
      first.kill('SIGKILL');
      openBatchSeen = true;
      break;
    }
    if (first.exitCode !== null) break;
  }
  await firstExit;
  t.true(openBatchSeen, 'the projector was killed with a batch open');
  const atKill = await applied();
  t.true(atKill > 0n && atKill < BigInt(TOTAL), `killed part-way (${atKill} of ${TOTAL})`);

  const second = startProjector(db.url);
  const secondExit = exited(second);
  while ((await applied()) < BigInt(TOTAL)) await new Promise((r) => setTimeout(r, 50));
  second.kill('SIGTERM');
  t.is(await secondExit, 0, 'stops cleanly on SIGTERM');

  const snapshot = async () => (await db.pool.query('SELECT * FROM rm.stream_activity ORDER BY stream_id')).rows;
  const resumed = await snapshot();
  t.is(resumed.length, 150);
  t.is(resumed.reduce((sum, r) => sum + Number(r.events), 0), TOTAL, 'every event counted exactly once');

  const runner = new ProjectionRunner(db.pool, store, [streamActivity], createLogger('silent'), { batchSize: 1000 });
  t.is(await runner.rebuild(streamActivity), TOTAL);
  t.deepEqual(await snapshot(), resumed);
});
