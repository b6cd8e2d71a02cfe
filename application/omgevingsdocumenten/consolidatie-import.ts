import type { RecordedEvent } from '../ports/event-store.ts';
import { RegelingFout, type RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import { bestuurslaagVan, type Documenttype, type Regeling } from '../../domain/omgevingsdocumenten/regeling.ts';
import { instrumentVan, type Levering } from '../../domain/tijd/toestanden.ts';
import type { RegelingService } from './regeling-service.ts';

/** The documenttype a regeling gets when a ConsolidatieInformatie is the first that is heard of it. */
const STANDAARD_TYPE: Record<string, Documenttype> = { gemeente: 'omgevingsplan', provincie: 'omgevingsverordening', waterschap: 'waterschapsverordening', rijk: 'AMvB' };

export interface ConsolidatieAfhandeling {
  /** Per regeling (work id), the commands it became now (none when handled before). */
  regelingen: Record<string, RegelingCommand['type'][]>;
  /** The events stored now (none when the delivery had been imported before). */
  events: RecordedEvent[];
  /** Informatieobjecten (GIO) versions named: their content travels with the regeling's own. */
  informatieobjecten: number;
}

/**
 * Imports one STOP ConsolidatieInformatie as time events, through the same commands as the
 * write API: a version for a new doel is a besluit (in force on the doel's tijdstempels in the
 * same delivery), a new version for a doel already published a rectificatie, tijdstempels
 * alone an inwerkingtreding, an Intrekking an intrekking. The versions carry no content here:
 * that comes with the delivery of the regeling's text and OW files. `regelingenOp` gives a
 * service that records at the delivery's ontvangenOp, so the toestanden are the STOP ones.
 * The same delivery again stores nothing (its command ids are its own).
 */
export async function importeerConsolidatie(
  levering: Levering & { gemaaktOp: string },
  regelingen: RegelingService,
  door: { actor: string; bevoegdGezag?: string },
): Promise<ConsolidatieAfhandeling> {
  const isRegeling = (instrument: string) => instrument.startsWith('/akn/');
  const nietOndersteund = [
    ...(levering.terugtrekkingenTijdstempel ?? []).map((t) => `TerugtrekkingTijdstempel voor ${t.doel}`),
    ...(levering.terugtrekkingen ?? []).map((t) => `Terugtrekking van ${t.instrument} voor ${t.doel}`),
    ...(levering.beoogdeVersies ?? []).filter((v) => v.doelen.length !== 1 && isRegeling(v.instrumentversie)).map((v) => `${v.instrumentversie} voor ${v.doelen.length} doelen tegelijk`),
  ];
  if (nietOndersteund.length > 0) throw new RegelingFout('ongeldige_invoer', `Deze ConsolidatieInformatie kan (nog) niet worden verwerkt: ${nietOndersteund.join('; ')}`);

  const uit: ConsolidatieAfhandeling = { regelingen: {}, events: [], informatieobjecten: (levering.beoogdeVersies ?? []).filter((v) => !isRegeling(v.instrumentversie)).length };
  const stempels = (doel: string) => Object.fromEntries((levering.tijdstempels ?? []).filter((t) => t.doel === doel).map((t) => [t.soort, t.datum]));
  const versies = (levering.beoogdeVersies ?? []).filter((v) => isRegeling(v.instrumentversie));
  const werken = new Set([...versies.map((v) => instrumentVan(v.instrumentversie)), ...(levering.intrekkingen ?? []).map((i) => i.instrument).filter(isRegeling)]);
  for (const werk of werken) {
    const bevoegdGezag = werk.split('/')[4]!;
    // Each command is made from the regeling as it stands when it is handled (after the ones before).
    const opdrachten: ((state: Regeling) => RegelingCommand | undefined)[] = [];
    const doelenMetVersie = new Set<string>();
    for (const v of versies.filter((x) => instrumentVan(x.instrumentversie) === werk)) {
      const doel = v.doelen[0]!;
      doelenMetVersie.add(doel);
      const tijd = stempels(doel);
      opdrachten.push((state) =>
        state.doelen[doel]?.status === 'vastgesteld'
          ? { type: 'Rectificeer', data: { doel, instrumentversie: v.instrumentversie, bekendOp: levering.bekendOp, mutatie: {}, ...tijd } }
          : {
              type: 'PubliceerBesluit',
              data: { documenttype: state.documenttype ?? STANDAARD_TYPE[bestuurslaagVan(bevoegdGezag)]!, citeertitel: state.citeertitel ?? werk, doel, instrumentversie: v.instrumentversie, bekendOp: levering.bekendOp, mutatie: {}, ...tijd },
            },
      );
    }
    for (const i of (levering.intrekkingen ?? []).filter((x) => x.instrument === werk)) {
      for (const doel of i.doelen) {
        doelenMetVersie.add(doel);
        const { juridischWerkendVanaf } = stempels(doel);
        if (!juridischWerkendVanaf) throw new RegelingFout('ongeldige_invoer', `De intrekking van ${werk} voor ${doel} heeft geen juridischWerkendVanaf`);
        opdrachten.push(() => ({ type: 'TrekRegelingIn', data: { doel, bekendOp: levering.bekendOp, juridischWerkendVanaf } }));
      }
    }
    // Tijdstempels for a doel of this regeling that brings no version in this delivery.
    for (const doel of new Set((levering.tijdstempels ?? []).map((t) => t.doel))) {
      const { juridischWerkendVanaf, geldigVanaf } = stempels(doel);
      if (doelenMetVersie.has(doel) || !juridischWerkendVanaf) continue;
      opdrachten.push((state) =>
        state.doelen[doel] ? { type: 'StelInwerkingtredingVast', data: { doel, bekendOp: levering.bekendOp, juridischWerkendVanaf, ...(geldigVanaf ? { geldigVanaf } : {}) } } : undefined,
      );
    }
    uit.regelingen[werk] = [];
    for (const [i, opdracht] of opdrachten.entries()) {
      let type: RegelingCommand['type'] | undefined;
      const { events, nieuw } = await regelingen.handel(
        werk,
        (state) => {
          const command = opdracht(state);
          type = command?.type;
          return command;
        },
        { bevoegdGezag: door.bevoegdGezag ?? bevoegdGezag, actor: door.actor, commandId: `consolidatie:${levering.gemaaktOp}:${werk}:${i}` },
      );
      if (!nieuw) continue;
      uit.events.push(...events);
      uit.regelingen[werk].push(type!);
    }
  }
  return uit;
}
