import type { EventMetadata, EventStore, RecordedEvent } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import { decideRegelbestand, type RegelbestandCommand } from '../../domain/toepasbare-regels/decide.ts';
import type { DmnModel } from '../../domain/toepasbare-regels/model.ts';
import { hoofdbeslissingen } from '../../domain/toepasbare-regels/model.ts';
import { beginRegelbestand, evolveRegelbestand, regelbestandStream, type Regelbestand, type RegelbestandEvent, type SoortRegelbestand } from '../../domain/toepasbare-regels/regelbestand.ts';
import type { Datum } from '../../domain/tijd/toestanden.ts';

/** Reads and checks a DMN file (infrastructure/sttr); throws with every problem named. */
export type DmnLezer = (xml: string, bestand: string) => DmnModel;

export interface Indiener {
  bevoegdGezag: string;
  actor: string;
  /** Makes a retry idempotent: the events it caused before are returned, nothing new is stored. */
  commandId: string;
  correlationId?: string;
}

export interface RegelbestandAfhandeling {
  events: RecordedEvent[];
  nieuw: boolean;
}

/**
 * Toepasbare regels of a bevoegd gezag: a delivery is read and checked (every question,
 * decision and FEEL expression) before it becomes an event; then loaded, decided, appended at
 * the version loaded (a concurrent change is a conflict).
 */
export class RegelbestandService {
  constructor(
    private readonly store: EventStore,
    private readonly leesDmn: DmnLezer,
  ) {}

  async laad(bevoegdGezag: string, activiteit: string, soort: SoortRegelbestand): Promise<{ state: Regelbestand; events: RecordedEvent[] }> {
    // A stream holds a handful of deliveries of some tens of KB: read whole.
    const events = await this.store.readStream(regelbestandStream(bevoegdGezag, activiteit, soort));
    return { state: events.reduce((s, e) => evolveRegelbestand(s, e as unknown as RegelbestandEvent), beginRegelbestand()), events };
  }

  async lever(
    levering: { activiteit: string; soort: SoortRegelbestand; geldigVanaf: Datum; geldigTot?: Datum; bestand: string; dmn: string },
    door: Indiener,
  ): Promise<RegelbestandAfhandeling> {
    const model = this.leesDmn(levering.dmn, levering.bestand);
    const samenvatting = { naam: model.naam, dmnVersie: model.dmnVersie, vragen: Object.keys(model.uitvoeringsregels).length, beslissingen: hoofdbeslissingen(model).map((b) => b.naam) };
    return this.handel({ type: 'LeverToepasbareRegels', data: { ...levering, model: samenvatting } }, door);
  }

  async handel(command: RegelbestandCommand, door: Indiener): Promise<RegelbestandAfhandeling> {
    const stream = regelbestandStream(door.bevoegdGezag, command.data.activiteit, command.data.soort);
    const { state, events } = await this.laad(door.bevoegdGezag, command.data.activiteit, command.data.soort);
    const eerder = events.filter((e) => e.metadata.commandId === door.commandId);
    if (eerder.length > 0) return { events: eerder, nieuw: false };
    const nieuw = decideRegelbestand(command, state, { bevoegdGezag: door.bevoegdGezag });
    const metadata: EventMetadata = { actor: door.actor, commandId: door.commandId, correlationId: door.correlationId ?? door.commandId, causationId: door.commandId };
    await this.store.appendToStream(
      stream,
      events.at(-1)?.streamPosition ?? 'no_stream',
      nieuw.map((e, i) => ({ eventId: eventIdVoor(door.commandId, i), type: e.type, data: e.data, metadata })),
    );
    // The DMN is left out of what is returned: the caller has it.
    return { events: await this.store.readStream(stream, { from: BigInt(events.length), dataForTypes: ['ToepasbareRegelsIngetrokken'] }), nieuw: true };
  }
}
