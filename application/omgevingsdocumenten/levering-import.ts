import type { RecordedEvent } from '../ports/event-store.ts';
import type { Inhoudsindex } from '../ports/inhoudsindex.ts';
import type { AmbtsgebiedService } from '../bestuursgrenzen/ambtsgebied-service.ts';
import { RegelingFout, type RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import type { Mutatie, Soort } from '../../domain/omgevingsdocumenten/inhoud.ts';
import { Delen, type ObjectVan } from '../../domain/omgevingsdocumenten/kern.ts';
import type { Documenttype, Regeling } from '../../domain/omgevingsdocumenten/regeling.ts';
import type { Datum } from '../../domain/tijd/toestanden.ts';
import type { RegelingService } from './regeling-service.ts';

/** One problem in a delivery: the file, the element and the id it is about. */
export interface Leveringsfout {
  bestand: string;
  element: string;
  id: string;
  reden: string;
}

/** A delivery refused as a whole: nothing of it is stored. */
export class LeveringError extends Error {
  override name = 'LeveringError';
  constructor(readonly fouten: Leveringsfout[]) {
    super(`De levering heeft ${fouten.length} fout(en); niets is opgeslagen. De eerste: ${fouten[0]!.bestand} ${fouten[0]!.element} ${fouten[0]!.id}: ${fouten[0]!.reden}`);
  }
}

/** A delivered version of a regeling, read from STOP/TPOD (or any other format). */
export interface Levering {
  regelingId: string;
  instrumentversie: string;
  doel: string;
  bevoegdGezag: string;
  documenttype: Documenttype;
  citeertitel: string;
  /**
   * What the version holds: a set in the content index with every object as a kern (without
   * geometry and text, with a digest of the whole), made by the reader. Removed once the
   * import is done, unless it became the version's.
   */
  inhoudset: string;
  /** The objects the set marks changed, whole, one at a time: read again from the delivery, never held all at once. */
  objecten(): AsyncIterable<{ soort: Soort; object: ObjectVan<Soort> }>;
  /** Locaties that are an ambtsgebied: the bevoegd gezag whose area it is, and where it was named. */
  ambtsgebieden: { code: string; bestand: string; id: string }[];
}

export interface Leveringstijd {
  bekendOp: Datum;
  juridischWerkendVanaf?: Datum;
  geldigVanaf?: Datum;
}

export interface Leverancier {
  actor: string;
  /** Set when a bevoegd gezag delivers (the upload): it may deliver only its own regelingen. */
  bevoegdGezag?: string;
  correlationId?: string;
}

export interface LeveringAfhandeling {
  /** What the delivery became: a new regeling, a wijziging, a rectificatie (same doel), or nothing new. */
  soort: 'nieuw' | 'wijziging' | 'rectificatie' | 'ongewijzigd';
  /** Content parts (InhoudGeleverd) without their data. */
  events: RecordedEvent[];
}

/**
 * Turns a delivered version into the commands the write API takes, so it causes the same
 * events: the first version of a regeling is a vaststelling, a later one a wijziging of the
 * last (only what changed), a new version for a doel already published a rectificatie. The
 * same delivery again stores nothing. A locatie that is an ambtsgebied needs that area in the
 * register of bestuursgrenzen; the import never invents one.
 *
 * What changed is found in the content index (digests of the kernen, compared in PostgreSQL);
 * only those objects are then read whole, in parts (LeverInhoud) that are decided and stored
 * one after the other in one atomic append, so memory does not grow with the delivery.
 */
export class LeveringImport {
  constructor(
    private readonly regelingen: RegelingService,
    private readonly ambtsgebieden: AmbtsgebiedService,
    private readonly index: Inhoudsindex,
  ) {}

  async importeer(levering: Levering, tijd: Leveringstijd, door: Leverancier): Promise<LeveringAfhandeling> {
    if (door.bevoegdGezag && door.bevoegdGezag !== levering.bevoegdGezag) {
      throw new RegelingFout('niet_bevoegd', `De levering is van ${levering.bevoegdGezag}; u levert voor ${door.bevoegdGezag}`);
    }
    const onbekend = [];
    // Every Ambtsgebied of a delivery usually names the same code: look each code up once.
    const bekend = new Map<string, boolean>();
    for (const a of levering.ambtsgebieden) {
      if (!bekend.has(a.code)) bekend.set(a.code, Boolean((await this.ambtsgebieden.laad(a.code)).state.geometrie));
      if (!bekend.get(a.code)) onbekend.push({ bestand: a.bestand, element: 'Ambtsgebied', id: a.id, reden: `het ambtsgebied van ${a.code} staat niet in het register van bestuursgrenzen; stel het eerst vast (de import verzint geen gebied)` });
    }
    if (onbekend.length > 0) throw new LeveringError(onbekend);

    // The commands follow from the regeling as the service loads it: read once.
    let soort: LeveringAfhandeling['soort'] = 'ongewijzigd';
    const { regelingId, instrumentversie, inhoudset } = levering;
    const inhoudVan = (state: Regeling, versie: string) => this.regelingen.inhoudVan(regelingId, state, versie);
    try {
      const { events, nieuw } = await this.regelingen.handel(
        regelingId,
        async (state) => {
          if (state.versies[instrumentversie]) {
            const { gewijzigd, weg } = await this.index.vergelijk(await inhoudVan(state, instrumentversie), inhoudset);
            if (gewijzigd === 0 && weg === 0) return undefined;
            throw new RegelingFout('bestaat_al', `Versie ${instrumentversie} bestaat al, met andere inhoud; een nieuwe versie heeft een nieuwe expression id`);
          }
          const doel = state.doelen[levering.doel];
          const tijdstempels = { juridischWerkendVanaf: tijd.juridischWerkendVanaf, geldigVanaf: tijd.geldigVanaf };
          const rectificatie = doel?.status === 'vastgesteld' && doel.instrumentversie ? doel.instrumentversie : undefined;
          const basis = rectificatie ?? state.laatsteVersie;
          soort = rectificatie ? 'rectificatie' : basis ? 'wijziging' : 'nieuw';
          const basisset = basis ? await inhoudVan(state, basis) : undefined;
          // Marks in the delivery's set what differs from the basis; without one, all of it is new.
          if (basisset) await this.index.vergelijk(basisset, inhoudset);
          const besluit: RegelingCommand = rectificatie
            ? { type: 'Rectificeer', data: { doel: levering.doel, instrumentversie, bekendOp: tijd.bekendOp, ...tijdstempels } }
            : {
                type: 'PubliceerBesluit',
                data: {
                  documenttype: levering.documenttype,
                  citeertitel: levering.citeertitel,
                  doel: levering.doel,
                  instrumentversie,
                  ...(basis ? { basisversie: basis } : {}),
                  bekendOp: tijd.bekendOp,
                  ...tijdstempels,
                },
              };
          return inDelen(levering, state, basisset ? this.index.weg(basisset, inhoudset) : [], besluit);
        },
        { bevoegdGezag: levering.bevoegdGezag, actor: door.actor, commandId: `levering:${instrumentversie}`, correlationId: door.correlationId },
        { inhoudsets: { [instrumentversie]: inhoudset } },
      );
      // Not new: the same version, or this delivery handled before (its command id).
      return nieuw ? { soort, events } : { soort: 'ongewijzigd', events: [] };
    } finally {
      // A no-op once the set is the version's.
      await this.index.verwerp(inhoudset);
    }
  }
}

/**
 * The commands of a delivery: the registration of a new regeling, the changed content in
 * parts (removals first), then the besluit, which checks the whole version's references.
 */
async function* inDelen(levering: Levering, state: Regeling, weg: AsyncIterable<{ soort: Soort; id: string }> | [], besluit: RegelingCommand): AsyncGenerator<RegelingCommand> {
  if (!state.regelingId) yield { type: 'RegistreerRegeling', data: { documenttype: levering.documenttype, citeertitel: levering.citeertitel } };
  const delen = new Delen();
  const lever = (mutatie: Mutatie): RegelingCommand => ({ type: 'LeverInhoud', data: { instrumentversie: levering.instrumentversie, mutatie } });
  for await (const { soort, id } of weg) {
    const deel = delen.voegToe(soort, 'verwijder', id, id.length + 8);
    if (deel) yield lever(deel);
  }
  for await (const { soort, object } of levering.objecten()) {
    const deel = delen.voegToe(soort, 'plaats', object, Buffer.byteLength(JSON.stringify(object)) + 8);
    if (deel) yield lever(deel);
  }
  const rest = delen.rest();
  if (rest) yield lever(rest);
  yield besluit;
}
