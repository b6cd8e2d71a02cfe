/**
 * A Regeling (omgevingsdocument): one stream per AKN work id, owned by one bevoegd gezag.
 * Its events, its state, and `evolve`. Content arrives in `InhoudGeleverd` parts (an event
 * stays under 1 MiB), each followed in the same append by the besluit that uses it. The state
 * knows which versions exist, not what they hold: a version's content stays in its events, and
 * its kernen in the write side's content index, so a large regeling loads in little memory.
 */
import type { Datum, Levering, SoortTijdstempel, Tijdstip } from '../tijd/toestanden.ts';
import type { Mutatie } from './inhoud.ts';

export const DOCUMENTTYPES = [
  'omgevingsplan',
  'omgevingsverordening',
  'waterschapsverordening',
  'AMvB',
  'ministeriële regeling',
  'omgevingsvisie',
  'projectbesluit',
  'programma',
  'voorbereidingsbesluit',
  'reactieve interventie',
  'instructie',
] as const;
export type Documenttype = (typeof DOCUMENTTYPES)[number];

export type Bestuurslaag = 'rijk' | 'provincie' | 'waterschap' | 'gemeente';

/** Bevoegd gezag codes as the DSO uses them: gm0363, pv27, ws0155, mnre1034. */
export const BEVOEGD_GEZAG = /^(gm\d{4}|pv\d{2}|ws\d{4}|mn[a-z]{2,4}\d{3,4})$/;

export function bestuurslaagVan(bevoegdGezag: string): Bestuurslaag {
  if (bevoegdGezag.startsWith('gm')) return 'gemeente';
  if (bevoegdGezag.startsWith('pv')) return 'provincie';
  if (bevoegdGezag.startsWith('ws')) return 'waterschap';
  return 'rijk';
}

export const regelingStream = (regelingId: string) => `regeling-${regelingId}`;

interface Tijdstempels {
  juridischWerkendVanaf?: Datum;
  geldigVanaf?: Datum;
}

export type RegelingEvent =
  | { type: 'RegelingGeregistreerd'; data: { regelingId: string; bevoegdGezag: string; documenttype: Documenttype; citeertitel: string } }
  | { type: 'InhoudGeleverd'; data: { instrumentversie: string; deel: number; mutatie: Mutatie } }
  | { type: 'OntwerpGepubliceerd'; data: { doel: string; instrumentversie: string; basisversie?: string; bekendOp: Datum; terInzage: { van: Datum; tot: Datum } } }
  | { type: 'OntwerpIngetrokken'; data: { doel: string; bekendOp: Datum } }
  | { type: 'BesluitGepubliceerd'; data: { doel: string; instrumentversie: string; basisversie?: string; bekendOp: Datum } & Tijdstempels }
  | { type: 'InwerkingtredingVastgesteld'; data: { doel: string; bekendOp: Datum; juridischWerkendVanaf: Datum; geldigVanaf?: Datum } }
  | { type: 'BesluitGerectificeerd'; data: { doel: string; instrumentversie: string; bekendOp: Datum } & Tijdstempels }
  | { type: 'RegelingIngetrokken'; data: { doel: string; bekendOp: Datum; juridischWerkendVanaf: Datum } }
  | { type: 'BesluitVernietigd'; data: { doel: string; bekendOp: Datum; uitspraak: string } }
  /** A version that another doel already brought is also what this doel brings (one version, several doelen). */
  | { type: 'VersieVoorDoelBeoogd'; data: { doel: string; instrumentversie: string; bekendOp: Datum } & Tijdstempels }
  /** A tijdstempel given earlier for a doel is taken back (STOP TerugtrekkingTijdstempel). */
  | { type: 'TijdstempelTeruggetrokken'; data: { doel: string; soort: SoortTijdstempel; bekendOp: Datum } }
  /** The version or intrekking a doel brought is taken back (STOP TerugtrekkingRegeling, TerugtrekkingIntrekking). */
  | { type: 'BeoogdeVersieTeruggetrokken'; data: { doel: string; bekendOp: Datum } };

export type RegelingEventType = RegelingEvent['type'];

/** What a doel (the purpose of a besluit) stands for now. */
export interface Doel {
  /** `teruggetrokken`: its version or intrekking was taken back; its tijdstempels stay, as in STOP. */
  status: 'ontwerp' | 'ontwerp ingetrokken' | 'vastgesteld' | 'intrekking' | 'vernietigd' | 'teruggetrokken';
  /** The version it brings (none for an intrekking). */
  instrumentversie?: string;
  terInzage?: { van: Datum; tot: Datum };
  juridischWerkendVanaf?: Datum;
  geldigVanaf?: Datum;
}

export interface Regeling {
  regelingId?: string;
  bevoegdGezag?: string;
  documenttype?: Documenttype;
  citeertitel?: string;
  doelen: Record<string, Doel>;
  /** Every version, by expression id, with the version it was made from. */
  versies: Record<string, Versie>;
  /** How many content parts were delivered for a version whose besluit is yet to come in the same append. */
  inLevering: Record<string, number>;
  /** The last version a besluit (not an ontwerp) brought: the default basis of the next one. */
  laatsteVersie?: string;
}

/** A version of the regeling: its content is its basis with the parts delivered for it. */
export interface Versie {
  basisversie?: string;
}

export const beginToestand = (): Regeling => ({ doelen: {}, versies: {}, inLevering: {} });

/** Adds a version made from its basis and the parts delivered for it. */
function maakVersie(state: Regeling, instrumentversie: string, basisversie: string | undefined): Record<string, Versie> {
  return { ...state.versies, [instrumentversie]: basisversie ? { basisversie } : {} };
}

const zonder = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _, ...rest } = record;
  return rest;
};

export function evolve(state: Regeling, event: RegelingEvent): Regeling {
  switch (event.type) {
    case 'RegelingGeregistreerd':
      return { ...state, ...event.data };
    case 'InhoudGeleverd': {
      const { instrumentversie } = event.data;
      return { ...state, inLevering: { ...state.inLevering, [instrumentversie]: (state.inLevering[instrumentversie] ?? 0) + 1 } };
    }
    case 'OntwerpGepubliceerd': {
      const { doel, instrumentversie, basisversie, terInzage } = event.data;
      return {
        ...state,
        versies: maakVersie(state, instrumentversie, basisversie),
        inLevering: zonder(state.inLevering, instrumentversie),
        doelen: { ...state.doelen, [doel]: { status: 'ontwerp', instrumentversie, terInzage } },
      };
    }
    case 'OntwerpIngetrokken':
      return { ...state, doelen: { ...state.doelen, [event.data.doel]: { ...state.doelen[event.data.doel]!, status: 'ontwerp ingetrokken' } } };
    case 'BesluitGepubliceerd': {
      const { doel, instrumentversie, basisversie, juridischWerkendVanaf, geldigVanaf } = event.data;
      return {
        ...state,
        versies: maakVersie(state, instrumentversie, basisversie),
        inLevering: zonder(state.inLevering, instrumentversie),
        laatsteVersie: instrumentversie,
        doelen: { ...state.doelen, [doel]: { status: 'vastgesteld', instrumentversie, juridischWerkendVanaf, geldigVanaf } },
      };
    }
    case 'InwerkingtredingVastgesteld': {
      const { doel, juridischWerkendVanaf, geldigVanaf } = event.data;
      return { ...state, doelen: { ...state.doelen, [doel]: { ...state.doelen[doel]!, juridischWerkendVanaf, geldigVanaf } } };
    }
    case 'BesluitGerectificeerd': {
      const { doel, instrumentversie, juridischWerkendVanaf, geldigVanaf } = event.data;
      const oud = state.doelen[doel]!;
      return {
        ...state,
        // A rectificatie corrects the version it replaces: its parts apply to that version.
        versies: maakVersie(state, instrumentversie, oud.instrumentversie),
        inLevering: zonder(state.inLevering, instrumentversie),
        laatsteVersie: state.laatsteVersie === oud.instrumentversie ? instrumentversie : state.laatsteVersie,
        doelen: {
          ...state.doelen,
          [doel]: { ...oud, instrumentversie, juridischWerkendVanaf: juridischWerkendVanaf ?? oud.juridischWerkendVanaf, geldigVanaf: geldigVanaf ?? oud.geldigVanaf },
        },
      };
    }
    case 'RegelingIngetrokken': {
      const { doel, juridischWerkendVanaf } = event.data;
      return { ...state, doelen: { ...state.doelen, [doel]: { status: 'intrekking', juridischWerkendVanaf } } };
    }
    case 'BesluitVernietigd':
      return { ...state, doelen: { ...state.doelen, [event.data.doel]: { ...state.doelen[event.data.doel]!, status: 'vernietigd' } } };
    case 'VersieVoorDoelBeoogd': {
      // The version exists already: `versies` stays as it is (rebuilding it here would lose its
      // content), and so does `laatsteVersie` (one more doel is no newer version).
      const { doel, instrumentversie, juridischWerkendVanaf, geldigVanaf } = event.data;
      const oud = state.doelen[doel]?.status === 'vastgesteld' ? state.doelen[doel] : undefined;
      return {
        ...state,
        doelen: {
          ...state.doelen,
          [doel]: { status: 'vastgesteld', instrumentversie, juridischWerkendVanaf: juridischWerkendVanaf ?? oud?.juridischWerkendVanaf, geldigVanaf: geldigVanaf ?? oud?.geldigVanaf },
        },
      };
    }
    case 'TijdstempelTeruggetrokken': {
      const { [event.data.soort]: _, ...doel } = state.doelen[event.data.doel]!;
      return { ...state, doelen: { ...state.doelen, [event.data.doel]: doel } };
    }
    case 'BeoogdeVersieTeruggetrokken':
      return { ...state, doelen: { ...state.doelen, [event.data.doel]: { ...state.doelen[event.data.doel]!, status: 'teruggetrokken' } } };
  }
}

/**
 * The delivery of consolidatie-informatie an event amounts to, for the time model; ontwerpen
 * and content parts are none (an ontwerp is never geldig).
 */
export function leveringVan(state: Regeling, event: RegelingEvent, ontvangenOp: Tijdstip): Levering | undefined {
  const werk = state.regelingId!;
  const stempels = (doel: string, t: Tijdstempels) => [
    ...(t.juridischWerkendVanaf ? [{ doel, soort: 'juridischWerkendVanaf' as const, datum: t.juridischWerkendVanaf }] : []),
    ...(t.geldigVanaf ? [{ doel, soort: 'geldigVanaf' as const, datum: t.geldigVanaf }] : []),
  ];
  switch (event.type) {
    case 'BesluitGepubliceerd':
    case 'BesluitGerectificeerd':
    case 'VersieVoorDoelBeoogd': {
      const d = event.data;
      return { ontvangenOp, bekendOp: d.bekendOp, beoogdeVersies: [{ doelen: [d.doel], instrumentversie: d.instrumentversie }], tijdstempels: stempels(d.doel, d) };
    }
    case 'InwerkingtredingVastgesteld':
      return { ontvangenOp, bekendOp: event.data.bekendOp, tijdstempels: stempels(event.data.doel, event.data) };
    case 'RegelingIngetrokken':
      return {
        ontvangenOp,
        bekendOp: event.data.bekendOp,
        intrekkingen: [{ doelen: [event.data.doel], instrument: werk }],
        tijdstempels: stempels(event.data.doel, event.data),
      };
    case 'BesluitVernietigd':
      return {
        ontvangenOp,
        bekendOp: event.data.bekendOp,
        terugtrekkingen: [{ doel: event.data.doel, instrument: werk }],
        terugtrekkingenTijdstempel: [
          { doel: event.data.doel, soort: 'juridischWerkendVanaf' },
          { doel: event.data.doel, soort: 'geldigVanaf' },
        ],
      };
    case 'TijdstempelTeruggetrokken':
      return { ontvangenOp, bekendOp: event.data.bekendOp, terugtrekkingenTijdstempel: [{ doel: event.data.doel, soort: event.data.soort }] };
    case 'BeoogdeVersieTeruggetrokken':
      return { ontvangenOp, bekendOp: event.data.bekendOp, terugtrekkingen: [{ doel: event.data.doel, instrument: werk }] };
    default:
      return undefined;
  }
}
