/**
 * What the viewer shows, as the query of its URL: a location, a moment, filters, the chosen
 * regel, the base map and the map's view. A link so made opens the viewer as it was. Pure.
 */
export type RdPunt = [number, number];
/** The chosen location, in RD New (EPSG:28992). */
export type Zoeklocatie = { type: 'Point'; coordinates: RdPunt } | { type: 'LineString'; coordinates: RdPunt[] } | { type: 'Polygon'; coordinates: RdPunt[][] };

export const FILTERS = ['bestuurslaag', 'documenttype', 'activiteit', 'thema', 'regeltype'] as const;
export type Filter = (typeof FILTERS)[number];

export interface Viewerstaat {
  locatie?: Zoeklocatie;
  /** jjjj-mm-dd; none: today. */
  geldigOp?: string;
  ontwerpen: boolean;
  /** jjjj-mm-ddTuu:mm (local time); none: now. */
  beschikbaarOp?: string;
  filters: Record<Filter, string[]>;
  /** The identificatie of the juridische regel chosen in the list. */
  regel?: string;
  basiskaart?: string;
  bestemmingsplannen: boolean;
  beeld?: { lon: number; lat: number; zoom: number };
}

export const legeFilters = (): Record<Filter, string[]> => ({ bestuurslaag: [], documenttype: [], activiteit: [], thema: [], regeltype: [] });
export const beginstaat = (): Viewerstaat => ({ ontwerpen: false, filters: legeFilters(), bestemmingsplannen: false });

const DATUM = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const rond = (n: number) => Math.round(n * 100) / 100;
const punten = (ps: RdPunt[]) => ps.map(([x, y]) => `${rond(x)},${rond(y)}`).join(';');

function leesPunten(tekst: string | null): RdPunt[] | undefined {
  if (!tekst) return undefined;
  const ps = tekst.split(';').map((p) => p.split(',').map(Number));
  return ps.every((p) => p.length === 2 && p.every(Number.isFinite)) ? (ps as RdPunt[]) : undefined;
}

/** The query (without `?`) for a state; what is at its default is left out. */
export function naarZoekdeel(s: Viewerstaat): string {
  const q = new URLSearchParams();
  const l = s.locatie;
  if (l?.type === 'Point') q.set('punt', punten([l.coordinates]));
  if (l?.type === 'LineString') q.set('lijn', punten(l.coordinates));
  // A ring is written without its closing point.
  if (l?.type === 'Polygon') q.set('vlak', punten(l.coordinates[0]!.slice(0, -1)));
  if (s.geldigOp) q.set('geldigOp', s.geldigOp);
  if (s.ontwerpen) q.set('ontwerpen', 'ja');
  if (s.beschikbaarOp) q.set('beschikbaarOp', s.beschikbaarOp);
  for (const f of FILTERS) if (s.filters[f].length) q.set(f, s.filters[f].join(','));
  if (s.regel) q.set('regel', s.regel);
  if (s.basiskaart) q.set('basiskaart', s.basiskaart);
  if (s.bestemmingsplannen) q.set('bestemmingsplannen', 'ja');
  if (s.beeld) q.set('beeld', `${s.beeld.lon.toFixed(5)},${s.beeld.lat.toFixed(5)},${s.beeld.zoom.toFixed(2)}`);
  return q.toString();
}

/** The state a query describes; what cannot be read is left at its default. */
export function uitZoekdeel(zoekdeel: string): Viewerstaat {
  const q = new URLSearchParams(zoekdeel);
  const s = beginstaat();
  const punt = leesPunten(q.get('punt'));
  const lijn = leesPunten(q.get('lijn'));
  const vlak = leesPunten(q.get('vlak'));
  if (punt?.length === 1) s.locatie = { type: 'Point', coordinates: punt[0]! };
  else if (lijn && lijn.length >= 2) s.locatie = { type: 'LineString', coordinates: lijn };
  else if (vlak && vlak.length >= 3) s.locatie = { type: 'Polygon', coordinates: [[...vlak, vlak[0]!]] };
  const geldigOp = q.get('geldigOp');
  if (geldigOp && DATUM.test(geldigOp)) s.geldigOp = geldigOp;
  s.ontwerpen = q.get('ontwerpen') === 'ja';
  const beschikbaarOp = q.get('beschikbaarOp');
  if (beschikbaarOp && MOMENT.test(beschikbaarOp)) s.beschikbaarOp = beschikbaarOp;
  for (const f of FILTERS) s.filters[f] = (q.get(f) ?? '').split(',').map((w) => w.trim()).filter(Boolean);
  const regel = q.get('regel');
  if (regel) s.regel = regel;
  const basiskaart = q.get('basiskaart');
  if (basiskaart) s.basiskaart = basiskaart;
  s.bestemmingsplannen = q.get('bestemmingsplannen') === 'ja';
  const beeld = (q.get('beeld') ?? '').split(',').map(Number);
  if (beeld.length === 3 && beeld.every(Number.isFinite)) s.beeld = { lon: beeld[0]!, lat: beeld[1]!, zoom: beeld[2]! };
  return s;
}
