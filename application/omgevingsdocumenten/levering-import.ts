import type { RecordedEvent } from '../ports/event-store.ts';
import type { AmbtsgebiedService } from '../bestuursgrenzen/ambtsgebied-service.ts';
import { RegelingFout, type RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import { legeInhoud, verschil, type Inhoud } from '../../domain/omgevingsdocumenten/inhoud.ts';
import type { Documenttype } from '../../domain/omgevingsdocumenten/regeling.ts';
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

/** A delivered version of a regeling, whole, read from STOP/TPOD (or any other format). */
export interface Levering {
  regelingId: string;
  instrumentversie: string;
  doel: string;
  bevoegdGezag: string;
  documenttype: Documenttype;
  citeertitel: string;
  inhoud: Inhoud;
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
  events: RecordedEvent[];
}

/**
 * Turns a delivered version into the commands the write API takes, so it causes the same
 * events: the first version of a regeling is a vaststelling, a later one a wijziging of the
 * last (only what changed), a new version for a doel already published a rectificatie. The
 * same delivery again stores nothing. A locatie that is an ambtsgebied needs that area in the
 * register of bestuursgrenzen; the import never invents one.
 */
export class LeveringImport {
  constructor(
    private readonly regelingen: RegelingService,
    private readonly ambtsgebieden: AmbtsgebiedService,
  ) {}

  async importeer(levering: Levering, tijd: Leveringstijd, door: Leverancier): Promise<LeveringAfhandeling> {
    if (door.bevoegdGezag && door.bevoegdGezag !== levering.bevoegdGezag) {
      throw new RegelingFout('niet_bevoegd', `De levering is van ${levering.bevoegdGezag}; u levert voor ${door.bevoegdGezag}`);
    }
    const onbekend = [];
    for (const a of levering.ambtsgebieden) {
      const { state } = await this.ambtsgebieden.laad(a.code);
      if (!state.geometrie) onbekend.push({ bestand: a.bestand, element: 'Ambtsgebied', id: a.id, reden: `het ambtsgebied van ${a.code} staat niet in het register van bestuursgrenzen; stel het eerst vast (de import verzint geen gebied)` });
    }
    if (onbekend.length > 0) throw new LeveringError(onbekend);

    // The command follows from the regeling as the service loads it: read once.
    let soort: LeveringAfhandeling['soort'] = 'ongewijzigd';
    const { events, nieuw } = await this.regelingen.handel(
      levering.regelingId,
      (state): RegelingCommand | undefined => {
        const bestaand = state.versies[levering.instrumentversie];
        if (bestaand) {
          const m = verschil(bestaand, levering.inhoud);
          if (!m.plaats && !m.verwijder) return undefined;
          throw new RegelingFout('bestaat_al', `Versie ${levering.instrumentversie} bestaat al, met andere inhoud; een nieuwe versie heeft een nieuwe expression id`);
        }
        const doel = state.doelen[levering.doel];
        const tijdstempels = { juridischWerkendVanaf: tijd.juridischWerkendVanaf, geldigVanaf: tijd.geldigVanaf };
        if (doel?.status === 'vastgesteld' && doel.instrumentversie) {
          soort = 'rectificatie';
          return { type: 'Rectificeer', data: { doel: levering.doel, instrumentversie: levering.instrumentversie, bekendOp: tijd.bekendOp, mutatie: verschil(state.versies[doel.instrumentversie]!, levering.inhoud), ...tijdstempels } };
        }
        const basis = state.laatsteVersie;
        soort = basis ? 'wijziging' : 'nieuw';
        return {
          type: 'PubliceerBesluit',
          data: {
            documenttype: levering.documenttype,
            citeertitel: levering.citeertitel,
            doel: levering.doel,
            instrumentversie: levering.instrumentversie,
            ...(basis ? { basisversie: basis } : {}),
            bekendOp: tijd.bekendOp,
            mutatie: verschil(basis ? state.versies[basis]! : legeInhoud(), levering.inhoud),
            ...tijdstempels,
          },
        };
      },
      { bevoegdGezag: levering.bevoegdGezag, actor: door.actor, commandId: `levering:${levering.instrumentversie}`, correlationId: door.correlationId },
    );
    // Not new: the same version, or this delivery handled before (its command id).
    return nieuw ? { soort, events } : { soort: 'ongewijzigd', events: [] };
  }
}
