import { randomUUID } from 'node:crypto';
import test from 'ava';
import type pg from 'pg';
import type { NewEvent } from '../application/ports/event-store.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import type { Projection } from '../projections/projection.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { streamActivity } from '../projections/stream-activity.ts';
import { createTestDatabase } from './support/database.ts';

const event = (type: string, data: unknown = {}): NewEvent => ({ eventId: randomUUID(), type, data });

/** Counts one event type per stream: a second application of an event would show. */
const gevraagd: Projection = {
  name: 'gevraagd',
  handles: ['Gevraagd'],
  async apply(client, events) {
    for (const e of events) {
      if ((e.data as { fout?: boolean }).fout) throw new Error('deze gebeurtenis kan niet worden verwerkt');
      await client.query(
        `INSERT INTO rm.test_gevraagd (stream_id, n) VALUES ($1, 1) ON CONFLICT (stream_id) DO UPDATE SET n = rm.test_gevraagd.n + 1`,
        [e.streamId],
      );
    }
  },
  async reset(client) {
    await client.query('TRUNCATE rm.test_gevraagd');
  },
};

async function setup(batchSize = 7) {
  const db = await createTestDatabase();
  await db.pool.query('CREATE TABLE rm.test_gevraagd (stream_id text PRIMARY KEY, n int NOT NULL)');
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url, pollIntervalMs: 50 });
  const runner = new ProjectionRunner(db.pool, store, [streamActivity, gevraagd], createLogger('silent'), { batchSize, retryDelayMs: 20 });
  return { db, store, runner };
}

const table = async (pool: pg.Pool, sql: string) => (await pool.query(sql)).rows;

test('catch-up applies handled events, skips others, and a rebuild gives the same tables', async (t) => {
  const { db, store, runner } = await setup();
  t.teardown(db.drop);
  for (let i = 0; i < 10; i++) await store.appendToStream(`verzoek-${i % 3}`, 'any', [event('Gevraagd'), event('Anders'), event('Gevraagd')]);
  t.is(await runner.catchUp(gevraagd), 30);
  t.is(await runner.catchUp(streamActivity), 30);
  t.deepEqual(await table(db.pool, 'SELECT stream_id, n FROM rm.test_gevraagd ORDER BY stream_id'), [
    { stream_id: 'verzoek-0', n: 8 },
    { stream_id: 'verzoek-1', n: 6 },
    { stream_id: 'verzoek-2', n: 6 },
  ]);
  const status = await runner.status();
  t.deepEqual(status.map((s) => [s.projection, s.eventsApplied, s.lag]), [['stream-activity', 30n, 0n], ['gevraagd', 20n, 0n]]);
  t.is(status[0]!.checkpoint.globalPosition, (await store.readAll()).at(-1)!.globalPosition);

  const activity = await table(db.pool, 'SELECT * FROM rm.stream_activity ORDER BY stream_id');
  t.is(activity.length, 3);
  t.like(activity[0], { category: 'verzoek', events: 12n, last_event_type: 'Gevraagd' });
  await runner.rebuild(streamActivity);
  await runner.rebuild(gevraagd);
  t.deepEqual(await table(db.pool, 'SELECT * FROM rm.stream_activity ORDER BY stream_id'), activity);
  t.deepEqual((await table(db.pool, 'SELECT n FROM rm.test_gevraagd ORDER BY stream_id')).map((r) => r.n), [8, 6, 6]);
});

test('a failing batch changes neither the read model nor the checkpoint', async (t) => {
  const { db, store, runner } = await setup(100);
  t.teardown(db.drop);
  await store.appendToStream('verzoek-1', 'no_stream', [event('Gevraagd'), event('Gevraagd'), event('Gevraagd', { fout: true })]);
  await t.throwsAsync(runner.catchUp(gevraagd), { message: /kan niet worden verwerkt/ });
  t.deepEqual(await table(db.pool, 'SELECT * FROM rm.test_gevraagd'), []);
  t.like((await runner.status())[1], { eventsApplied: 0n, lag: 3n });
});

test('two runners on one projection apply every event exactly once', async (t) => {
  const { db, store, runner } = await setup(5);
  t.teardown(db.drop);
  for (let i = 0; i < 40; i++) await store.appendToStream(`verzoek-${i % 4}`, 'any', [event('Gevraagd')]);
  const other = new ProjectionRunner(db.pool, store, [gevraagd], createLogger('silent'), { batchSize: 3 });
  // Racing catch-ups lose compare-and-set now and then; they start again until nothing is left.
  const race = async (r: ProjectionRunner) => {
    for (;;) {
      try {
        await r.catchUp(gevraagd);
        return;
      } catch (error) {
        if ((error as Error).name !== 'CheckpointMovedError') throw error;
      }
    }
  };
  await Promise.all([race(runner), race(other), race(runner), race(other)]);
  t.deepEqual((await table(db.pool, 'SELECT n FROM rm.test_gevraagd ORDER BY stream_id')).map((r) => r.n), [10, 10, 10, 10]);
  t.like((await runner.status())[1], { eventsApplied: 40n, lag: 0n });
});

test('a started runner follows new events live and survives a rebuild beside it', async (t) => {
  const { db, store, runner } = await setup();
  t.teardown(db.drop);
  runner.start();
  t.teardown(() => runner.stop());
  const settled = async (expected: bigint) => {
    for (;;) {
      const s = (await runner.status())[1]!;
      if (s.lag === 0n && s.eventsApplied === expected) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await store.appendToStream('verzoek-1', 'no_stream', [event('Gevraagd'), event('Gevraagd')]);
  await settled(2n);
  // A rebuild by another process moves the checkpoint under the live runner.
  const rebuilder = new ProjectionRunner(db.pool, store, [gevraagd], createLogger('silent'), { batchSize: 1 });
  await rebuilder.rebuild(gevraagd);
  await store.appendToStream('verzoek-1', 1n, [event('Gevraagd')]);
  await settled(3n);
  t.deepEqual(await table(db.pool, 'SELECT stream_id, n FROM rm.test_gevraagd'), [{ stream_id: 'verzoek-1', n: 3 }]);
});
