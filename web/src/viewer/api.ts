/**
 * The viewer's calls to its own API (same origin), and to PDOK Locatieserver when configured.
 * Errors come back as problem+json; their detail is what the user reads.
 */
import type { Filter, RdPunt, Viewerstaat, Zoeklocatie } from './url.ts';

export interface Basiskaart {
  id: string;
  naam: string;
  tiles?: string[];
  maxzoom?: number;
  attributie: string;
}
export interface Configuratie {
  basiskaarten: Basiskaart[];
  basiskaart: string;
  locatieserver?: string;
}

export interface Regeltekst {
  wId: string;
  soort: string;
  nummer: string;
  opschrift?: string | null;
  tekst: string;
}
export interface JuridischeRegel {
  identificatie: string;
  type: string;
  themas: string[] | null;
  locaties: string[];
  locatiesOpZoeklocatie: string[];
  regeltekst: Regeltekst;
  activiteiten: { identificatie: string; naam: string; groep: string; kwalificatie: string }[];
  gebiedsaanwijzingen: { identificatie: string; type: string; naam: string; groep: string }[];
  normen: { identificatie: string; type: string; naam: string; eenheid?: string | null; normwaarden: { locaties: string[]; waarde: number | string }[] }[];
}
export interface Document {
  regelingId: string;
  citeertitel: string;
  documenttype: string;
  bevoegdGezag: { code: string; bestuurslaag: string };
  instrumentversie: string;
  status: 'geldend' | 'ontwerp';
  juridischeRegels: JuridischeRegel[];
}

export class ApiFout extends Error {}

/** The body of an answer of our API; its problem's detail as the error a user reads. */
export async function json<T>(antwoord: Promise<Response>): Promise<T> {
  let r: Response;
  try {
    r = await antwoord;
  } catch {
    throw new ApiFout('De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.');
  }
  const body = await r.json().catch(() => undefined);
  if (!r.ok) throw new ApiFout((body as { detail?: string } | undefined)?.detail ?? `De server gaf een fout (${r.status}).`);
  return body as T;
}

export const configuratie = () => json<Configuratie>(fetch('/api/viewer/v1/configuratie'));

/** The date in Amsterdam today, as jjjj-mm-dd. */
export const vandaag = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(new Date());

/**
 * The moment of the state as query parameters of the API and the tiles: geldig and in werking
 * on the chosen date (a rule that applies, and applies then), as known at beschikbaarOp. Only
 * the time axes: who wants ontwerpen too adds `inclusiefOntwerp`.
 */
export function tijdparameters(s: Pick<Viewerstaat, 'geldigOp' | 'beschikbaarOp'>): URLSearchParams {
  const dag = s.geldigOp ?? vandaag();
  const q = new URLSearchParams({ geldigOp: dag, inWerkingOp: dag });
  if (s.beschikbaarOp) q.set('beschikbaarOp', new Date(s.beschikbaarOp).toISOString());
  return q;
}

/** The filters that have a value chosen. */
export const filtersVan = (s: Pick<Viewerstaat, 'filters'>) => Object.fromEntries(Object.entries(s.filters).filter(([, w]) => w.length > 0)) as Partial<Record<Filter, string[]>>;

/** What the regels at a location depend on, besides the location. */
export type Regelvraag = Pick<Viewerstaat, 'geldigOp' | 'beschikbaarOp' | 'ontwerpen' | 'filters'>;

/** The regels at the location, grouped per document: every bestuurslaag, one page of 100 documents. */
export async function regelsOp(locatie: Zoeklocatie, s: Regelvraag, signaal?: AbortSignal): Promise<{ documenten: Document[]; totaal: number }> {
  const q = tijdparameters(s);
  if (s.ontwerpen) q.set('inclusiefOntwerp', 'true');
  q.set('size', '100');
  const uit = await json<{ _embedded: { documenten: Document[] }; page: { totalElements: number } }>(
    fetch(`/api/presenteren/v1/regeltekstannotaties/_zoek?${q}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Crs': 'EPSG:28992' },
      body: JSON.stringify({ geo: { geometrie: locatie }, filters: filtersVan(s) }),
      signal: signaal,
    }),
  );
  return { documenten: uit._embedded.documenten, totaal: uit.page.totalElements };
}

/** A locatie's geometry in WGS84 (groepen and the ambtsgebied resolved by the server), or undefined if it has none. */
export async function locatieGeometrie(id: string, s: Pick<Viewerstaat, 'geldigOp' | 'beschikbaarOp'>): Promise<GeoJSON.Geometry | undefined> {
  const q = tijdparameters(s);
  q.set('crs', 'EPSG:4326');
  const uit = await json<{ geometrie: GeoJSON.Geometry | null }>(fetch(`/api/presenteren/v1/locaties/${encodeURIComponent(id)}?${q}`));
  return uit.geometrie ?? undefined;
}

export interface Plaats {
  naam: string;
  soort: string;
  centrum: [number, number];
  bbox?: [number, number, number, number];
}

/** Places in the product's own data (gemeenten, provincies, waterschappen, named locaties). */
async function plaatsen(q: string): Promise<Plaats[]> {
  const uit = await json<{ plaatsen: Plaats[] }>(fetch(`/api/viewer/v1/plaatsen?${new URLSearchParams({ q, limit: '8' })}`));
  return uit.plaatsen;
}

/** Addresses, streets and places from PDOK Locatieserver; nothing when it cannot be reached. */
async function locatieserver(url: string, q: string): Promise<Plaats[]> {
  try {
    const r = await fetch(`${url}?${new URLSearchParams({ q, rows: '6', fl: 'weergavenaam,type,centroide_ll' })}`);
    if (!r.ok) return [];
    const body = (await r.json()) as { response?: { docs?: { weergavenaam: string; type: string; centroide_ll: string }[] } };
    return (body.response?.docs ?? []).flatMap((d) => {
      const m = /POINT\(([-\d.]+) ([-\d.]+)\)/.exec(d.centroide_ll);
      return m ? [{ naam: d.weergavenaam, soort: d.type, centrum: [Number(m[1]), Number(m[2])] as [number, number] }] : [];
    });
  } catch {
    return [];
  }
}

/**
 * The places for a search text: those of our own data first, then PDOK Locatieserver's when the
 * configuration has one. An error of our own API is the caller's to show.
 */
export async function zoekPlaatsen(q: string, config?: Configuratie): Promise<Plaats[]> {
  const [eigen, pdok] = await Promise.all([plaatsen(q), config?.locatieserver ? locatieserver(config.locatieserver, q) : []]);
  return [...eigen, ...pdok];
}

/** The bestemmingsplannen at a point, with their bestemmingen, aanduidingen and maatvoeringen there. */
export interface Planobject {
  identificatie: string;
  type: string;
  naam: string;
  bestemmingshoofdgroep?: string | null;
  waarden?: { waardeType: string; waarde: string }[] | null;
}
export interface Plan {
  identificatie: string;
  naam: string;
  planstatusInfo: { planstatus: string; datum: string };
  procedure: string;
  objectenOpLocatie: Planobject[];
}
export async function plannenOp(punt: RdPunt, s: Pick<Viewerstaat, 'geldigOp' | 'beschikbaarOp'>): Promise<Plan[]> {
  const uit = await json<{ _embedded: { plannen: Plan[] } }>(
    fetch(`/api/ruimtelijkeplannen/v1/plannen/_zoek?${tijdparameters(s)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Crs': 'EPSG:28992' },
      body: JSON.stringify({ _geo: { intersects: { type: 'Point', coordinates: punt } } }),
    }),
  );
  return uit._embedded.plannen;
}
