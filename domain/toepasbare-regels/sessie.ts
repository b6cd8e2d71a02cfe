/**
 * A Vergunningcheck as events: started for a location, werkzaamheden and a date with the trees
 * that applied then (each by its version, so the check can be replayed exactly), then answer
 * by answer; an answer can be taken back. Events, state and `evolve`; pure.
 */
import type { Datum } from '../tijd/toestanden.ts';
import type { SoortRegelbestand } from './regelbestand.ts';
import type { Ligging } from './vragenboom.ts';

export const sessieStream = (id: string) => `vergunningcheck-${id}`;

/** A tree the check runs: a regelbestand of one bevoegd gezag for an activiteit at the location. */
export interface Sessieboom {
  id: string;
  bevoegdGezag: string;
  activiteit: string;
  activiteitNaam: string;
  soort: SoortRegelbestand;
  versie: number;
  werkzaamheid: string;
  /** The juridische regels at the location that name the activiteit (regeling and identificatie). */
  regels: { regelingId: string; identificatie: string; kwalificatie: string }[];
}

export type SessieEvent =
  | {
      type: 'CheckGestart';
      data: {
        sessieId: string;
        /** The location in RD New (GeoJSON). */
        locatie: { type: string; coordinates: unknown };
        werkzaamheden: { id: string; naam: string }[];
        datum: Datum;
        /** The moment the trees were looked up: a replay reads the same versions. */
        bekendOp: string;
        bomen: Sessieboom[];
        ligging: Record<string, Ligging>;
        /**
         * Answers known earlier in the project: not taken as given, but shown with their question
         * as the answer to confirm or change.
         */
        voorIngevuld: Record<string, unknown>;
      };
    }
  | { type: 'VraagBeantwoord'; data: { sleutel: string; antwoord: unknown } }
  | { type: 'AntwoordTeruggenomen'; data: { sleutel: string } };

export interface Sessie {
  gestart?: Extract<SessieEvent, { type: 'CheckGestart' }>['data'];
  antwoorden: Record<string, unknown>;
  /** Keys in the order they were answered: "terug" takes back the last. */
  volgorde: string[];
}

export const beginSessie = (): Sessie => ({ antwoorden: {}, volgorde: [] });

export function evolveSessie(state: Sessie, event: SessieEvent): Sessie {
  switch (event.type) {
    case 'CheckGestart':
      return { gestart: event.data, antwoorden: {}, volgorde: [] };
    case 'VraagBeantwoord':
      return { ...state, antwoorden: { ...state.antwoorden, [event.data.sleutel]: event.data.antwoord }, volgorde: [...state.volgorde.filter((s) => s !== event.data.sleutel), event.data.sleutel] };
    case 'AntwoordTeruggenomen': {
      const { [event.data.sleutel]: _, ...rest } = state.antwoorden;
      return { ...state, antwoorden: rest, volgorde: state.volgorde.filter((s) => s !== event.data.sleutel) };
    }
  }
}

export class SessieFout extends Error {
  override name = 'SessieFout';
  constructor(
    readonly code: 'onbekend' | 'ongeldige_invoer' | 'bestaat_al',
    message: string,
  ) {
    super(message);
  }
}

/** Taking back the last answer: "terug" in the check. */
export function terug(state: Sessie): SessieEvent[] {
  if (!state.gestart) throw new SessieFout('onbekend', 'Deze check bestaat niet');
  const laatste = state.volgorde.at(-1);
  if (!laatste) throw new SessieFout('ongeldige_invoer', 'Er is nog geen antwoord om terug te nemen');
  return [{ type: 'AntwoordTeruggenomen', data: { sleutel: laatste } }];
}
