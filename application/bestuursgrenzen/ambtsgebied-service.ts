import type { EventMetadata, EventStore, RecordedEvent } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import {
  ambtsgebiedStream,
  beginToestand,
  controleerCode,
  decide,
  evolve,
  type Ambtsgebied,
  type AmbtsgebiedCommand,
  type AmbtsgebiedEvent,
} from '../../domain/bestuursgrenzen/ambtsgebied.ts';

/** Who sets an ambtsgebied: the register is kept by the system or its beheerder, not by the bevoegd gezag itself. */
export interface Beheerder {
  actor: string;
  /** Makes a retried command idempotent: the events it caused before are returned, nothing new is stored. */
  commandId: string;
  correlationId?: string;
}

export interface AmbtsgebiedAfhandeling {
  events: RecordedEvent[];
  /** False when nothing was stored: handled before (same commandId), or the same boundary again. */
  nieuw: boolean;
}

/** Loads the ambtsgebied of one bevoegd gezag, decides, and appends with the version it loaded (a concurrent change is a conflict). */
export class AmbtsgebiedService {
  constructor(private readonly store: EventStore) {}

  async laad(code: string, asOf?: Date): Promise<{ state: Ambtsgebied; events: RecordedEvent[] }> {
    controleerCode(code);
    const events = await this.store.readStream(ambtsgebiedStream(code), { asOf });
    return { state: events.reduce((s, e) => evolve(s, e as unknown as AmbtsgebiedEvent), beginToestand()), events };
  }

  async handel(command: AmbtsgebiedCommand, door: Beheerder): Promise<AmbtsgebiedAfhandeling> {
    const { state, events: eerder } = await this.laad(command.data.code);
    const alGedaan = eerder.filter((e) => e.metadata.commandId === door.commandId);
    if (alGedaan.length > 0) return { events: alGedaan, nieuw: false };

    const nieuw = decide(command, state);
    if (nieuw.length === 0) return { events: [], nieuw: false };
    const metadata: EventMetadata = { actor: door.actor, commandId: door.commandId, correlationId: door.correlationId ?? door.commandId, causationId: door.commandId };
    const stream = ambtsgebiedStream(command.data.code);
    await this.store.appendToStream(
      stream,
      eerder.length === 0 ? 'no_stream' : eerder.at(-1)!.streamPosition,
      nieuw.map((e, i) => ({ eventId: eventIdVoor(door.commandId, i), type: e.type, data: e.data, metadata })),
    );
    const opgeslagen = await this.store.readStream(stream, { from: BigInt(eerder.length) });
    return { events: opgeslagen.filter((e) => e.metadata.commandId === door.commandId), nieuw: true };
  }
}
