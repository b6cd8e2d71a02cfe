import {
  DuplicateEventIdError,
  START,
  WrongExpectedVersionError,
  assertValidStreamId,
  compareCheckpoints,
  validateAppend,
  type AppendResult,
  type EventStore,
  type EventsToAppend,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../application/ports/event-store.ts';
import { runSubscription } from './subscription.ts';

/**
 * An event store in memory, for domain and application tests. It keeps the same rules as the
 * PostgreSQL adapter (it passes the same contract suite); commit order is append order.
 */
export class InMemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async appendToStream(streamId: string, expectedVersion: ExpectedVersion, toAppend: EventsToAppend): Promise<AppendResult> {
    // Memory is all this store has: a stream of events is gathered first, then appended as a list.
    let events: readonly NewEvent[];
    if (Symbol.asyncIterator in toAppend) {
      const gathered: NewEvent[] = [];
      for await (const event of toAppend) gathered.push(event);
      events = gathered;
    } else events = toAppend;
    validateAppend(streamId, expectedVersion, events);
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);
    const known = events.map((e) => this.byId.get(e.eventId.toLowerCase())).filter((e) => e !== undefined);
    if (known.length === events.length && known.every((e) => e.streamId === streamId)) {
      return { nextExpectedVersion: current ?? -1n, appended: false };
    }
    if (known.length > 0) throw new DuplicateEventIdError(known.map((e) => e.eventId));
    const expected = expectedVersion === 'no_stream' ? undefined : expectedVersion;
    if (expected !== 'any' && expected !== current) throw new WrongExpectedVersionError(streamId, expectedVersion, current);

    const recordedAt = this.clock();
    for (const event of events) {
      const position = BigInt(this.all.length + 1);
      const recorded: RecordedEvent = {
        eventId: event.eventId.toLowerCase(),
        type: event.type,
        // A stored event is a copy: later changes to the caller's object must not change history.
        data: structuredClone(event.data ?? null),
        metadata: structuredClone(event.metadata ?? {}),
        streamId,
        streamPosition: BigInt(stream.length),
        globalPosition: position,
        recordedAt,
        checkpoint: { transactionId: position, globalPosition: position },
      };
      stream.push(recorded);
      this.all.push(recorded);
      this.byId.set(recorded.eventId, recorded);
    }
    this.streams.set(streamId, stream);
    for (const listener of this.listeners) listener();
    return { nextExpectedVersion: BigInt(stream.length - 1), appended: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertValidStreamId(streamId);
    return (this.streams.get(streamId) ?? [])
      .filter(
        (e) =>
          e.streamPosition >= (options.from ?? 0n) &&
          (options.to === undefined || e.streamPosition <= options.to) &&
          (options.asOf === undefined || e.recordedAt <= options.asOf),
      )
      .map((e) => structuredClone(!options.dataForTypes || options.dataForTypes.includes(e.type) ? e : { ...e, data: null }));
  }

  async streamVersion(streamId: string): Promise<bigint | undefined> {
    assertValidStreamId(streamId);
    const length = this.streams.get(streamId)?.length ?? 0;
    return length === 0 ? undefined : BigInt(length - 1);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const types = options.dataForTypes;
    return this.all
      .filter((e) => compareCheckpoints(e.checkpoint, after) > 0)
      .slice(0, options.limit ?? 1000)
      .map((e) => ({ ...structuredClone(e), data: !types || types.includes(e.type) ? structuredClone(e.data) : null }));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return runSubscription(this, options, {
      pollIntervalMs: 1000,
      listen: async (wake) => {
        this.listeners.add(wake);
        return async () => void this.listeners.delete(wake);
      },
    });
  }
}
