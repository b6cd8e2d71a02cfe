/**
 * Commands on the catalogue of werkzaamheden, and `decide`. A vaststelling carries the whole
 * werkzaamheid; the same content again stores nothing, so loading a catalogue file twice is
 * harmless (and, loaded with `behoudIntrekking`, does not undo a withdrawal). Pure.
 */
import { IMOW_ACTIVITEIT } from './activiteit.ts';
import { inCatalogus, type Werkzaamheid, type WerkzaamheidEvent, type Werkzaamheidinhoud } from './werkzaamheid.ts';

export type WerkzaamheidCommand =
  | {
      type: 'StelWerkzaamheidVast';
      data: { id: string } & Werkzaamheidinhoud & {
        /**
         * For a catalogue loaded from a file (the demo, an import): a werkzaamheid a beheerder
         * withdrew with this very content stays out; a file that changes it brings it back.
         */
        behoudIntrekking?: boolean;
      };
    }
  | { type: 'TrekWerkzaamheidIn'; data: { id: string; reden: string } };

export type CatalogusFoutcode = 'ongeldige_invoer' | 'onbekend' | 'ingetrokken';

/** Why a command is refused. The edge turns the code into an HTTP status. */
export class CatalogusFout extends Error {
  override name = 'CatalogusFout';
  constructor(
    readonly code: CatalogusFoutcode,
    message: string,
  ) {
    super(message);
  }
}

/** A slug: lower-case letters and digits in words joined by single hyphens; it becomes part of the stream id and URLs. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID = 80;
const MAX_NAAM = 200;
const MAX_OMSCHRIJVING = 2000;
const MAX_TERM = 200;
const MAX_ZOEKTERMEN = 50;
const MAX_ACTIVITEITEN = 100;

/** Refuses anything but a slug; callers check this before they build a stream id from it. */
export function controleerWerkzaamheidId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length > MAX_ID || !SLUG.test(id)) {
    throw new CatalogusFout('ongeldige_invoer', `${JSON.stringify(id)} is geen geldige id van een werkzaamheid: gebruik kleine letters, cijfers en losse streepjes, zoals "dakkapel-plaatsen" (hoogstens ${MAX_ID} tekens)`);
  }
}

/** Spaces at the ends and runs of spaces inside do not make another word. */
const netjes = (tekst: string) => tekst.normalize('NFC').trim().replace(/\s+/g, ' ');

function tekst(waarde: unknown, wat: string, max: number): string {
  if (typeof waarde !== 'string' || !netjes(waarde)) throw new CatalogusFout('ongeldige_invoer', `${wat} is leeg; vul een tekst in`);
  const t = netjes(waarde);
  if (t.length > max) throw new CatalogusFout('ongeldige_invoer', `${wat} is ${t.length} tekens; hoogstens ${max}`);
  return t;
}

/** A list of texts without empty or repeated entries; repeated means the same apart from capitals, as the check compares them. */
function lijst(waarde: unknown, enkelvoud: string, meervoud: string, max: number): string[] {
  if (!Array.isArray(waarde)) throw new CatalogusFout('ongeldige_invoer', `Geef de ${meervoud} als een lijst van teksten`);
  if (waarde.length > max) throw new CatalogusFout('ongeldige_invoer', `Er zijn ${waarde.length} ${meervoud}; hoogstens ${max}`);
  const gezien = new Map<string, string>();
  return waarde.map((w, i) => {
    const t = tekst(w, `${enkelvoud} ${i + 1}`, MAX_TERM);
    const sleutel = t.toLowerCase();
    const eerder = gezien.get(sleutel);
    if (eerder !== undefined) throw new CatalogusFout('ongeldige_invoer', `De ${meervoud} noemen ${JSON.stringify(t)} twee keer${eerder === t ? '' : ` (ook als ${JSON.stringify(eerder)})`}`);
    gezien.set(sleutel, t);
    return t;
  });
}

const zelfdeInhoud = (a: Werkzaamheidinhoud | undefined, b: Werkzaamheidinhoud) =>
  a !== undefined &&
  a.naam === b.naam &&
  a.omschrijving === b.omschrijving &&
  JSON.stringify(a.zoektermen) === JSON.stringify(b.zoektermen) &&
  JSON.stringify(a.activiteiten) === JSON.stringify(b.activiteiten);

export function decideWerkzaamheid(command: WerkzaamheidCommand, state: Werkzaamheid): WerkzaamheidEvent[] {
  const { id } = command.data;
  controleerWerkzaamheidId(id);
  if (state.id && state.id !== id) throw new CatalogusFout('ongeldige_invoer', `Dit is de werkzaamheid ${state.id}, niet ${id}`);
  switch (command.type) {
    case 'StelWerkzaamheidVast': {
      const d = command.data;
      const naam = tekst(d.naam, 'De naam', MAX_NAAM);
      const omschrijving = d.omschrijving == null || (typeof d.omschrijving === 'string' && !netjes(d.omschrijving)) ? undefined : tekst(d.omschrijving, 'De omschrijving', MAX_OMSCHRIJVING);
      const zoektermen = lijst(d.zoektermen ?? [], 'Zoekterm', 'zoektermen', MAX_ZOEKTERMEN);
      const activiteiten = lijst(d.activiteiten, 'Activiteit', 'activiteiten', MAX_ACTIVITEITEN);
      if (activiteiten.length === 0) throw new CatalogusFout('ongeldige_invoer', `Noem ten minste één activiteit waar "${naam}" voor staat (een naam zoals "dakkapel plaatsen" of een IMOW-id)`);
      for (const a of activiteiten) {
        // Something that looks like an IMOW id must be one, or it would silently never match.
        if (/^nl\.imow-/i.test(a) && !IMOW_ACTIVITEIT.test(a)) {
          throw new CatalogusFout('ongeldige_invoer', `${JSON.stringify(a)} is geen IMOW-activiteit (zoals nl.imow-gm0344.activiteit.dakkapelplaatsen); noem de activiteit bij haar naam of haar volledige id`);
        }
      }
      const inhoud: Werkzaamheidinhoud = { naam, ...(omschrijving !== undefined ? { omschrijving } : {}), zoektermen, activiteiten };
      if ((!state.ingetrokken || d.behoudIntrekking) && zelfdeInhoud(state.inhoud, inhoud)) return [];
      return [{ type: 'WerkzaamheidVastgesteld', data: { id, versie: state.versie + 1, ...inhoud } }];
    }
    case 'TrekWerkzaamheidIn': {
      const reden = tekst(command.data.reden, 'De reden van de intrekking', MAX_OMSCHRIJVING);
      if (!state.inhoud) throw new CatalogusFout('onbekend', `De werkzaamheid ${id} bestaat niet; er is niets in te trekken`);
      if (!inCatalogus(state)) throw new CatalogusFout('ingetrokken', `De werkzaamheid ${id} is al ingetrokken`);
      return [{ type: 'WerkzaamheidIngetrokken', data: { id, versie: state.versie, reden } }];
    }
  }
}
