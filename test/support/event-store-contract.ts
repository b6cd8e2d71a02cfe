import { randomUUID } from 'node:crypto';
import type { ExecutionContext, TestFn } from 'ava';
import {
  DuplicateEventIdError,
  InvalidAppendError,
  WrongExpectedVersionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../application/ports/event-store.ts';

/**
 * The behaviour every EventStore adapter must show. An adapter's test file calls this with a
 * factory that gives a fresh, empty store per test and a clock the test can move.
 */
export interface ContractStore {
  store: EventStore;
  /** Sets the time the store records for the next appends. */
  setNow(date: Date): void;
  /** Removes what the store holds (a database, say). */
  cleanup(): Promise<void>;
}

const event = (type = 'RegelingVastgesteld', data: unknown = { n: 1 }): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { actor: 'gm0160:tester', correlationId: randomUUID(), causationId: randomUUID(), commandId: randomUUID() },
});

/**
 * Reads all events until two reads agree. A reader of all events may see a commit a moment late
 * (it waits for transactions that might still write before it, see the PostgreSQL adapter);
 * what it returns must still be complete and in order once settled.
 */
async function readAllSettled(store: EventStore): Promise<RecordedEvent[]> {
  let previous: RecordedEvent[] | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    const all: RecordedEvent[] = [];
    for (let page = await store.readAll({ limit: 1000 }); page.length > 0; page = await store.readAll({ after: page.at(-1)!.checkpoint, limit: 1000 })) all.push(...page);
    if (previous && previous.length === all.length) return all;
    previous = all;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return previous!;
}

export function eventStoreContract(test: TestFn, adapter: string, create: () => Promise<ContractStore>): void {
  const contract = (title: string, body: (t: ExecutionContext, s: ContractStore) => Promise<void>) =>
    test(`${adapter} contract: ${title}`, async (t) => {
      const s = await create();
      try {
        await body(t, s);
      } finally {
        await s.cleanup();
      }
    });

  contract('appends to a new stream and reads it back in order with data and metadata', async (t, { store }) => {
    const events = [event('A', { tekst: 'Artikel 1 – “geldig”', lijst: [1, 2] }), event('B'), event('C')];
    const result = await store.appendToStream('regeling-gm0160', 'no_stream', events);
    t.deepEqual(result, { nextExpectedVersion: 2n, appended: true });
    const read = await store.readStream('regeling-gm0160');
    t.deepEqual(
      read.map((e) => [e.eventId, e.type, e.streamId, e.streamPosition]),
      events.map((e, i) => [e.eventId, e.type, 'regeling-gm0160', BigInt(i)]),
    );
    t.deepEqual(read[0]!.data, { tekst: 'Artikel 1 – “geldig”', lijst: [1, 2] });
    t.deepEqual(read[0]!.metadata, events[0]!.metadata);
    t.true(read[0]!.recordedAt instanceof Date);
    t.is(await store.streamVersion('regeling-gm0160'), 2n);
    t.is(await store.streamVersion('regeling-bestaat-niet'), undefined);
    t.deepEqual(await store.readStream('regeling-bestaat-niet'), []);
  });

  contract('a wrong expected version is a typed conflict and stores nothing', async (t, { store }) => {
    await store.appendToStream('s-1', 'no_stream', [event(), event()]);
    const again = await t.throwsAsync(store.appendToStream('s-1', 'no_stream', [event()]), { instanceOf: WrongExpectedVersionError });
    t.is(again.actual, 1n);
    const stale = await t.throwsAsync(store.appendToStream('s-1', 0n, [event()]), { instanceOf: WrongExpectedVersionError });
    t.is(stale.expected, 0n);
    t.is(stale.actual, 1n);
    const ahead = await t.throwsAsync(store.appendToStream('s-2', 0n, [event()]), { instanceOf: WrongExpectedVersionError });
    t.is(ahead.actual, undefined);
    t.is((await store.readStream('s-1')).length, 2);
    t.is(await store.streamVersion('s-2'), undefined);
    t.deepEqual(await store.appendToStream('s-1', 1n, [event()]), { nextExpectedVersion: 2n, appended: true });
    t.deepEqual(await store.appendToStream('s-1', 'any', [event()]), { nextExpectedVersion: 3n, appended: true });
    t.deepEqual(await store.appendToStream('s-3', 'any', [event()]), { nextExpectedVersion: 0n, appended: true });
  });

  contract('a retried append is idempotent: event ids seen before are not stored twice', async (t, { store }) => {
    const batch = [event(), event()];
    await store.appendToStream('s-1', 'no_stream', batch);
    // The retry still says no_stream (the caller never saw the first answer); it must not conflict.
    t.deepEqual(await store.appendToStream('s-1', 'no_stream', batch), { nextExpectedVersion: 1n, appended: false });
    t.deepEqual(await store.appendToStream('s-1', 'any', batch), { nextExpectedVersion: 1n, appended: false });
    t.is((await store.readStream('s-1')).length, 2);
    t.is((await readAllSettled(store)).length, 2);
  });

  contract('an append mixing stored and new event ids, or reusing an id in another stream, is refused whole', async (t, { store }) => {
    const first = event();
    await store.appendToStream('s-1', 'no_stream', [first]);
    const mixed = await t.throwsAsync(store.appendToStream('s-1', 0n, [first, event()]), { instanceOf: DuplicateEventIdError });
    t.deepEqual(mixed.eventIds, [first.eventId]);
    await t.throwsAsync(store.appendToStream('s-2', 'any', [first]), { instanceOf: DuplicateEventIdError });
    t.is((await readAllSettled(store)).length, 1);
  });

  contract('bad input is refused before anything is stored', async (t, { store }) => {
    for (const streamId of ['', ' spatie', '$all', 'a b', 'x'.repeat(513), 'regel\nnieuw']) {
      const error = await t.throwsAsync(store.appendToStream(streamId, 'any', [event()]), { instanceOf: InvalidAppendError });
      t.is(error.reason, 'stream_id', streamId);
    }
    const big = await t.throwsAsync(store.appendToStream('s-1', 'any', [event('Groot', { blob: 'x'.repeat(1024 * 1024) })]), {
      instanceOf: InvalidAppendError,
    });
    t.is(big.reason, 'too_large');
    t.regex(big.message, /1 MiB/);
    t.is((await t.throwsAsync(store.appendToStream('s-1', 'any', []), { instanceOf: InvalidAppendError })).reason, 'empty');
    const badId = { ...event(), eventId: 'niet-een-uuid' };
    t.is((await t.throwsAsync(store.appendToStream('s-1', 'any', [badId]), { instanceOf: InvalidAppendError })).reason, 'event_id');
    const twice = event();
    t.is((await t.throwsAsync(store.appendToStream('s-1', 'any', [twice, twice]), { instanceOf: InvalidAppendError })).reason, 'event_id');
    t.is((await t.throwsAsync(store.appendToStream('s-1', -1n, [event()]), { instanceOf: InvalidAppendError })).reason, 'expected_version');
    t.is((await t.throwsAsync(store.appendToStream('s-1', 'any', [event('1 fout type')]), { instanceOf: InvalidAppendError })).reason, 'event_type');
    t.deepEqual(await store.readAll(), []);
  });

  contract('the largest allowed event is stored whole', async (t, { store }) => {
    const metadata = {};
    const blob = 'x'.repeat(1024 * 1024 - JSON.stringify({ blob: '' }).length - JSON.stringify(metadata).length);
    await store.appendToStream('s-1', 'no_stream', [{ eventId: randomUUID(), type: 'Groot', data: { blob }, metadata }]);
    t.is(((await store.readStream('s-1'))[0]!.data as { blob: string }).blob.length, blob.length);
  });

  contract('a stream of events is one atomic append, batched: stored whole in order, or nothing', async (t, { store }) => {
    async function* stroom(events: NewEvent[], gooitNa?: number) {
      for (const [i, e] of events.entries()) {
        if (i === gooitNa) throw new Error('de bron brak af');
        yield e;
      }
    }
    // 40 events of ~300 KB: more than one batch of a few MB.
    const groot = Array.from({ length: 40 }, (_, i) => event('Deel', { i, blob: 'x'.repeat(300_000) }));
    await store.appendToStream('s-1', 'no_stream', [event()]);
    await t.throwsAsync(store.appendToStream('s-1', 0n, stroom(groot, 30)), { message: 'de bron brak af' });
    t.is((await store.readStream('s-1')).length, 1, 'a stream that breaks off stores nothing, also not its first batches');
    t.deepEqual(await store.appendToStream('s-1', 0n, stroom(groot)), { nextExpectedVersion: 40n, appended: true });
    const gelezen = await store.readStream('s-1', { from: 1n });
    t.deepEqual(gelezen.map((e) => (e.data as { i: number }).i), groot.map((_, i) => i));
    t.deepEqual(await store.appendToStream('s-1', 0n, stroom(groot)), { nextExpectedVersion: 40n, appended: false }, 'the same append again: a retry');
    await t.throwsAsync(store.appendToStream('s-1', 0n, stroom([event()])), { instanceOf: WrongExpectedVersionError });
    const twice = event();
    const herhaald = await t.throwsAsync(store.appendToStream('s-1', 40n, stroom([twice, ...groot.slice(0, 20).map(() => event('Deel', { blob: 'y'.repeat(300_000) })), twice])), { instanceOf: InvalidAppendError });
    t.is(herhaald.reason, 'event_id');
    t.is((await t.throwsAsync(store.appendToStream('s-1', 40n, stroom([])), { instanceOf: InvalidAppendError })).reason, 'empty');
    t.is((await readAllSettled(store)).length, 41);
  });

  contract('two writers racing on one stream: exactly one wins each round', async (t, { store }) => {
    await store.appendToStream('race', 'no_stream', [event()]);
    for (let round = 0n; round < 10n; round++) {
      const results = await Promise.allSettled([0, 1].map(() => store.appendToStream('race', round, [event()])));
      t.is(results.filter((r) => r.status === 'fulfilled').length, 1);
      const lost = results.find((r) => r.status === 'rejected');
      t.true(lost?.reason instanceof WrongExpectedVersionError);
    }
    const racedNew = await Promise.allSettled([0, 1, 2].map(() => store.appendToStream('race-new', 'no_stream', [event()])));
    t.is(racedNew.filter((r) => r.status === 'fulfilled').length, 1);
    t.is(await store.streamVersion('race'), 10n);
    t.is(await store.streamVersion('race-new'), 0n);
  });

  contract('reads a stream by position range and as it was known at a recorded time', async (t, { store, setNow }) => {
    setNow(new Date('2020-01-20T10:00:00Z'));
    await store.appendToStream('s-1', 'no_stream', [event('A'), event('B')]);
    setNow(new Date('2020-01-25T10:00:00Z'));
    await store.appendToStream('s-1', 1n, [event('C'), event('D')]);
    t.deepEqual((await store.readStream('s-1', { from: 1n, to: 2n })).map((e) => e.type), ['B', 'C']);
    t.deepEqual((await store.readStream('s-1', { from: 3n })).map((e) => e.type), ['D']);
    t.deepEqual((await store.readStream('s-1', { asOf: new Date('2020-01-24T00:00:00Z') })).map((e) => e.type), ['A', 'B']);
    t.deepEqual((await store.readStream('s-1', { asOf: new Date('2020-01-25T10:00:00Z') })).map((e) => e.type), ['A', 'B', 'C', 'D']);
    t.deepEqual(await store.readStream('s-1', { asOf: new Date('2019-12-31T00:00:00Z') }), []);
    t.is((await store.readStream('s-1'))[2]!.recordedAt.toISOString(), '2020-01-25T10:00:00.000Z');
    const zonder = await store.readStream('s-1', { dataForTypes: ['B'] });
    t.deepEqual(zonder.map((e) => e.data), [null, { n: 1 }, null, null], 'data only for the types asked');
  });

  contract('reads all events after a checkpoint in global order, page by page', async (t, { store }) => {
    const appended: string[] = [];
    for (let i = 0; i < 7; i++) {
      const batch = [event(i % 2 ? 'Even' : 'Oneven', { i }), event('Extra', { i })];
      await store.appendToStream(`s-${i % 3}`, 'any', batch);
      appended.push(...batch.map((e) => e.eventId));
    }
    await readAllSettled(store);
    const paged: RecordedEvent[] = [];
    for (let page = await store.readAll({ limit: 3 }); page.length > 0; page = await store.readAll({ after: page.at(-1)!.checkpoint, limit: 3 })) {
      t.true(page.length <= 3);
      paged.push(...page);
    }
    t.deepEqual(paged.map((e) => e.eventId), appended);
    const positions = paged.map((e) => e.globalPosition);
    t.deepEqual([...positions].sort((a, b) => (a < b ? -1 : 1)), positions);
    const selective = await store.readAll({ dataForTypes: ['Even'] });
    t.deepEqual(selective.filter((e) => e.data !== null).map((e) => e.type), ['Even', 'Even', 'Even']);
    t.is(selective.length, 14);
  });

  contract('a subscription gets past and new events in order, then stops', async (t, { store }) => {
    await store.appendToStream('s-1', 'no_stream', [event('A'), event('B')]);
    const seen: string[] = [];
    let resolveDone: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const subscription = store.subscribeToAll({
      batchSize: 2,
      handler: async (events) => {
        seen.push(...events.map((e) => e.type));
        if (seen.length === 5) resolveDone();
      },
    });
    await store.appendToStream('s-2', 'no_stream', [event('C')]);
    await store.appendToStream('s-1', 1n, [event('D'), event('E')]);
    await done;
    await subscription.stop();
    await store.appendToStream('s-3', 'no_stream', [event('F')]);
    t.deepEqual(seen, ['A', 'B', 'C', 'D', 'E']);
  });
}
