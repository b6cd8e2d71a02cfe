/**
 * The EventStore port: the one way the application reads and writes events.
 * Adapters (PostgreSQL, in-memory, later EventStoreDB) live in infrastructure and must
 * pass the contract suite in `test/support/event-store-contract.ts`.
 */

/** Who did what, and why: stored with every event. */
export interface EventMetadata {
  /** The user or system that caused the event (e.g. `gm0160:jdevries`, `system:import`). */
  actor?: string;
  /** Ties together all events caused by one request or process. */
  correlationId?: string;
  /** The id of the event or command that directly caused this event. */
  causationId?: string;
  /** The id of the command whose handling produced this event. */
  commandId?: string;
}

/** An event to append. `eventId` makes a retried append idempotent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  metadata?: EventMetadata;
}

/** An event as stored. Positions are bigints: a global log outgrows 2^53 in theory only, but ids must not round. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  /** 0 for the first event of a stream. */
  streamPosition: bigint;
  /** Unique and increasing in insertion order; not in commit order (see Checkpoint). */
  globalPosition: bigint;
  /** When this system stored the event: the STOP `ontvangenOp`, our `beschikbaarOp` axis. */
  recordedAt: Date;
  /** Where a reader of all events stands after this event. */
  checkpoint: Checkpoint;
}

/**
 * A place in the global, commit-ordered log. The PostgreSQL adapter orders by
 * (transactionId, globalPosition) so that an event committed late is never skipped.
 */
export interface Checkpoint {
  transactionId: bigint;
  globalPosition: bigint;
}

export const START: Checkpoint = Object.freeze({ transactionId: 0n, globalPosition: 0n });

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.globalPosition !== b.globalPosition) return a.globalPosition < b.globalPosition ? -1 : 1;
  return 0;
}

/** `no_stream`: the stream must not exist; `any`: no check; a bigint: the stream's last position. */
export type ExpectedVersion = 'no_stream' | 'any' | bigint;

export interface AppendResult {
  /** The stream's last position after the append. */
  nextExpectedVersion: bigint;
  /** False when every event id had been stored before: a retried append, nothing new was stored. */
  appended: boolean;
}

export interface ReadStreamOptions {
  /** First stream position to return (inclusive). */
  from?: bigint;
  /** Last stream position to return (inclusive). */
  to?: bigint;
  /** Only events recorded at or before this moment: the stream as it was known then. */
  asOf?: Date;
  /** As in readAll: `data` only for these types, other events come with `data: null`. */
  dataForTypes?: readonly string[];
}

export interface ReadAllOptions {
  after?: Checkpoint;
  limit?: number;
  /** Return `data` only for these types; other events come with `data: null` (they still move the checkpoint). */
  dataForTypes?: readonly string[];
}

export interface Subscription {
  /** Stops the subscription and waits until its handler is no longer running. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  after?: Checkpoint;
  batchSize?: number;
  /** As in readAll: other events come without data. */
  dataForTypes?: readonly string[];
  /** Called with each batch in order; the subscription's checkpoint moves only when it resolves. */
  handler: (events: RecordedEvent[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

/**
 * What one append stores, atomically: a list, or a stream of events for an append too large to
 * hold in memory (a whole delivery). A stream that throws stores nothing; one that repeats an
 * event id is refused like a list that does.
 */
export type EventsToAppend = readonly NewEvent[] | AsyncIterable<NewEvent>;

export interface EventStore {
  appendToStream(streamId: string, expectedVersion: ExpectedVersion, events: EventsToAppend): Promise<AppendResult>;
  /** Events of one stream in stream order; an empty list when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's last position, or undefined when it has no events. */
  streamVersion(streamId: string): Promise<bigint | undefined>;
  /** Committed events after a checkpoint in commit order, without gaps. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Calls the handler with every event after the checkpoint, then with new events as they commit. */
  subscribeToAll(options: SubscribeOptions): Subscription;
}

/** The largest event (data and metadata as JSON) the store accepts. */
export const MAX_EVENT_BYTES = 1024 * 1024;

/**
 * Stream ids are `<category>-<id>`-like names or AKN/IMOW ids: printable ASCII without spaces,
 * at most 512 characters, not starting with `$` (reserved for system streams).
 */
const STREAM_ID = /^[A-Za-z0-9_][A-Za-z0-9_\-./@;:~+=,]{0,511}$/;

export class EventStoreError extends Error {
  override name = 'EventStoreError';
}

/** The stream was not at the version the writer expected: someone else wrote first. */
export class WrongExpectedVersionError extends EventStoreError {
  override name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: bigint | undefined,
  ) {
    super(
      `Stream ${streamId} is at ${actual === undefined ? 'no_stream' : `version ${actual}`}, ` +
        `but the append expected ${typeof expected === 'bigint' ? `version ${expected}` : expected}`,
    );
  }
}

/** Some, but not all, event ids of an append were stored before: not a plain retry. */
export class DuplicateEventIdError extends EventStoreError {
  override name = 'DuplicateEventIdError';
  constructor(readonly eventIds: string[]) {
    super(`Events ${eventIds.join(', ')} were stored before, the other events of this append were not`);
  }
}

/** The append itself is not acceptable: bad stream id, bad event id, too large, empty. */
export class InvalidAppendError extends EventStoreError {
  override name = 'InvalidAppendError';
  constructor(
    message: string,
    readonly reason: 'stream_id' | 'event_id' | 'event_type' | 'too_large' | 'empty' | 'expected_version',
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

export function assertValidStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) {
    throw new InvalidAppendError(
      `Invalid stream id ${JSON.stringify(streamId)}: use 1 to 512 printable characters without spaces, not starting with '$'`,
      'stream_id',
    );
  }
}

export function assertValidExpectedVersion(expectedVersion: ExpectedVersion): void {
  if (typeof expectedVersion === 'bigint' ? expectedVersion < 0n : expectedVersion !== 'any' && expectedVersion !== 'no_stream') {
    throw new InvalidAppendError(`Invalid expected version ${String(expectedVersion)}`, 'expected_version');
  }
}

/**
 * Checks an append before any adapter touches storage, so every adapter rejects the same input
 * the same way. Returns the JSON of each event's data and metadata, which adapters store as is.
 */
export function validateAppend(
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
): { data: string; metadata: string }[] {
  assertValidStreamId(streamId);
  assertValidExpectedVersion(expectedVersion);
  if (events.length === 0) throw new InvalidAppendError('An append needs at least one event', 'empty');
  const seen = new Set<string>();
  return events.map((event) => {
    if (!UUID.test(event.eventId) || seen.has(event.eventId.toLowerCase())) {
      throw new InvalidAppendError(`Invalid or repeated event id ${JSON.stringify(event.eventId)}: use a unique UUID`, 'event_id');
    }
    seen.add(event.eventId.toLowerCase());
    if (!EVENT_TYPE.test(event.type)) {
      throw new InvalidAppendError(`Invalid event type ${JSON.stringify(event.type)}`, 'event_type');
    }
    const data = JSON.stringify(event.data ?? null);
    const metadata = JSON.stringify(event.metadata ?? {});
    const bytes = Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (bytes > MAX_EVENT_BYTES) {
      throw new InvalidAppendError(
        `Event ${event.eventId} is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes (1 MiB). Store large content as a blob and refer to it`,
        'too_large',
      );
    }
    return { data, metadata };
  });
}
