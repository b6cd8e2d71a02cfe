import pg from 'pg';
import {
  DuplicateEventIdError,
  START,
  WrongExpectedVersionError,
  assertValidExpectedVersion,
  assertValidStreamId,
  validateAppend,
  type AppendResult,
  type EventStore,
  type EventsToAppend,
  type ExpectedVersion,
  InvalidAppendError,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../application/ports/event-store.ts';
import { runSubscription } from './subscription.ts';

interface EventRow {
  global_position: bigint;
  transaction_id: string;
  stream_id: string;
  stream_position: bigint;
  event_id: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
}

/** A streamed append is sent in batches of about this much JSON. */
const BATCH_BYTES = 2 * 1024 * 1024;

/** Subscribers learn of new events at most this much later than with a NOTIFY per append. */
const NOTIFY_INTERVAL_MS = 5;

const COLUMNS = `global_position, transaction_id::text AS transaction_id, stream_id, stream_position,
  event_id::text AS event_id, type, metadata, recorded_at`;

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    globalPosition: row.global_position,
    recordedAt: row.recorded_at,
    checkpoint: { transactionId: BigInt(row.transaction_id), globalPosition: row.global_position },
  };
}

export interface PostgresEventStoreOptions {
  /** Connection string used for the LISTEN connection of subscriptions. */
  databaseUrl: string;
  /** The moment an event is recorded; tests pass a fixed clock to replay history. */
  clock?: () => Date;
  /** How often a subscription looks for events when no notification arrives. */
  pollIntervalMs?: number;
}

/** The default event store: one table in schema `es`, appends through `es.append_to_stream`. */
export class PostgresEventStore implements EventStore {
  private readonly clock: () => Date;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async appendToStream(streamId: string, expectedVersion: ExpectedVersion, toAppend: EventsToAppend): Promise<AppendResult> {
    if (Symbol.asyncIterator in toAppend) return this.appendStreamed(streamId, expectedVersion, toAppend);
    const events = toAppend;
    const json = validateAppend(streamId, expectedVersion, events);
    const expected = expectedVersion === 'any' ? null : expectedVersion === 'no_stream' ? -1n : expectedVersion;
    const params = [
      streamId,
      expected === null ? null : expected.toString(),
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      json.map((j) => j.data),
      json.map((j) => j.metadata),
      this.clock(),
    ];
    // A race lost on a unique key is retried once: the second look sees the winner's events
    // and answers idempotent, conflict or (for `any`) appends after them.
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await this.pool.query<{ outcome: string; stream_version: bigint }>(
          'SELECT outcome, stream_version FROM es.append_to_stream($1, $2, $3, $4, $5, $6, $7)',
          params,
        );
        const { outcome, stream_version: version } = rows[0]!;
        switch (outcome) {
          case 'appended':
            this.notifyAppended();
            return { nextExpectedVersion: version, appended: true };
          case 'idempotent':
            return { nextExpectedVersion: version, appended: false };
          case 'duplicate':
            return this.throwDuplicate(events);
          default:
            throw new WrongExpectedVersionError(streamId, expectedVersion, version < 0n ? undefined : version);
        }
      } catch (error) {
        if (attempt < 3 && error instanceof pg.DatabaseError && error.code === '23505') continue;
        throw error;
      }
    }
  }

  /**
   * An append of a stream of events: one transaction, in which `es.append_to_stream` stores them
   * in batches of a few MB, each expecting the version the batch before left. The stream's
   * advisory lock is held to the commit, so no other writer comes between two batches. Only a
   * batch in memory at a time.
   */
  private async appendStreamed(streamId: string, expectedVersion: ExpectedVersion, events: AsyncIterable<NewEvent>): Promise<AppendResult> {
    assertValidStreamId(streamId);
    assertValidExpectedVersion(expectedVersion);
    const recordedAt = this.clock();
    const client = await this.pool.connect();
    let expected = expectedVersion;
    let eerste = true;
    // Only the JSON is kept per event: the objects are let go as soon as they are serialised.
    let batch: { eventId: string; type: string; data: string; metadata: string }[] = [];
    let bytes = 0;
    const ids = new Set<string>();
    // The first batch was stored before: so was the whole append (it is atomic), a retry.
    let alOpgeslagen: bigint | undefined;
    const flush = async () => {
      const { rows } = await client.query<{ outcome: string; stream_version: bigint }>(
        'SELECT outcome, stream_version FROM es.append_to_stream($1, $2, $3, $4, $5, $6, $7)',
        [streamId, expected === 'any' ? null : expected === 'no_stream' ? '-1' : expected.toString(), batch.map((b) => b.eventId), batch.map((b) => b.type), batch.map((b) => b.data), batch.map((b) => b.metadata), recordedAt],
      );
      const { outcome, stream_version: version } = rows[0]!;
      if (outcome === 'idempotent' && eerste) alOpgeslagen = version;
      else if (outcome === 'duplicate' || outcome === 'idempotent') {
        await client.query('ROLLBACK');
        await this.throwDuplicate(batch);
      } else if (outcome === 'conflict') throw new WrongExpectedVersionError(streamId, expectedVersion, version < 0n ? undefined : version);
      expected = version;
      eerste = false;
      batch = [];
      bytes = 0;
    };
    try {
      await client.query('BEGIN');
      for await (const event of events) {
        // Each event checked as a list of one; ids repeated across batches are caught here.
        const [json] = validateAppend(streamId, 'any', [event]);
        if (ids.has(event.eventId.toLowerCase())) throw new InvalidAppendError(`Invalid or repeated event id ${JSON.stringify(event.eventId)}: use a unique UUID`, 'event_id');
        ids.add(event.eventId.toLowerCase());
        batch.push({ eventId: event.eventId, type: event.type, ...json! });
        bytes += json!.data.length + json!.metadata.length;
        if (bytes >= BATCH_BYTES) await flush();
        if (alOpgeslagen !== undefined) break;
      }
      if (alOpgeslagen === undefined && batch.length > 0) await flush();
      if (ids.size === 0) throw new InvalidAppendError('An append needs at least one event', 'empty');
      if (alOpgeslagen !== undefined) {
        await client.query('ROLLBACK');
        return { nextExpectedVersion: alOpgeslagen, appended: false };
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    this.notifyAppended();
    return { nextExpectedVersion: expected as bigint, appended: true };
  }

  /**
   * Wakes subscribers after an append has committed. NOTIFY takes a server-wide lock at commit,
   * so it is kept out of the append transaction and sent at most once per NOTIFY_INTERVAL_MS per
   * process: appends that commit meanwhile are covered by the next one. Lost ones are found by polling.
   */
  private notifying = false;
  private notifyAgain = false;
  private async notifyAppended(): Promise<void> {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    try {
      do {
        this.notifyAgain = false;
        await this.pool.query(`SELECT pg_notify('es_events', '')`);
        await new Promise((resolve) => setTimeout(resolve, NOTIFY_INTERVAL_MS));
      } while (this.notifyAgain);
    } catch {
      // the pool is closing or the server is gone; subscribers poll
    } finally {
      this.notifying = false;
    }
  }

  private async throwDuplicate(events: readonly { eventId: string }[]): Promise<never> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT event_id::text AS id FROM es.events WHERE event_id = ANY ($1::uuid[])',
      [events.map((e) => e.eventId)],
    );
    throw new DuplicateEventIdError(rows.map((r) => r.id));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertValidStreamId(streamId);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS}, CASE WHEN $5::text[] IS NULL OR type = ANY ($5) THEN data END AS data FROM es.events
        WHERE stream_id = $1 AND stream_position >= $2
          AND ($3::bigint IS NULL OR stream_position <= $3)
          AND ($4::timestamptz IS NULL OR recorded_at <= $4)
        ORDER BY stream_position`,
      [streamId, (options.from ?? 0n).toString(), options.to?.toString() ?? null, options.asOf ?? null, options.dataForTypes ?? null],
    );
    return rows.map(toRecorded);
  }

  async streamVersion(streamId: string): Promise<bigint | undefined> {
    assertValidStreamId(streamId);
    const { rows } = await this.pool.query<{ v: bigint | null }>(
      'SELECT max(stream_position) AS v FROM es.events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]?.v ?? undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const limit = options.limit ?? 1000;
    // Read again (a few times) when a transaction that could not be placed held the read back:
    // it was ending as we looked, so the next read gets past it.
    for (let poging = 0; ; poging++) {
      const { rows } = await this.pool.query<EventRow & { onzeker: boolean }>(
        `SELECT h.onzeker, e.* FROM es.read_horizon() h
         LEFT JOIN LATERAL (
           SELECT ${COLUMNS}, CASE WHEN $4::text[] IS NULL OR type = ANY ($4) THEN data END AS data
             FROM es.events
            WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND transaction_id < h.horizon
            ORDER BY events.transaction_id, events.global_position -- the xid8 column, not the text alias
            LIMIT $3) e ON true`,
        [after.transactionId.toString(), after.globalPosition.toString(), limit, options.dataForTypes ?? null],
      );
      const events = rows.filter((r) => r.event_id !== null);
      if (events.length < limit && rows[0]?.onzeker && poging < 3) continue;
      return events.map(toRecorded);
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return runSubscription(this, options, {
      pollIntervalMs: this.options.pollIntervalMs ?? 500,
      listen: async (wake) => {
        const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'omgevingsloket-listen' });
        // A lost LISTEN connection leaves polling in charge; it must not crash the process.
        client.on('error', () => {});
        client.on('notification', wake);
        await client.connect();
        await client.query('LISTEN es_events');
        return async () => {
          await client.end().catch(() => {});
        };
      },
    });
  }
}
