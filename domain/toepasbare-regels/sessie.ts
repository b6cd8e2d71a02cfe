/**
 * A Vergunningcheck as events: started for a location, werkzaamheden and a date with the trees
 * that applied then (each by its version, so the check can be replayed exactly), then answer
 * by answer; an answer can be taken back. Events, state and `evolve`; pure.
 */
import type { Datum } from '../tijd/toestanden.ts';
import type { SoortRegelbestand } from './regelbestand.ts';
import { beantwoord, type Boom, type Ligging } from './vragenboom.ts';

export const sessieStream = (id: string) => `vergunningcheck-${id}`;

/**
 * A tree the check runs: a regelbestand of one bevoegd gezag for an activiteit at the location,
 * once however many of the chosen werkzaamheden stand for that activiteit.
 */
export interface Sessieboom {
  /** The regelbestand: `${bevoegdGezag}/${activiteit}/${soort}`. */
  id: string;
  bevoegdGezag: string;
  activiteit: string;
  activiteitNaam: string;
  soort: SoortRegelbestand;
  versie: number;
  /** The chosen werkzaamheden (ids) that stand for the activiteit. */
  werkzaamheden: string[];
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
      return { gestart: { ...event.data, bomen: eenPerRegelbestand(event.data.bomen) }, antwoorden: {}, volgorde: [] };
    case 'VraagBeantwoord':
      return { ...state, antwoorden: { ...state.antwoorden, [event.data.sleutel]: event.data.antwoord }, volgorde: [...state.volgorde.filter((s) => s !== event.data.sleutel), event.data.sleutel] };
    case 'AntwoordTeruggenomen': {
      const { [event.data.sleutel]: _, ...rest } = state.antwoorden;
      return { ...state, antwoorden: rest, volgorde: state.volgorde.filter((s) => s !== event.data.sleutel) };
    }
  }
}

/**
 * The trees of a check, one per regelbestand with its werkzaamheden. Checks started before that
 * rule wrote a tree per werkzaamheid (with `werkzaamheid`); they are read the same way.
 */
function eenPerRegelbestand(bomen: readonly (Omit<Sessieboom, 'werkzaamheden'> & { werkzaamheden?: string[]; werkzaamheid?: string })[]): Sessieboom[] {
  const perId = new Map<string, Sessieboom>();
  for (const { werkzaamheid, werkzaamheden = werkzaamheid ? [werkzaamheid] : [], ...boom } of bomen) {
    const eerder = perId.get(boom.id);
    perId.set(boom.id, { ...(eerder ?? boom), werkzaamheden: [...new Set([...(eerder?.werkzaamheden ?? []), ...werkzaamheden])] });
  }
  return [...perId.values()];
}

export class SessieFout extends Error {
  override name = 'SessieFout';
  constructor(
    readonly code: 'onbekend' | 'ongeldige_invoer',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Answering a question (by key), or changing an earlier answer: checked against the question of
 * every tree of the check that asks it (`bomen`: the check's trees with their models).
 */
export function beantwoordVraag(state: Sessie, bomen: readonly Boom[], sleutel: string, antwoord: unknown): SessieEvent[] {
  if (!state.gestart) throw new SessieFout('onbekend', 'Deze check bestaat niet');
  const antwoorden = beantwoord(bomen, state.antwoorden, sleutel, antwoord);
  return [{ type: 'VraagBeantwoord', data: { sleutel, antwoord: antwoorden[sleutel] } }];
}

/** Taking back the last answer: "terug" in the check. */
export function terug(state: Sessie): SessieEvent[] {
  if (!state.gestart) throw new SessieFout('onbekend', 'Deze check bestaat niet');
  const laatste = state.volgorde.at(-1);
  if (!laatste) throw new SessieFout('ongeldige_invoer', 'Er is nog geen antwoord om terug te nemen');
  return [{ type: 'AntwoordTeruggenomen', data: { sleutel: laatste } }];
}
