import type { EventMetadata, EventStore, NewEvent, RecordedEvent } from '../ports/event-store.ts';
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
  /** Content parts (InhoudGeleverd) come without their data: it can be large. */
  events: RecordedEvent[];
  /** False when the command had been handled before (same commandId). */
  nieuw: boolean;
}

/**
 * Checks what the pure domain cannot: geometries against PostGIS (self-intersection). Returns
 * the problems found; none means the geometries are sound.
 */
export type GeometrieControle = (mutatie: Mutatie) => Promise<Inhoudsfout[]>;

/**
 * What to do: a command, or what makes the commands from the state just loaded (an import that
 * stores only what changed; undefined: nothing to do). Several commands are decided one by one,
 * each on the state the ones before left, and stored as one append; a stream of them (a large
 * delivery in parts, then its besluit) without holding all its events.
 */
type Commands = RegelingCommand | RegelingCommand[] | AsyncIterable<RegelingCommand>;
export type Opdracht = RegelingCommand | ((state: Regeling) => Commands | undefined);

/** Events read per page when a stream is loaded: content parts are up to 512 KB each. */
const PAGINA = 16n;

/** Loads a regeling, decides, and appends with the version it loaded (a concurrent change is a conflict). */
export class RegelingService {
  constructor(
    private readonly store: EventStore,
    private readonly geometrieControle?: GeometrieControle,
  ) {}

  /**
   * The regeling's state, read page by page, and its stream version; with a `commandId`, also the
   * events that command caused before (content parts without their data: they can be large).
   */
  async laad(regelingId: string, opties: { asOf?: Date; commandId?: string } = {}): Promise<{ state: Regeling; versie?: bigint; eerder: RecordedEvent[] }> {
    let state = beginToestand();
    let versie: bigint | undefined;
    const eerder: RecordedEvent[] = [];
    for (let from = 0n; ; from += PAGINA) {
      const pagina = await this.store.readStream(regelingStream(regelingId), { from, to: from + PAGINA - 1n, asOf: opties.asOf });
      for (const e of pagina) {
        state = evolve(state, e as unknown as RegelingEvent);
        versie = e.streamPosition;
        if (opties.commandId && e.metadata.commandId === opties.commandId) eerder.push(e.type === 'InhoudGeleverd' ? { ...e, data: null } : e);
      }
      // With asOf a page may come back short before the end: read on until one is empty.
      if (pagina.length === 0 || (!opties.asOf && BigInt(pagina.length) < PAGINA)) break;
    }
    return { state, versie, eerder };
  }

  /** Returns the events the command caused; content parts (InhoudGeleverd) without their data. */
  async handel(regelingId: string, opdracht: Opdracht, door: Opdrachtgever): Promise<Afhandeling> {
    const { state, versie, eerder } = await this.laad(regelingId, { commandId: door.commandId });
    if (eerder.length > 0) return { events: eerder, nieuw: false };
    const commands = typeof opdracht === 'function' ? opdracht(state) : opdracht;
    if (!commands) return { events: [], nieuw: false };

    const metadata: EventMetadata = { actor: door.actor, commandId: door.commandId, correlationId: door.correlationId ?? door.commandId, causationId: door.commandId };
    const context = { bevoegdGezag: door.bevoegdGezag, regelingId };
    const { geometrieControle } = this;
    const types = new Set<string>();
    async function* events(reeks: Iterable<RegelingCommand> | AsyncIterable<RegelingCommand>): AsyncGenerator<NewEvent> {
      let toestand = state;
      let index = 0;
      for await (const command of reeks) {
        const nieuw = decide(command, toestand, context);
        const mutatie = 'mutatie' in command.data ? command.data.mutatie : undefined;
        const geometriefouten = mutatie && geometrieControle ? await geometrieControle(mutatie) : [];
        if (geometriefouten.length > 0) {
          throw new RegelingFout('ongeldige_inhoud', `${geometriefouten.length} geometrie(ën) kloppen niet; de eerste: ${geometriefouten[0]!.identificatie}: ${geometriefouten[0]!.reden}`, geometriefouten);
        }
        for (const e of nieuw) {
          toestand = evolve(toestand, e);
          types.add(e.type);
          yield { eventId: eventIdVoor(door.commandId, index++), type: e.type, data: e.data, metadata };
        }
      }
    }
    const stream = regelingStream(regelingId);
    const expected = versie ?? 'no_stream';
    if (Symbol.asyncIterator in commands) await this.store.appendToStream(stream, expected, events(vooruit(commands)));
    else {
      // A list: decided and checked whole before anything is sent.
      const lijst: NewEvent[] = [];
      for await (const e of events(Array.isArray(commands) ? commands : [commands])) lijst.push(e);
      await this.store.appendToStream(stream, expected, lijst);
    }
    types.delete('InhoudGeleverd');
    const opgeslagen = await this.store.readStream(stream, { from: versie === undefined ? 0n : versie + 1n, dataForTypes: [...types] });
    return { events: opgeslagen.filter((e) => e.metadata.commandId === door.commandId), nieuw: true };
  }
}

/**
 * The same items, with the next one asked for as soon as one is handed on: while a part is
 * checked by PostGIS and stored, the next is read from the delivery (one part more in memory).
 */
async function* vooruit<T>(bron: AsyncIterable<T>): AsyncGenerator<T> {
  const it = bron[Symbol.asyncIterator]();
  let volgende = it.next();
  try {
    for (;;) {
      const { done, value } = await volgende;
      if (done) return;
      volgende = it.next();
      // Not awaited when the consumer stops early: its failure then is nobody's to hear.
      volgende.catch(() => {});
      yield value;
    }
  } finally {
    await it.return?.(undefined);
  }
}
