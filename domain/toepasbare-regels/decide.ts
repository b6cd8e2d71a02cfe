/**
 * Commands of a bevoegd gezag on its toepasbare regels, and `decide`. The DMN file is read and
 * checked before (infrastructure); the command carries what the domain needs of it. Pure.
 */
import { echteDatum, type Datum } from '../tijd/toestanden.ts';
import { makerVanActiviteit } from '../catalogus/activiteit.ts';
import { SOORTEN_REGELBESTAND, type Modelsamenvatting, type Regelbestand, type RegelbestandEvent, type SoortRegelbestand } from './regelbestand.ts';

export type RegelbestandCommand =
  | { type: 'LeverToepasbareRegels'; data: { activiteit: string; soort: SoortRegelbestand; geldigVanaf: Datum; geldigTot?: Datum; bestand: string; dmn: string; model: Modelsamenvatting } }
  | { type: 'TrekToepasbareRegelsIn'; data: { activiteit: string; soort: SoortRegelbestand; per: Datum; reden: string } };

export class RegelbestandFout extends Error {
  override name = 'RegelbestandFout';
  constructor(
    readonly code: 'niet_bevoegd' | 'ongeldige_invoer' | 'onmogelijke_datum' | 'onbekend',
    message: string,
  ) {
    super(message);
  }
}

export function decideRegelbestand(command: RegelbestandCommand, state: Regelbestand, context: { bevoegdGezag: string }): RegelbestandEvent[] {
  const { activiteit, soort } = command.data;
  const maker = typeof activiteit === 'string' ? makerVanActiviteit(activiteit) : undefined;
  if (!maker) throw new RegelbestandFout('ongeldige_invoer', `${JSON.stringify(activiteit)} is geen IMOW-activiteit (zoals nl.imow-gm0344.activiteit.Dakkapel)`);
  if (!SOORTEN_REGELBESTAND.includes(soort)) throw new RegelbestandFout('ongeldige_invoer', `Onbekende soort ${JSON.stringify(soort)}; kies uit: ${SOORTEN_REGELBESTAND.join(', ')}`);
  // An activiteit is made by one bevoegd gezag (its code is in the id): only it delivers its
  // toepasbare regels. (Its stream has the bevoegd gezag in its id, so it holds no one else's.)
  if (maker !== context.bevoegdGezag) throw new RegelbestandFout('niet_bevoegd', `${activiteit} is een activiteit van ${maker}; ${context.bevoegdGezag} levert er geen toepasbare regels voor`);
  switch (command.type) {
    case 'LeverToepasbareRegels': {
      const { geldigVanaf, geldigTot, bestand, dmn, model } = command.data;
      for (const [naam, d] of [['geldigVanaf', geldigVanaf], ['geldigTot', geldigTot]] as const) {
        if (d !== undefined && !echteDatum(d)) throw new RegelbestandFout('ongeldige_invoer', `${naam} ${JSON.stringify(d)} is geen bestaande datum (jjjj-mm-dd)`);
      }
      if (!geldigVanaf) throw new RegelbestandFout('ongeldige_invoer', 'Noem geldigVanaf: vanaf wanneer deze regels gelden (jjjj-mm-dd)');
      if (geldigTot && geldigTot <= geldigVanaf) throw new RegelbestandFout('onmogelijke_datum', `geldigTot ${geldigTot} ligt niet na geldigVanaf ${geldigVanaf}`);
      if (model.beslissingen.length === 0) throw new RegelbestandFout('ongeldige_invoer', `${bestand} heeft geen beslissingen`);
      const versie = (state.versies.at(-1)?.versie ?? 0) + 1;
      return [{ type: 'ToepasbareRegelsGeleverd', data: { bevoegdGezag: context.bevoegdGezag, activiteit, soort, versie, geldigVanaf, ...(geldigTot ? { geldigTot } : {}), bestand, dmn, model } }];
    }
    case 'TrekToepasbareRegelsIn': {
      const { per, reden } = command.data;
      if (!echteDatum(per)) throw new RegelbestandFout('ongeldige_invoer', `per ${JSON.stringify(per)} is geen bestaande datum (jjjj-mm-dd)`);
      if (!reden?.trim()) throw new RegelbestandFout('ongeldige_invoer', 'Noem de reden van de intrekking');
      const laatste = state.versies.at(-1);
      if (!laatste) throw new RegelbestandFout('onbekend', `Er zijn geen toepasbare regels (${soort}) voor ${activiteit} om in te trekken`);
      const open = state.versies.some((v) => (!v.ingetrokkenPer || v.ingetrokkenPer > per) && (!v.geldigTot || v.geldigTot > per));
      if (!open) throw new RegelbestandFout('onmogelijke_datum', `Op ${per} en later gelden er voor ${activiteit} al geen toepasbare regels (${soort})`);
      return [{ type: 'ToepasbareRegelsIngetrokken', data: { bevoegdGezag: context.bevoegdGezag, activiteit, soort, per, totEnMetVersie: laatste.versie, reden } }];
    }
  }
}
