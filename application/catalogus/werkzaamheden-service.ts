import type { EventMetadata, EventStore, RecordedEvent } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import { controleerWerkzaamheidId, decideWerkzaamheid, type WerkzaamheidCommand } from '../../domain/catalogus/decide.ts';
import { beginWerkzaamheid, evolveWerkzaamheid, werkzaamheidStream, type Werkzaamheid, type WerkzaamheidEvent } from '../../domain/catalogus/werkzaamheid.ts';

/** Who changes the catalogue: its beheerder or the system (demo, import), not a bevoegd gezag. */
export interface Catalogusbeheerder {
  actor: string;
  /** Makes a retry idempotent: the events it caused before are returned, nothing new is stored. */
  commandId: string;
  correlationId?: string;
}

export interface WerkzaamheidAfhandeling {
  events: RecordedEvent[];
  /** False when nothing was stored: handled before (same commandId), or the same content again. */
  nieuw: boolean;
}

/** The catalogue of werkzaamheden: load one werkzaamheid, decide, append at the version loaded (a concurrent change is a conflict). */
export class WerkzaamhedenService {
  constructor(private readonly store: EventStore) {}

  async laad(id: string): Promise<{ state: Werkzaamheid; events: RecordedEvent[] }> {
    controleerWerkzaamheidId(id);
    const events = await this.store.readStream(werkzaamheidStream(id));
    return { state: events.reduce((s, e) => evolveWerkzaamheid(s, e as unknown as WerkzaamheidEvent), beginWerkzaamheid()), events };
  }

  async handel(command: WerkzaamheidCommand, door: Catalogusbeheerder): Promise<WerkzaamheidAfhandeling> {
    const { state, events: eerder } = await this.laad(command.data.id);
    const alGedaan = eerder.filter((e) => e.metadata.commandId === door.commandId);
    if (alGedaan.length > 0) return { events: alGedaan, nieuw: false };

    const nieuw = decideWerkzaamheid(command, state);
    if (nieuw.length === 0) return { events: [], nieuw: false };
    const metadata: EventMetadata = { actor: door.actor, commandId: door.commandId, correlationId: door.correlationId ?? door.commandId, causationId: door.commandId };
    const stream = werkzaamheidStream(command.data.id);
    await this.store.appendToStream(
      stream,
      eerder.at(-1)?.streamPosition ?? 'no_stream',
      nieuw.map((e, i) => ({ eventId: eventIdVoor(door.commandId, i), type: e.type, data: e.data, metadata })),
    );
    return { events: await this.store.readStream(stream, { from: BigInt(eerder.length) }), nieuw: true };
  }
}
