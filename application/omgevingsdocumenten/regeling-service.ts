import type { EventMetadata, EventStore, NewEvent, RecordedEvent } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import type { Inhoudsindex } from '../ports/inhoudsindex.ts';
import { RegelingFout, decide, type RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import type { Inhoudsfout, Mutatie } from '../../domain/omgevingsdocumenten/inhoud.ts';
import { kernVanMutatie, type Kernmutatie } from '../../domain/omgevingsdocumenten/kern.ts';
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
export type Opdracht = RegelingCommand | ((state: Regeling) => Commands | undefined | Promise<Commands | undefined>);

export interface Handelopties {
  /**
   * Content sets (in the index) that already hold the whole content of a version this command
   * makes: an import that put every kern of a delivery there. Its parts are then not indexed
   * again; the set is checked and, once stored, becomes the version's. It stays the caller's
   * when the command fails.
   */
  inhoudsets?: Record<string, string>;
}

/** The events that bring a version, and so close its content. */
const BESLUITEN = new Set(['OntwerpGepubliceerd', 'BesluitGepubliceerd', 'BesluitGerectificeerd']);

/** Events read per page when content is rebuilt: content parts are up to 512 KB each. */
const PAGINA = 16n;
/**
 * Every event type but content parts: loading a regeling reads no content. A record keyed by
 * type, so a new event type that is not listed here fails to compile.
 */
const ZONDER_INHOUD = Object.keys({
  RegelingGeregistreerd: true, OntwerpGepubliceerd: true, OntwerpIngetrokken: true, BesluitGepubliceerd: true,
  InwerkingtredingVastgesteld: true, BesluitGerectificeerd: true, RegelingIngetrokken: true, BesluitVernietigd: true,
  VersieVoorDoelBeoogd: true, TijdstempelTeruggetrokken: true, BeoogdeVersieTeruggetrokken: true,
} satisfies Record<Exclude<RegelingEvent['type'], 'InhoudGeleverd'>, true>);

/** Loads a regeling, decides, and appends with the version it loaded (a concurrent change is a conflict). */
export class RegelingService {
  constructor(
    private readonly store: EventStore,
    private readonly index: Inhoudsindex,
    private readonly geometrieControle?: GeometrieControle,
  ) {}

  /**
   * The regeling's state and its stream version; with a `commandId`, also the events that
   * command caused before. Content parts are read without their data (so the stream is read in
   * one go): the state holds no content, and a stored part always came with its besluit, in one
   * append.
   */
  async laad(regelingId: string, opties: { commandId?: string } = {}): Promise<{ state: Regeling; versie?: bigint; eerder: RecordedEvent[] }> {
    let state = beginToestand();
    let versie: bigint | undefined;
    const eerder: RecordedEvent[] = [];
    for (const e of await this.store.readStream(regelingStream(regelingId), { dataForTypes: ZONDER_INHOUD })) {
      if (e.type !== 'InhoudGeleverd') state = evolve(state, e as unknown as RegelingEvent);
      versie = e.streamPosition;
      if (opties.commandId && e.metadata.commandId === opties.commandId) eerder.push(e);
    }
    return { state, versie, eerder };
  }

  /**
   * The content set of a stored version. A version stored without one (before the index
   * existed, or a crash between append and confirmation) gets it again from its events: every
   * version of the regeling that lacks one, in one read of the stream.
   */
  async inhoudVan(regelingId: string, state: Regeling, versie: string): Promise<string> {
    const set = await this.index.setVan(versie);
    if (set) return set;
    const sets = new Map<string, string>();
    const setVoor = async (v: string): Promise<string> => {
      let s = sets.get(v) ?? (await this.index.setVan(v));
      if (!s) {
        const basis = state.versies[v]?.basisversie;
        s = await this.index.nieuweSet(regelingId, basis ? await setVoor(basis) : undefined);
        sets.set(v, s);
      }
      return s;
    };
    const stream = regelingStream(regelingId);
    for (let from = 0n; ; from += PAGINA) {
      const pagina = await this.store.readStream(stream, { from, to: from + PAGINA - 1n, dataForTypes: ['InhoudGeleverd', ...BESLUITEN] });
      for (const e of pagina) {
        const v = (e.data as { instrumentversie?: string } | null)?.instrumentversie;
        if (!v || !state.versies[v] || !(BESLUITEN.has(e.type) || e.type === 'InhoudGeleverd')) continue;
        if (sets.has(v) || !(await this.index.setVan(v))) {
          const s = await setVoor(v);
          if (e.type === 'InhoudGeleverd') await this.index.pasToe(s, kernVanMutatie((e.data as { mutatie: Mutatie }).mutatie));
        }
      }
      if (BigInt(pagina.length) < PAGINA) break;
    }
    for (const [v, s] of sets) if (!(await this.index.bevestig(s, v))) await this.index.verwerp(s);
    const gevonden = await this.index.setVan(versie);
    if (!gevonden) throw new RegelingFout('onbekend', `Versie ${versie} van regeling ${regelingId} bestaat niet`);
    return gevonden;
  }

  /** Returns the events the command caused; content parts (InhoudGeleverd) without their data. */
  async handel(regelingId: string, opdracht: Opdracht, door: Opdrachtgever, opties: Handelopties = {}): Promise<Afhandeling> {
    const { state, versie, eerder } = await this.laad(regelingId, { commandId: door.commandId });
    if (eerder.length > 0) return { events: eerder, nieuw: false };
    const commands = typeof opdracht === 'function' ? await opdracht(state) : opdracht;
    if (!commands) return { events: [], nieuw: false };

    const metadata: EventMetadata = { actor: door.actor, commandId: door.commandId, correlationId: door.correlationId ?? door.commandId, causationId: door.commandId };
    const context = { bevoegdGezag: door.bevoegdGezag, regelingId };
    const { geometrieControle } = this;
    const types = new Set<string>();
    const inhoud = new Inhoudscontrole(this.index, (toestand, v) => this.inhoudVan(regelingId, toestand, v), regelingId, opties.inhoudsets ?? {});
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
          await inhoud.volg(e, toestand);
          types.add(e.type);
          yield { eventId: eventIdVoor(door.commandId, index++), type: e.type, data: e.data, metadata };
        }
      }
      const open = Object.keys(toestand.inLevering);
      if (open.length > 0) throw new RegelingFout('ongeldige_invoer', `Er is inhoud geleverd voor ${open.join(', ')} zonder besluit dat die versie brengt`);
    }
    const stream = regelingStream(regelingId);
    const expected = versie ?? 'no_stream';
    try {
      if (Symbol.asyncIterator in commands) await this.store.appendToStream(stream, expected, events(vooruit(commands)));
      else {
        // A list: decided and checked whole before anything is sent.
        const lijst: NewEvent[] = [];
        for await (const e of events(Array.isArray(commands) ? commands : [commands])) lijst.push(e);
        await this.store.appendToStream(stream, expected, lijst);
      }
    } catch (error) {
      await inhoud.verwerp();
      throw error;
    }
    await inhoud.bevestig();
    types.delete('InhoudGeleverd');
    const opgeslagen = await this.store.readStream(stream, { from: versie === undefined ? 0n : versie + 1n, dataForTypes: [...types] });
    return { events: opgeslagen.filter((e) => e.metadata.commandId === door.commandId), nieuw: true };
  }
}

/**
 * Follows the events of one command and keeps the content index with them: the parts of a
 * version are applied to a copy of its basis's set when its besluit comes, and every reference
 * of the version is checked there. The sets become their versions' once the events are stored.
 */
class Inhoudscontrole {
  /** Kernen of parts not yet applied, per version (a set supplied by the caller needs none). */
  private readonly delen = new Map<string, Kernmutatie[]>();
  /** Sets made here, per version. */
  private readonly gemaakt = new Map<string, string>();

  constructor(
    private readonly index: Inhoudsindex,
    /** The set of a stored version (made again from its events where it has none). */
    private readonly inhoudVan: (toestand: Regeling, versie: string) => Promise<string>,
    private readonly regelingId: string,
    private readonly gegeven: Record<string, string>,
  ) {}

  async volg(e: RegelingEvent, toestand: Regeling): Promise<void> {
    const { index } = this;
    if (e.type === 'InhoudGeleverd') {
      const v = e.data.instrumentversie;
      if (this.gegeven[v]) return;
      const delen = this.delen.get(v) ?? [];
      delen.push(kernVanMutatie(e.data.mutatie));
      this.delen.set(v, delen);
      return;
    }
    if (!BESLUITEN.has(e.type)) return;
    const v = (e.data as { instrumentversie: string }).instrumentversie;
    let set = this.gegeven[v];
    const fouten: Inhoudsfout[] = [];
    if (!set) {
      const basis = toestand.versies[v]!.basisversie;
      set = await index.nieuweSet(this.regelingId, basis ? await this.inhoudVan(toestand, basis) : undefined);
      this.gemaakt.set(v, set);
      for (const deel of this.delen.get(v) ?? []) fouten.push(...(await index.pasToe(set, deel)));
      this.delen.delete(v);
    }
    fouten.push(...(await index.controleer(set)));
    if (fouten.length > 0) {
      throw new RegelingFout('ongeldige_inhoud', `De inhoud van ${v} klopt niet: ${fouten.length} fout(en), de eerste: ${fouten[0]!.soort} ${fouten[0]!.identificatie}: ${fouten[0]!.reden}`, fouten);
    }
  }

  /** The events are stored: each set is its version's (the supplied ones too). */
  async bevestig(): Promise<void> {
    const { index } = this;
    for (const [v, set] of [...Object.entries(this.gegeven), ...this.gemaakt]) {
      if (!(await index.bevestig(set, v)) && this.gemaakt.has(v)) await index.verwerp(set);
    }
  }

  async verwerp(): Promise<void> {
    for (const set of this.gemaakt.values()) await this.index.verwerp(set);
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
