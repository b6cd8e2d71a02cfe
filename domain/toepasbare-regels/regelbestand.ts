/**
 * A regelbestand: the toepasbare regels of one bevoegd gezag for one activiteit and one soort
 * (conclusie, indieningsvereisten or maatregelen), one stream of its deliveries. Each delivery
 * holds a DMN model with the period it applies (geldigheid); a later delivery takes over from
 * its geldigVanaf; a withdrawal ends every version delivered before it. So "which tree applied
 * on date X, as known at moment Y" has one answer. Events, state and `evolve`; pure.
 */
import type { Datum } from '../tijd/toestanden.ts';

export const SOORTEN_REGELBESTAND = ['conclusie', 'indieningsvereisten', 'maatregelen'] as const;
export type SoortRegelbestand = (typeof SOORTEN_REGELBESTAND)[number];

export const regelbestandStream = (bevoegdGezag: string, activiteit: string, soort: SoortRegelbestand) => `toepasbare-regels-${bevoegdGezag}-${soort}-${activiteit}`;

/** What the delivered model holds, for lists and checks without reading the DMN again. */
export interface Modelsamenvatting {
  naam: string;
  dmnVersie: string;
  vragen: number;
  beslissingen: string[];
}

export type RegelbestandEvent =
  | {
      type: 'ToepasbareRegelsGeleverd';
      data: {
        bevoegdGezag: string;
        activiteit: string;
        soort: SoortRegelbestand;
        versie: number;
        geldigVanaf: Datum;
        geldigTot?: Datum;
        bestand: string;
        /** The DMN file as delivered (XML). */
        dmn: string;
        model: Modelsamenvatting;
      };
    }
  | { type: 'ToepasbareRegelsIngetrokken'; data: { bevoegdGezag: string; activiteit: string; soort: SoortRegelbestand; per: Datum; totEnMetVersie: number; reden: string } };

export interface Regelbestandversie {
  versie: number;
  geldigVanaf: Datum;
  geldigTot?: Datum;
  /** Set by a withdrawal delivered after this version: from this date it no longer applies. */
  ingetrokkenPer?: Datum;
}

export interface Regelbestand {
  bevoegdGezag?: string;
  activiteit?: string;
  soort?: SoortRegelbestand;
  versies: Regelbestandversie[];
}

export const beginRegelbestand = (): Regelbestand => ({ versies: [] });

export function evolveRegelbestand(state: Regelbestand, event: RegelbestandEvent): Regelbestand {
  switch (event.type) {
    case 'ToepasbareRegelsGeleverd': {
      const { bevoegdGezag, activiteit, soort, versie, geldigVanaf, geldigTot } = event.data;
      return { bevoegdGezag, activiteit, soort, versies: [...state.versies, { versie, geldigVanaf, ...(geldigTot ? { geldigTot } : {}) }] };
    }
    case 'ToepasbareRegelsIngetrokken': {
      const { per, totEnMetVersie } = event.data;
      return {
        ...state,
        versies: state.versies.map((v) => (v.versie <= totEnMetVersie && !(v.ingetrokkenPer && v.ingetrokkenPer <= per) ? { ...v, ingetrokkenPer: per } : v)),
      };
    }
  }
}

/** The version that applies on a date: the last delivered whose period holds it and that was not withdrawn by then. */
export function versieOp(state: Regelbestand, datum: Datum): Regelbestandversie | undefined {
  return state.versies
    .filter((v) => v.geldigVanaf <= datum && (!v.geldigTot || datum < v.geldigTot) && (!v.ingetrokkenPer || datum < v.ingetrokkenPer))
    .at(-1);
}
