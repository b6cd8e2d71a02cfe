/**
 * Event store throughput against plain INSERTs into the same table, then an integrity check
 * over everything written: no event lost or duplicated, streams without gaps, readAll complete
 * and in commit order.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { START, WrongExpectedVersionError, compareCheckpoints, type Checkpoint, type NewEvent } from '../application/ports/event-store.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import type { BenchContext } from './run.ts';

const BATCH = 100;
const BATCHES = 200; // 20,000 events each way
const BATCHES_PER_STREAM = 10;
const WRITERS = 8;
const SINGLE_APPENDS_PER_WRITER = 500; // 8 × 500 each way
const SHARED_APPENDS_PER_WRITER = 200; // 8 × 200 into one stream
const ROUNDS = 4; // measured phases alternate with their baseline, so drift hits both alike
const PAGE = 1000;

const ACTORS = ['gm0363:jdevries', 'gm0599:pbakker', 'pv27:mjansen', 'system:import'];
const ACTIVITEITEN = ['bouwen', 'kappen', 'uitrit-aanleggen', 'monument-wijzigen', 'milieu-melding'];

/** A realistic event: about 300 bytes of data, about 150 bytes of metadata. */
function makeEvent(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'VergunningaanvraagIngediend',
    data: {
      aanvraagId: randomUUID(),
      bevoegdGezag: 'gm0363',
      activiteiten: [ACTIVITEITEN[n % 5], ACTIVITEITEN[(n + 2) % 5]],
      locatie: { type: 'Point', coordinates: [121000 + (n % 997) * 1.5, 487000 + (n % 991) * 2.25] },
      omschrijving: 'Plaatsen van een dakkapel aan de achterzijde en vervangen van kozijnen',
      ingediendOp: new Date(1_700_000_000_000 + n * 1000).toISOString(),
      volgnummer: n,
    },
    metadata: { actor: ACTORS[n % ACTORS.length], correlationId: randomUUID(), commandId: randomUUID() },
  };
}

let eventCounter = 0;
const events = (count: number) => Array.from({ length: count }, () => makeEvent(eventCounter++));

const COLUMNS = 'stream_id, stream_position, event_id, type, data, metadata, recorded_at';

function insertSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: 7 }, (_, c) => `$${r * 7 + c + 1}`).join(', ')})`);
  return `INSERT INTO es.events (${COLUMNS}) VALUES ${values.join(', ')}`;
}

/** The same rows the event store would write, by a plain multi-row INSERT. */
async function rawInsert(pool: pg.Pool, sql: string, streamId: string, firstPosition: number, batch: readonly NewEvent[]): Promise<void> {
  const recordedAt = new Date();
  const params: unknown[] = [];
  batch.forEach((e, i) => params.push(streamId, firstPosition + i, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata ?? {}), recordedAt));
  await pool.query(sql, params);
}

/** Runs `work` and returns how long it took in seconds. */
async function timed(work: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const { pool, progress } = ctx;
  const store = new PostgresEventStore(pool, { databaseUrl: ctx.databaseUrl });
  /** Every event id the benchmark stored successfully, by either path. */
  const stored = new Set<string>();
  const remember = (batch: readonly NewEvent[]) => batch.forEach((e) => stored.add(e.eventId));

  // ---- one writer, batches of 100: event store against multi-row INSERT ----
  let storeBatchNo = 0;
  let storeVersion: bigint | undefined;
  const storeBatch = async (batch: NewEvent[]) => {
    if (storeBatchNo % BATCHES_PER_STREAM === 0) storeVersion = undefined;
    const streamId = `aanvraag-batched-${Math.floor(storeBatchNo / BATCHES_PER_STREAM)}`;
    const result = await store.appendToStream(streamId, storeVersion ?? 'no_stream', batch);
    if (!result.appended) throw new Error(`append to ${streamId} was not stored`);
    storeVersion = result.nextExpectedVersion;
    storeBatchNo++;
    remember(batch);
  };
  const batchSql = insertSql(BATCH);
  let rawBatchNo = 0;
  let rawNext = 0;
  const rawBatch = async (batch: NewEvent[]) => {
    if (rawBatchNo % BATCHES_PER_STREAM === 0) rawNext = 0;
    const streamId = `aanvraag-raw-batched-${Math.floor(rawBatchNo / BATCHES_PER_STREAM)}`;
    await rawInsert(pool, batchSql, streamId, rawNext, batch);
    rawNext += batch.length;
    rawBatchNo++;
    remember(batch);
  };

  // Warm up: connections, plans, caches.
  for (let i = 0; i < 10; i++) {
    await storeBatch(events(BATCH));
    await rawBatch(events(BATCH));
  }

  const storeBatches = Array.from({ length: BATCHES }, () => events(BATCH));
  const rawBatches = Array.from({ length: BATCHES }, () => events(BATCH));
  let storeSeconds = 0;
  let rawSeconds = 0;
  const perRound = BATCHES / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    const storePart = storeBatches.slice(round * perRound, (round + 1) * perRound);
    const rawPart = rawBatches.slice(round * perRound, (round + 1) * perRound);
    const phases = [
      async () => {
        storeSeconds += await timed(async () => {
          for (const batch of storePart) await storeBatch(batch);
        });
      },
      async () => {
        rawSeconds += await timed(async () => {
          for (const batch of rawPart) await rawBatch(batch);
        });
      },
    ];
    if (round % 2) phases.reverse();
    for (const phase of phases) await phase();
    progress('batches of 100: event store / raw INSERT', (round + 1) * perRound * 2, BATCHES * 2);
  }
  const batchedEventsPerSec = (BATCHES * BATCH) / storeSeconds;
  const rawInsertRowsPerSec = (BATCHES * BATCH) / rawSeconds;

  // ---- 8 writers, single events, each to its own stream ----
  const storeVersions: (bigint | undefined)[] = Array(WRITERS).fill(undefined);
  const storeSingle = async (writer: number, event: NewEvent) => {
    const result = await store.appendToStream(`aanvraag-concurrent-${writer}`, storeVersions[writer] ?? 'no_stream', [event]);
    if (!result.appended) throw new Error(`append by writer ${writer} was not stored`);
    storeVersions[writer] = result.nextExpectedVersion;
    stored.add(event.eventId);
  };
  const singleSql = insertSql(1);
  const rawPositions: number[] = Array(WRITERS).fill(0);
  const rawSingle = async (writer: number, event: NewEvent) => {
    await rawInsert(pool, singleSql, `aanvraag-raw-concurrent-${writer}`, rawPositions[writer]!, [event]);
    rawPositions[writer]!++;
    stored.add(event.eventId);
  };
  const concurrently = (perWriter: NewEvent[][], append: (writer: number, event: NewEvent) => Promise<void>, onEach: () => void) =>
    timed(async () => {
      await Promise.all(
        perWriter.map(async (list, writer) => {
          for (const event of list) {
            await append(writer, event);
            onEach();
          }
        }),
      );
    });

  const warm = () => Array.from({ length: WRITERS }, () => events(20));
  await concurrently(warm(), storeSingle, () => {});
  await concurrently(warm(), rawSingle, () => {});

  const singleRounds = 2;
  const singlePerRound = SINGLE_APPENDS_PER_WRITER / singleRounds;
  const singleTotal = WRITERS * SINGLE_APPENDS_PER_WRITER;
  let singleDone = 0;
  const tick = () => progress('8 writers, single appends: event store / raw INSERT', ++singleDone, singleTotal * 2);
  let concurrentSeconds = 0;
  let rawConcurrentSeconds = 0;
  for (let round = 0; round < singleRounds; round++) {
    const storeEvents = Array.from({ length: WRITERS }, () => events(singlePerRound));
    const rawEvents = Array.from({ length: WRITERS }, () => events(singlePerRound));
    const phases = [
      async () => void (concurrentSeconds += await concurrently(storeEvents, storeSingle, tick)),
      async () => void (rawConcurrentSeconds += await concurrently(rawEvents, rawSingle, tick)),
    ];
    if (round % 2) phases.reverse();
    for (const phase of phases) await phase();
  }
  const concurrentAppendsPerSec = singleTotal / concurrentSeconds;
  const rawConcurrentInsertRowsPerSec = singleTotal / rawConcurrentSeconds;

  // ---- 8 writers, single events, all to one stream, optimistic concurrency ----
  const shared = 'aanvraag-shared';
  const sharedTotal = WRITERS * SHARED_APPENDS_PER_WRITER;
  let sharedDone = 0;
  let sharedStreamConflicts = 0;
  const sharedEvents = Array.from({ length: WRITERS }, () => events(SHARED_APPENDS_PER_WRITER));
  const sharedSeconds = await timed(async () => {
    await Promise.all(
      sharedEvents.map(async (list) => {
        let version = await store.streamVersion(shared);
        for (const event of list) {
          for (;;) {
            try {
              const result = await store.appendToStream(shared, version ?? 'no_stream', [event]);
              if (!result.appended) throw new Error(`append to ${shared} was not stored`);
              version = result.nextExpectedVersion;
              stored.add(event.eventId);
              break;
            } catch (error) {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
              sharedStreamConflicts++;
              version = await store.streamVersion(shared);
            }
          }
          progress('8 writers, one shared stream', ++sharedDone, sharedTotal);
        }
      }),
    );
  });
  const sharedStreamAppendsPerSec = sharedTotal / sharedSeconds;

  // ---- readAll from the start, pages of 1000, following checkpoints ----
  const count = async () => {
    const { rows } = await pool.query<{ n: bigint; d: bigint }>('SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM es.events');
    return { total: Number(rows[0]!.n), distinct: Number(rows[0]!.d) };
  };
  const before = await count();
  const readIds: string[] = [];
  const readCheckpoints: Checkpoint[] = [];
  const readSeconds = await timed(async () => {
    let after = START;
    for (;;) {
      const page = await store.readAll({ after, limit: PAGE });
      if (page.length === 0) break;
      for (const event of page) {
        readIds.push(event.eventId);
        readCheckpoints.push(event.checkpoint);
      }
      after = page[page.length - 1]!.checkpoint;
      progress('readAll, pages of 1000', readIds.length, before.total);
    }
  });
  const readAllEventsPerSec = readIds.length / readSeconds;

  // ---- integrity over the whole table ----
  const { total: totalEvents, distinct } = await count();
  const readSet = new Set(readIds);
  const { rows: tableRows } = await pool.query<{ id: string }>('SELECT event_id::text AS id FROM es.events');
  const tableIds = new Set(tableRows.map((r) => r.id));
  const lostEvents = [...stored].filter((id) => !tableIds.has(id)).length;
  // In the table, but never returned by readAll: a reader following checkpoints skipped it.
  const missedByReadAll = [...tableIds].filter((id) => !readSet.has(id)).length;
  const duplicatedEvents = Math.max(readIds.length - readSet.size, totalEvents - distinct);
  const { rows: gapRows } = await pool.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM (
       SELECT stream_position, row_number() OVER (PARTITION BY stream_id ORDER BY stream_position) - 1 AS expected
         FROM es.events) AS s
      WHERE stream_position <> expected`,
  );
  let outOfOrder = 0;
  for (let i = 1; i < readCheckpoints.length; i++) {
    if (compareCheckpoints(readCheckpoints[i - 1]!, readCheckpoints[i]!) >= 0) outOfOrder++;
  }
  const orderGaps = Number(gapRows[0]!.n) + outOfOrder + Math.abs(readIds.length - totalEvents);

  const sample = events(100);
  const avgBytes = (pick: (e: NewEvent) => unknown) =>
    Math.round(sample.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(pick(e))), 0) / sample.length);

  const rate = (x: number) => Math.round(x);
  const ratio = (x: number) => Math.round(x * 1000) / 1000;
  return {
    batchedEventsPerSec: rate(batchedEventsPerSec),
    rawInsertRowsPerSec: rate(rawInsertRowsPerSec),
    batchedRatioToRawInsert: ratio(batchedEventsPerSec / rawInsertRowsPerSec),
    concurrentAppendsPerSec: rate(concurrentAppendsPerSec),
    rawConcurrentInsertRowsPerSec: rate(rawConcurrentInsertRowsPerSec),
    concurrentRatioToRawInsert: ratio(concurrentAppendsPerSec / rawConcurrentInsertRowsPerSec),
    sharedStreamAppendsPerSec: rate(sharedStreamAppendsPerSec),
    sharedStreamConflicts,
    readAllEventsPerSec: rate(readAllEventsPerSec),
    totalEvents,
    lostEvents,
    missedByReadAll,
    duplicatedEvents,
    orderGaps,
    eventDataBytes: avgBytes((e) => e.data),
    eventMetadataBytes: avgBytes((e) => e.metadata),
  };
}

const n = (x: number | undefined) => (x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: 3 }));

export function table(r: Record<string, number>): string[][] {
  return [
    ['', 'measured', 'raw INSERT', 'ratio', 'aim'],
    ['batched appends, 100 per append, 1 writer (events/s)', n(r.batchedEventsPerSec), n(r.rawInsertRowsPerSec), n(r.batchedRatioToRawInsert), '≥ 10,000/s, ratio ≥ 0.7'],
    ['single appends, 8 writers, own streams (appends/s)', n(r.concurrentAppendsPerSec), n(r.rawConcurrentInsertRowsPerSec), n(r.concurrentRatioToRawInsert), '≥ 2,000/s'],
    ['single appends, 8 writers, one stream (appends/s)', n(r.sharedStreamAppendsPerSec), '', '', ''],
    ['  conflicts retried on the shared stream', n(r.sharedStreamConflicts), '', '', ''],
    ['readAll, pages of 1000 (events/s)', n(r.readAllEventsPerSec), '', '', ''],
    ['event size: data / metadata (bytes)', `${n(r.eventDataBytes)} / ${n(r.eventMetadataBytes)}`, '', '', ''],
    ['total events', n(r.totalEvents), '', '', ''],
    ['lost events', n(r.lostEvents), '', '', '0'],
    ['events in the table that readAll skipped', n(r.missedByReadAll), '', '', '0'],
    ['duplicated events', n(r.duplicatedEvents), '', '', '0'],
    ['order violations and gaps', n(r.orderGaps), '', '', '0'],
  ];
}

export function failures(r: Record<string, number>): string[] {
  return (['lostEvents', 'missedByReadAll', 'duplicatedEvents', 'orderGaps'] as const).filter((k) => r[k] !== 0).map((k) => `${k} is ${r[k]}, must be 0`);
}
