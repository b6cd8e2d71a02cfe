/**
 * The content of a version of a regeling, with IMOW names: regelteksten, juridische regels and
 * their annotations (locaties, activiteiten, gebiedsaanwijzingen, omgevingsnormen/-waarden,
 * thema's), the pons and the kaarten. Pure: mutations, reference checks and structural geometry
 * checks, no I/O.
 */

export type JuridischeRegelType = 'RegelVoorIedereen' | 'Instructieregel' | 'Omgevingswaarderegel';
export const JURIDISCHE_REGEL_TYPES: readonly JuridischeRegelType[] = ['RegelVoorIedereen', 'Instructieregel', 'Omgevingswaarderegel'];

export type Activiteitregelkwalificatie = 'vergunningplicht' | 'meldingsplicht' | 'informatieplicht' | 'gebod' | 'verbod' | 'toegestaan' | 'anders geduid';
export const KWALIFICATIES: readonly Activiteitregelkwalificatie[] = ['vergunningplicht', 'meldingsplicht', 'informatieplicht', 'gebod', 'verbod', 'toegestaan', 'anders geduid'];

/**
 * An artikel or lid of the regeling text (a divisietekst in a regeling with vrije tekst). `wId`
 * is its stable id (STOP), used by juridische regels.
 */
export interface Regeltekst {
  wId: string;
  soort: 'artikel' | 'lid' | 'divisietekst';
  nummer: string;
  opschrift?: string;
  tekst: string;
  /** The artikel a lid belongs to. */
  artikel?: string;
}

/** A GeoJSON geometry with coordinates in EPSG:28992 (RD New). */
export type Geometrie =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint' | 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString' | 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export const LOCATIE_TYPES = ['Gebied', 'Lijn', 'Punt', 'Gebiedengroep', 'Lijnengroep', 'Puntengroep', 'Ambtsgebied'] as const;
export type LocatieType = (typeof LOCATIE_TYPES)[number];
/** Locatietypen with a geometry of their own (in a GIO); the others are groups or the ambtsgebied. */
export const MET_GEOMETRIE: readonly LocatieType[] = ['Gebied', 'Lijn', 'Punt'];

/** A locatie: a geometry (Gebied/Lijn/Punt), a group of locaties, or the bevoegd gezag's own area. */
export interface Locatie {
  identificatie: string;
  type: LocatieType;
  noemer?: string;
  /** For Gebied, Lijn and Punt. */
  geometrie?: Geometrie;
  /** For groepen: the identificaties of their members. */
  groepselementen?: string[];
}

export interface Activiteit {
  identificatie: string;
  naam: string;
  groep: string;
  bovenliggendeActiviteit?: string;
}

export interface Gebiedsaanwijzing {
  identificatie: string;
  /** E.g. Functie, Beperkingengebied, Bodem, Landschap. */
  type: string;
  naam: string;
  groep: string;
  locaties: string[];
}

export interface Norm {
  identificatie: string;
  type: 'Omgevingsnorm' | 'Omgevingswaarde';
  naam: string;
  groep: string;
  eenheid?: string;
  normwaarden: { locaties: string[]; waarde: number | string }[];
}

export interface JuridischeRegel {
  identificatie: string;
  type: JuridischeRegelType;
  /** wId of the regeltekst it is part of. */
  regeltekst: string;
  locaties: string[];
  /** Each with, where IMOW gives one, the part of the regel's locaties where it applies (ActiviteitLocatieaanduiding). */
  activiteiten?: { activiteit: string; kwalificatie: Activiteitregelkwalificatie; locaties?: string[] }[];
  gebiedsaanwijzingen?: string[];
  normen?: string[];
  themas?: string[];
}

/**
 * Where an omgevingsplan takes over from the ruimtelijke plannen (bestemmingsplannen): those are
 * no longer shown there (IMOW Pons, locatieaanduiding). Its locaties are areas.
 */
export interface Pons {
  identificatie: string;
  locaties: string[];
}

/**
 * One layer of a Kaart (IMOW Kaartlaag): the annotations it shows, stacked by niveau (1 at the
 * bottom). IMOW names them by their weergave: activiteitlocatieweergave, normweergave,
 * gebiedsaanwijzingweergave.
 */
export interface Kaartlaag {
  identificatie: string;
  naam?: string;
  niveau: number;
  /**
   * Identificaties of ActiviteitLocatieaanduidingen (inside juridische regels). The content does
   * not keep those by id, so they are checked where a delivery is read, not here.
   */
  activiteitlocatieaanduidingen?: string[];
  gebiedsaanwijzingen?: string[];
  /** Omgevingsnormen and -waarden. */
  normen?: string[];
}

/** A map the bevoegd gezag composed for its regeling (IMOW Kaart), with its layers. */
export interface Kaart {
  identificatie: string;
  naam: string;
  nummer?: string;
  /** The part of the country it shows, in EPSG:28992 (IMOW Kaartextent). */
  uitsnede?: { minX: number; minY: number; maxX: number; maxY: number };
  kaartlagen: Kaartlaag[];
  /**
   * wIds of the artikelen and leden it belongs to: IMOW links a juridische regel to its kaart
   * (kaartaanduiding), and the regel to its artikel or lid.
   */
  regelteksten?: string[];
}

/** All content of one version, each kind keyed by its id. */
export interface Inhoud {
  regelteksten: Record<string, Regeltekst>;
  juridischeRegels: Record<string, JuridischeRegel>;
  locaties: Record<string, Locatie>;
  activiteiten: Record<string, Activiteit>;
  gebiedsaanwijzingen: Record<string, Gebiedsaanwijzing>;
  normen: Record<string, Norm>;
  ponsen: Record<string, Pons>;
  kaarten: Record<string, Kaart>;
}

export type Soort = keyof Inhoud;
export const SOORTEN: readonly Soort[] = ['regelteksten', 'juridischeRegels', 'locaties', 'activiteiten', 'gebiedsaanwijzingen', 'normen', 'ponsen', 'kaarten'];

/** A change to content: objects to place (add or replace, by id) and ids to remove. */
export interface Mutatie {
  plaats?: { [S in Soort]?: Inhoud[S][string][] };
  verwijder?: { [S in Soort]?: string[] };
}

export const legeInhoud = (): Inhoud => ({ regelteksten: {}, juridischeRegels: {}, locaties: {}, activiteiten: {}, gebiedsaanwijzingen: {}, normen: {}, ponsen: {}, kaarten: {} });

/** One thing wrong with content, named so a bevoegd gezag can find it. */
export interface Inhoudsfout {
  soort: Soort | 'mutatie';
  identificatie: string;
  reden: string;
}

/** The Netherlands in RD New, with a margin for the territorial sea and the EEZ's near part. */
export const RD_GRENZEN = { minX: -7000, minY: 289000, maxX: 300000, maxY: 629000 } as const;
/** Vertices one geometry may have; a larger one is refused rather than stalling every map. */
export const MAX_PUNTEN_PER_GEOMETRIE = 100_000;

/** Structural checks of a geometry (coordinates, rings, bounds, size). Self-intersection is checked by PostGIS. */
export function controleerGeometrie(g: Geometrie | undefined): string | undefined {
  if (!g || typeof g !== 'object') return 'geen geometrie';
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'geometrie zonder coördinaten';
  const punten: unknown[][] = [];
  const lijnen: unknown[][] = [];
  const ringen: unknown[][] = [];
  switch (g.type) {
    case 'Point': punten.push([g.coordinates]); break;
    case 'MultiPoint': punten.push(g.coordinates); break;
    case 'LineString': lijnen.push(g.coordinates); break;
    case 'MultiLineString': lijnen.push(...g.coordinates); break;
    case 'Polygon': ringen.push(...g.coordinates); break;
    case 'MultiPolygon': for (const p of g.coordinates) ringen.push(...p); break;
    default: return `onbekend geometrietype ${JSON.stringify((g as { type: unknown }).type)}`;
  }
  for (const lijn of lijnen) if (!Array.isArray(lijn) || lijn.length < 2) return 'een lijn heeft minstens 2 punten';
  for (const ring of ringen) {
    if (!Array.isArray(ring) || ring.length < 4) return 'een ring van een vlak heeft minstens 4 punten';
    const [eerste, laatste] = [ring[0] as number[], ring[ring.length - 1] as number[]];
    if (eerste?.[0] !== laatste?.[0] || eerste?.[1] !== laatste?.[1]) return 'een ring van een vlak is niet gesloten (eerste en laatste punt verschillen)';
  }
  // Counted first, so a huge geometry is refused before its points are walked.
  const reeksen = [...punten, ...lijnen, ...ringen];
  const aantal = reeksen.reduce((n, r) => n + r.length, 0);
  if (aantal > MAX_PUNTEN_PER_GEOMETRIE) return `de geometrie heeft ${aantal} punten; de grens is ${MAX_PUNTEN_PER_GEOMETRIE}`;
  for (const reeks of reeksen) {
    for (const p of reeks) {
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return 'een coördinaat is geen paar getallen';
      const [x, y] = p as [number, number];
      if (x < RD_GRENZEN.minX || x > RD_GRENZEN.maxX || y < RD_GRENZEN.minY || y > RD_GRENZEN.maxY) {
        return `coördinaat (${x}, ${y}) ligt buiten Nederland in EPSG:28992 (RD New); is het misschien WGS84?`;
      }
    }
  }
  return undefined;
}

/** Locatietypen that are areas. */
const VLAKKEN: readonly LocatieType[] = ['Gebied', 'Gebiedengroep', 'Ambtsgebied'];
/** A list from content that arrived as JSON: anything else counts as empty (and is reported where it must not be). */
const lijst = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);

/** Content without its bulk (geometries, texts): whole content, or the kernen the aggregate keeps. */
export type ZonderBulk = { [S in Soort]: Record<string, Omit<Inhoud[S][string], 'geometrie' | 'tekst'>> };

/**
 * What one object must be by itself, before it is placed: a sound geometry, a groep with
 * members, a known type and kwalificatie. Returns the reasons it is not (none: it is fine).
 */
export function controleerObject<S extends Soort>(soort: S, object: Inhoud[S][string]): string[] {
  const redenen: string[] = [];
  if (soort === 'locaties') {
    const l = object as Locatie;
    if (MET_GEOMETRIE.includes(l.type)) {
      const reden = controleerGeometrie(l.geometrie);
      if (reden) redenen.push(reden);
    } else if (l.type !== 'Ambtsgebied' && !lijst(l.groepselementen).length) redenen.push('een groep zonder groepselementen');
  } else if (soort === 'juridischeRegels') {
    const r = object as JuridischeRegel;
    if (!JURIDISCHE_REGEL_TYPES.includes(r.type)) redenen.push(`onbekend type ${r.type}`);
    if (lijst(r.locaties).length === 0) redenen.push('een juridische regel heeft minstens één locatie');
    for (const a of lijst(r.activiteiten)) if (!KWALIFICATIES.includes(a.kwalificatie)) redenen.push(`onbekende activiteitregelkwalificatie ${a.kwalificatie}`);
  } else if (soort === 'ponsen') {
    if (lijst((object as Pons).locaties).length === 0) redenen.push('een pons heeft minstens één locatie');
  } else if (soort === 'kaarten') {
    const k = object as Kaart;
    const lagen = lijst(k.kaartlagen);
    if (lagen.length === 0) redenen.push('een kaart heeft minstens één kaartlaag');
    const u = k.uitsnede;
    if (u && !(Number.isFinite(u.minX) && Number.isFinite(u.minY) && u.maxX > u.minX && u.maxY > u.minY)) {
      redenen.push('de uitsnede is geen rechthoek (minX < maxX en minY < maxY, in EPSG:28992)');
    }
    const gezien = new Set<string>();
    for (const laag of lagen) {
      if (gezien.has(laag.identificatie)) redenen.push(`kaartlaag ${laag.identificatie} komt twee keer voor`);
      gezien.add(laag.identificatie);
      if (!Number.isInteger(laag.niveau) || laag.niveau < 1) redenen.push(`kaartlaag ${laag.identificatie}: niveau ${laag.niveau} is geen geheel getal vanaf 1`);
    }
  }
  return redenen;
}

/**
 * One reference of an object: the object of soort `naar` with id `id` must exist (and, with
 * `typen`, be a locatie of one of those types). `ontbreekt` and `verkeerdType` are the reasons
 * given when it does not; `{type}` in the latter stands for the type found.
 */
export interface Verwijzing {
  naar: Soort;
  id: string;
  ontbreekt: string;
  typen?: readonly LocatieType[];
  verkeerdType?: string;
}

/**
 * Every reference of one object, from what its kern keeps. The rules of which references must
 * resolve live here, once: `controleerInhoud` applies them to content in memory, the write
 * side's content index to a version in PostgreSQL.
 */
export function verwijzingenVan(soort: Soort, kern: object): Verwijzing[] {
  const object = kern as unknown;
  const uit: Verwijzing[] = [];
  const naar = (n: Soort, id: string, ontbreekt: string) => uit.push({ naar: n, id, ontbreekt });
  const id = (object as { identificatie?: string }).identificatie ?? '';
  if (soort === 'regelteksten') {
    const r = object as ZonderBulk['regelteksten'][string];
    if (r.artikel) naar('regelteksten', r.artikel, `verwijst naar artikel ${r.artikel} dat niet bestaat`);
  } else if (soort === 'locaties') {
    for (const lid of lijst((object as ZonderBulk['locaties'][string]).groepselementen)) naar('locaties', lid, `groepselement ${lid} bestaat niet`);
  } else if (soort === 'activiteiten') {
    // The top of a new hierarchy hangs under an activiteit of another bevoegd gezag, in the
    // functionele structuur (IMOW, TPOD1700): that one lives in another regeling.
    const boven = (object as Activiteit).bovenliggendeActiviteit;
    const extern = (x: string) => /^nl\.imow-([^.]+)\./.exec(x)?.[1];
    if (boven && extern(boven) === extern(id)) naar('activiteiten', boven, `bovenliggende activiteit ${boven} bestaat niet`);
  } else if (soort === 'gebiedsaanwijzingen') {
    for (const l of lijst((object as Gebiedsaanwijzing).locaties)) naar('locaties', l, `locatie ${l} bestaat niet`);
  } else if (soort === 'normen') {
    for (const w of lijst((object as Norm).normwaarden)) for (const l of lijst(w.locaties)) naar('locaties', l, `locatie ${l} bestaat niet`);
  } else if (soort === 'juridischeRegels') {
    const r = object as JuridischeRegel;
    naar('regelteksten', r.regeltekst, `regeltekst ${r.regeltekst} bestaat niet`);
    for (const l of lijst(r.locaties)) naar('locaties', l, `locatie ${l} bestaat niet`);
    for (const a of lijst(r.activiteiten)) {
      naar('activiteiten', a.activiteit, `activiteit ${a.activiteit} bestaat niet`);
      for (const l of lijst(a.locaties)) naar('locaties', l, `locatie ${l} van activiteit ${a.activiteit} bestaat niet`);
    }
    for (const g of lijst(r.gebiedsaanwijzingen)) naar('gebiedsaanwijzingen', g, `gebiedsaanwijzing ${g} bestaat niet`);
    for (const n of lijst(r.normen)) naar('normen', n, `omgevingsnorm of -waarde ${n} bestaat niet`);
  } else if (soort === 'ponsen') {
    // The pons is an area taken out of the bestemmingsplannen: a line or point takes nothing out.
    for (const l of lijst((object as Pons).locaties)) {
      uit.push({ naar: 'locaties', id: l, ontbreekt: `locatie ${l} bestaat niet`, typen: VLAKKEN, verkeerdType: `locatie ${l} is een {type}; een pons is een gebied (Gebied, Gebiedengroep of Ambtsgebied)` });
    }
  } else if (soort === 'kaarten') {
    const k = object as Kaart;
    for (const w of lijst(k.regelteksten)) naar('regelteksten', w, `regeltekst ${w} bestaat niet`);
    for (const laag of lijst(k.kaartlagen)) {
      const naam = `kaartlaag ${laag.identificatie}`;
      for (const g of lijst(laag.gebiedsaanwijzingen)) naar('gebiedsaanwijzingen', g, `${naam}: gebiedsaanwijzing ${g} bestaat niet`);
      for (const n of lijst(laag.normen)) naar('normen', n, `${naam}: omgevingsnorm of -waarde ${n} bestaat niet`);
    }
  }
  return uit;
}

/**
 * Every reference in content held in memory resolves (the rules of `verwijzingenVan`). Each
 * object was checked by itself when it was placed (`controleerObject`).
 */
export function controleerInhoud(inhoud: ZonderBulk): Inhoudsfout[] {
  const fouten: Inhoudsfout[] = [];
  for (const soort of SOORTEN) {
    for (const [id, object] of Object.entries(inhoud[soort])) {
      for (const v of verwijzingenVan(soort, object)) {
        const doel = Object.hasOwn(inhoud[v.naar], v.id) ? (inhoud[v.naar][v.id] as { type?: LocatieType }) : undefined;
        if (!doel) fouten.push({ soort, identificatie: id, reden: v.ontbreekt });
        else if (v.typen && !v.typen.includes(doel.type!)) fouten.push({ soort, identificatie: id, reden: v.verkeerdType!.replace('{type}', doel.type!) });
      }
    }
  }
  return fouten;
}
