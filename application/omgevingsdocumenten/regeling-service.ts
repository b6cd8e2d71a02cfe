import type { EventMetadata, EventStore, RecordedEvent } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import { RegelingFout, decide, type RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import type { Inhoudsfout, Mutatie } from '../../domain/omgevingsdocumenten/inhoud.ts';
import { beginToestand, evolve, regelingStream, type Regeling, type RegelingEvent } from '../../domain/omgevingsdocumenten/regeling.ts';

export interface Opdrachtgever {
  /** The bevoegd gezag the caller acts for (from its token). */
  bevoegdGezag: string;
  actor: string;
  /** Makes a retried command idempotent: the events it caused before are returned, nothing new is stored. */
  commandId: string;
  correlationId?: string;
}

export interface Afhandeling {
  events: RecordedEvent[];
  /** False when the command had been handled before (same commandId). */
  nieuw: boolean;
}

/**
 * Checks what the pure domain cannot: geometries against PostGIS (self-intersection). Returns
 * the problems found; none means the geometries are sound.
 */
export type GeometrieControle = (mutatie: Mutatie) => Promise<Inhoudsfout[]>;

/** Loads a regeling, decides, and appends with the version it loaded (a concurrent change is a conflict). */
export class RegelingService {
  constructor(
    private readonly store: EventStore,
    private readonly geometrieControle?: GeometrieControle,
  ) {}

  async laad(regelingId: string, asOf?: Date): Promise<{ state: Regeling; events: RecordedEvent[] }> {
    const events = await this.store.readStream(regelingStream(regelingId), { asOf });
    return { state: events.reduce((s, e) => evolve(s, e as unknown as RegelingEvent), beginToestand()), events };
  }

  /**
   * `opdracht` is the command, or what makes it from the state just loaded (an import that
   * stores only what changed); undefined from that: nothing to do.
   */
  async handel(regelingId: string, opdracht: RegelingCommand | ((state: Regeling) => RegelingCommand | undefined), door: Opdrachtgever): Promise<Afhandeling> {
    const { state, events: eerder } = await this.laad(regelingId);
    const alGedaan = eerder.filter((e) => e.metadata.commandId === door.commandId);
    if (alGedaan.length > 0) return { events: alGedaan, nieuw: false };
    const command = typeof opdracht === 'function' ? opdracht(state) : opdracht;
    if (!command) return { events: [], nieuw: false };

    const nieuw = decide(command, state, { bevoegdGezag: door.bevoegdGezag, regelingId });
    const mutatie = 'mutatie' in command.data ? command.data.mutatie : undefined;
    const geometriefouten = mutatie && this.geometrieControle ? await this.geometrieControle(mutatie) : [];
    if (geometriefouten.length > 0) {
      throw new RegelingFout('ongeldige_inhoud', `${geometriefouten.length} geometrie(ën) kloppen niet; de eerste: ${geometriefouten[0]!.identificatie}: ${geometriefouten[0]!.reden}`, geometriefouten);
    }
    const metadata: EventMetadata = { actor: door.actor, commandId: door.commandId, correlationId: door.correlationId ?? door.commandId, causationId: door.commandId };
    const stream = regelingStream(regelingId);
    await this.store.appendToStream(
      stream,
      eerder.length === 0 ? 'no_stream' : eerder.at(-1)!.streamPosition,
      nieuw.map((e, i) => ({ eventId: eventIdVoor(door.commandId, i), type: e.type, data: e.data, metadata })),
    );
    const opgeslagen = await this.store.readStream(stream, { from: BigInt(eerder.length) });
    return { events: opgeslagen.filter((e) => e.metadata.commandId === door.commandId), nieuw: true };
  }
}
