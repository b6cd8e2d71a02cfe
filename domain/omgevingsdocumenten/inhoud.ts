/**
 * The content of a version of a regeling, with IMOW names: regelteksten, juridische regels and
 * their annotations (locaties, activiteiten, gebiedsaanwijzingen, omgevingsnormen/-waarden,
 * thema's). Pure: mutations, reference checks and structural geometry checks, no I/O.
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

export type LocatieType = 'Gebied' | 'Lijn' | 'Punt' | 'Gebiedengroep' | 'Lijnengroep' | 'Puntengroep' | 'Ambtsgebied';

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

/** All content of one version, each kind keyed by its id. */
export interface Inhoud {
  regelteksten: Record<string, Regeltekst>;
  juridischeRegels: Record<string, JuridischeRegel>;
  locaties: Record<string, Locatie>;
  activiteiten: Record<string, Activiteit>;
  gebiedsaanwijzingen: Record<string, Gebiedsaanwijzing>;
  normen: Record<string, Norm>;
}

export type Soort = keyof Inhoud;
export const SOORTEN: readonly Soort[] = ['regelteksten', 'juridischeRegels', 'locaties', 'activiteiten', 'gebiedsaanwijzingen', 'normen'];

/** A change to content: objects to place (add or replace, by id) and ids to remove. */
export interface Mutatie {
  plaats?: { [S in Soort]?: Inhoud[S][string][] };
  verwijder?: { [S in Soort]?: string[] };
}

export const legeInhoud = (): Inhoud => ({ regelteksten: {}, juridischeRegels: {}, locaties: {}, activiteiten: {}, gebiedsaanwijzingen: {}, normen: {} });

const idVan = (soort: Soort, object: { wId?: string; identificatie?: string }) => (soort === 'regelteksten' ? object.wId : object.identificatie);

/** The content after a mutation; the input is left as it was. */
export function pasMutatieToe(inhoud: Inhoud, mutatie: Mutatie): Inhoud {
  const uit = { ...inhoud } as Inhoud;
  for (const soort of SOORTEN) {
    const plaats = mutatie.plaats?.[soort] ?? [];
    const verwijder = mutatie.verwijder?.[soort] ?? [];
    if (plaats.length === 0 && verwijder.length === 0) continue;
    const kopie: Record<string, unknown> = { ...inhoud[soort] };
    for (const id of verwijder) delete kopie[id];
    for (const object of plaats) kopie[idVan(soort, object as { wId?: string; identificatie?: string })!] = object;
    (uit as unknown as Record<Soort, Record<string, unknown>>)[soort] = kopie;
  }
  return uit;
}

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

/** Every reference in the content resolves, ids are consistent, and geometries are sound. */
export function controleerInhoud(inhoud: Inhoud): Inhoudsfout[] {
  const fouten: Inhoudsfout[] = [];
  const fout = (soort: Inhoudsfout['soort'], identificatie: string, reden: string) => fouten.push({ soort, identificatie, reden });
  const bestaat = (soort: Soort, id: string) => Object.hasOwn(inhoud[soort], id);

  for (const [id, r] of Object.entries(inhoud.regelteksten)) {
    if (r.artikel && !bestaat('regelteksten', r.artikel)) fout('regelteksten', id, `verwijst naar artikel ${r.artikel} dat niet bestaat`);
  }
  for (const [id, l] of Object.entries(inhoud.locaties)) {
    if (['Gebied', 'Lijn', 'Punt'].includes(l.type)) {
      const reden = controleerGeometrie(l.geometrie);
      if (reden) fout('locaties', id, reden);
    } else if (l.type !== 'Ambtsgebied') {
      if (!l.groepselementen?.length) fout('locaties', id, 'een groep zonder groepselementen');
      for (const lid of l.groepselementen ?? []) if (!bestaat('locaties', lid)) fout('locaties', id, `groepselement ${lid} bestaat niet`);
    }
  }
  for (const [id, a] of Object.entries(inhoud.activiteiten)) {
    // The top of a new hierarchy hangs under an activiteit of another bevoegd gezag, in the
    // functionele structuur (IMOW, TPOD1700): that one lives in another regeling.
    const extern = (x: string) => /^nl\.imow-([^.]+)\./.exec(x)?.[1];
    if (a.bovenliggendeActiviteit && !bestaat('activiteiten', a.bovenliggendeActiviteit) && extern(a.bovenliggendeActiviteit) === extern(id)) {
      fout('activiteiten', id, `bovenliggende activiteit ${a.bovenliggendeActiviteit} bestaat niet`);
    }
  }
  for (const [id, g] of Object.entries(inhoud.gebiedsaanwijzingen)) {
    for (const l of g.locaties) if (!bestaat('locaties', l)) fout('gebiedsaanwijzingen', id, `locatie ${l} bestaat niet`);
  }
  for (const [id, n] of Object.entries(inhoud.normen)) {
    for (const w of n.normwaarden) for (const l of w.locaties) if (!bestaat('locaties', l)) fout('normen', id, `locatie ${l} bestaat niet`);
  }
  for (const [id, r] of Object.entries(inhoud.juridischeRegels)) {
    if (!JURIDISCHE_REGEL_TYPES.includes(r.type)) fout('juridischeRegels', id, `onbekend type ${r.type}`);
    if (!bestaat('regelteksten', r.regeltekst)) fout('juridischeRegels', id, `regeltekst ${r.regeltekst} bestaat niet`);
    if (r.locaties.length === 0) fout('juridischeRegels', id, 'een juridische regel heeft minstens één locatie');
    for (const l of r.locaties) if (!bestaat('locaties', l)) fout('juridischeRegels', id, `locatie ${l} bestaat niet`);
    for (const a of r.activiteiten ?? []) {
      if (!bestaat('activiteiten', a.activiteit)) fout('juridischeRegels', id, `activiteit ${a.activiteit} bestaat niet`);
      if (!KWALIFICATIES.includes(a.kwalificatie)) fout('juridischeRegels', id, `onbekende activiteitregelkwalificatie ${a.kwalificatie}`);
      for (const l of a.locaties ?? []) if (!bestaat('locaties', l)) fout('juridischeRegels', id, `locatie ${l} van activiteit ${a.activiteit} bestaat niet`);
    }
    for (const g of r.gebiedsaanwijzingen ?? []) if (!bestaat('gebiedsaanwijzingen', g)) fout('juridischeRegels', id, `gebiedsaanwijzing ${g} bestaat niet`);
    for (const n of r.normen ?? []) if (!bestaat('normen', n)) fout('juridischeRegels', id, `omgevingsnorm of -waarde ${n} bestaat niet`);
  }
  return fouten;
}

/**
 * The mutation that turns one content into another: objects added or changed are placed,
 * objects gone are removed, equal ones left out. A delivery of a whole new version (STOP/TPOD)
 * becomes a wijziging of what was there.
 */
export function verschil(van: Inhoud, naar: Inhoud): Mutatie {
  const mutatie: Mutatie = {};
  for (const soort of SOORTEN) {
    const oud = van[soort] as Record<string, unknown>;
    const nieuw = naar[soort] as Record<string, unknown>;
    const plaats = Object.entries(nieuw).filter(([id, o]) => !Object.hasOwn(oud, id) || !gelijk(oud[id], o)).map(([, o]) => o);
    const verwijder = Object.keys(oud).filter((id) => !Object.hasOwn(nieuw, id));
    if (plaats.length) ((mutatie.plaats ??= {}) as Record<string, unknown[]>)[soort] = plaats;
    if (verwijder.length) ((mutatie.verwijder ??= {}) as Record<string, string[]>)[soort] = verwijder;
  }
  return mutatie;
}

/**
 * Deep equality of JSON-like values, whatever the order of object keys (stored events come back
 * from PostgreSQL's jsonb with their keys reordered); an undefined property counts as absent.
 */
export function gelijk(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const kx = Object.keys(x).filter((k) => x[k] !== undefined);
  const ky = Object.keys(y).filter((k) => y[k] !== undefined);
  return kx.length === ky.length && kx.every((k) => gelijk(x[k], y[k]));
}
