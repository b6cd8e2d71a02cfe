import { randomUUID } from 'node:crypto';
import test from 'ava';
import type { NewEvent, RecordedEvent } from '../application/ports/event-store.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createTestDatabase } from './support/database.ts';
import { eventStoreContract } from './support/event-store-contract.ts';

eventStoreContract(test, 'postgres', async () => {
  const db = await createTestDatabase();
  let now = new Date();
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => now, pollIntervalMs: 100 });
  return { store, setNow: (date) => (now = date), cleanup: db.drop };
});

const event = (type = 'Iets', data: unknown = {}): NewEvent => ({ eventId: randomUUID(), type, data, metadata: { actor: 'test' } });

test('postgres: an event that commits late is read after it commits, never skipped', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  await store.appendToStream('s-0', 'no_stream', [event('Eerst')]);

  // A slow writer takes a global position first and commits last.
  const slow = await db.pool.connect();
  await slow.query('BEGIN');
  await slow.query(`SELECT * FROM es.append_to_stream('s-slow', -1, ARRAY[$1::uuid], ARRAY['Traag'], ARRAY['{}'], ARRAY['{}'], now())`, [randomUUID()]);
  let before: RecordedEvent[];
  try {
    await store.appendToStream('s-fast', 'no_stream', [event('Snel')]);
    before = await store.readAll();
  } finally {
    await slow.query('COMMIT');
    slow.release();
  }
  t.deepEqual(before.map((e) => e.type), ['Eerst'], 'nothing after the open transaction was visible');

  const after = await store.readAll({ after: before.at(-1)!.checkpoint });
  t.deepEqual(after.map((e) => e.type).sort(), ['Snel', 'Traag']);
  const { rows } = await db.pool.query<{ n: bigint }>('SELECT count(*) AS n FROM es.events');
  t.is(rows[0]!.n, 3n);
});

test('postgres: a reader following 8 concurrent writers sees every event exactly once', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  let writing = true;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; i < 60; i++) await store.appendToStream(w % 2 ? `w-${w}` : 'gedeeld', 'any', [event('Geschreven', { w, i })]);
  });
  const seen: RecordedEvent[] = [];
  const reader = (async () => {
    let after = undefined as RecordedEvent['checkpoint'] | undefined;
    for (;;) {
      const stillWriting = writing;
      const batch = await store.readAll({ after, limit: 7 });
      seen.push(...batch);
      if (batch.length > 0) after = batch.at(-1)!.checkpoint;
      else if (!stillWriting) return;
    }
  })();
  await Promise.all(writers);
  writing = false;
  await reader;
  t.is(seen.length, 480);
  t.is(new Set(seen.map((e) => e.eventId)).size, 480);
  const perWriter = new Map<string, number[]>();
  for (const e of seen) {
    const { w, i } = e.data as { w: number; i: number };
    perWriter.set(String(w), [...(perWriter.get(String(w)) ?? []), i]);
  }
  // Each writer's events arrive in the order it wrote them.
  for (const list of perWriter.values()) t.deepEqual(list, [...list].sort((a, b) => a - b));
});

test('postgres: a subscription is woken by NOTIFY and falls back to polling', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  // Polling every hour: only a notification can deliver the first event in time for the test.
  const notified = new PostgresEventStore(db.pool, { databaseUrl: db.url, pollIntervalMs: 3_600_000 });
  const got: string[] = [];
  let wake: () => void = () => {};
  const sub = notified.subscribeToAll({
    handler: async (events) => {
      got.push(...events.map((e) => e.type));
      wake();
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 200)); // let it LISTEN
  await notified.appendToStream('s-1', 'no_stream', [event('Gemeld')]);
  await new Promise<void>((resolve) => (wake = resolve));
  await sub.stop();
  t.deepEqual(got, ['Gemeld']);

  // A row written without NOTIFY (as by a bulk load) is still found by polling.
  const polled = new PostgresEventStore(db.pool, { databaseUrl: db.url, pollIntervalMs: 50 });
  const seen: string[] = [];
  let done: () => void = () => {};
  const sub2 = polled.subscribeToAll({
    after: (await polled.readAll()).at(-1)!.checkpoint,
    handler: async (events) => {
      seen.push(...events.map((e) => e.type));
      done();
    },
  });
  await db.pool.query(
    `INSERT INTO es.events (stream_id, stream_position, event_id, type, data, recorded_at) VALUES ('s-2', 0, $1, 'StilGeladen', '{}', now())`,
    [randomUUID()],
  );
  await new Promise<void>((resolve) => (done = resolve));
  await sub2.stop();
  t.deepEqual(seen, ['StilGeladen']);
});

test('postgres: metadata is stored as given, recorded time as the clock says', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => new Date('2023-05-01T08:00:00Z') });
  const metadata = { actor: 'gm0160:jdevries', correlationId: randomUUID(), causationId: randomUUID(), commandId: randomUUID() };
  await store.appendToStream('s-1', 'no_stream', [{ eventId: randomUUID(), type: 'Vastgesteld', data: { a: 1 }, metadata }]);
  const { rows } = await db.pool.query('SELECT metadata, recorded_at FROM es.events');
  t.deepEqual(rows[0].metadata, metadata);
  t.is((rows[0].recorded_at as Date).toISOString(), '2023-05-01T08:00:00.000Z');
});

test('postgres: commit order follows transaction ids as numbers, also across 99 → 100', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  // Rows as old transactions wrote them (below any current xid); ids of different lengths sort wrongly as text.
  for (const [xid, n] of [['100', 1], ['99', 2], ['10', 3], ['9', 4], ['101', 5]] as const) {
    await db.pool.query(
      `INSERT INTO es.events (transaction_id, stream_id, stream_position, event_id, type, data, recorded_at)
       VALUES ($1::xid8, $2, 0, $3, 'Oud', $4, now())`,
      [xid, `s-${n}`, randomUUID(), JSON.stringify({ n })],
    );
  }
  const all = await store.readAll();
  t.deepEqual(all.map((e) => e.checkpoint.transactionId), [9n, 10n, 99n, 100n, 101n]);
  const paged: bigint[] = [];
  for (let page = await store.readAll({ limit: 2 }); page.length; page = await store.readAll({ after: page.at(-1)!.checkpoint, limit: 2 })) {
    paged.push(...page.map((e) => e.checkpoint.transactionId));
  }
  t.deepEqual(paged, [9n, 10n, 99n, 100n, 101n]);
});
