import { Router, type Request, type Response } from 'express';
import type pg from 'pg';
import { RD_GRENZEN } from '../../domain/omgevingsdocumenten/inhoud.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse, type OpenApiFragment } from './openapi.ts';
import { HttpProblem, type InvalidParam } from './problem.ts';
import { datumInAmsterdam, leesTijdreis, type TijdreisParameters } from './tijdreis.ts';

/**
 * OGC API Features (Part 1 Core, GeoJSON, OpenAPI 3.0; Part 2 CRS by reference) over the read
 * models, so QGIS, GDAL/OGR and other GIS clients can read them as layers:
 * - `locaties`: the leaf locaties (gebieden, lijnen, punten; groepen resolved) of the versions
 *   in force at the time parameters;
 * - `juridische-regels`: one feature per juridische regel in force, its geometry the union of
 *   the leaf locaties of its werkingsgebied.
 * Every request takes the four STOP time axes (geldigOp, inWerkingOp, bekendOp, beschikbaarOp;
 * defaults today and now), and `datetime` (an instant) as geldigOp.
 * Feature ids are `{regelingId}/{identificatie}`: stable over versions of a regeling and unique
 * across regelingen.
 */

const BASIS = '/api/ogc';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_URI = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

interface Stelsel {
  uri: string;
  /** SRID in PostGIS; EPSG:4326 and CRS84 are both 4326 there (lon, lat). */
  srid: 4326 | 28992;
  /** Axis order latitude, longitude (EPSG:4326 as defined), instead of x, y. */
  latLon: boolean;
  decimalen: number;
  /** Where data can be, in the axis order of PostGIS (x/lon, y/lat): a bbox is clipped to it first. */
  gebied: [number, number, number, number];
}

const GEOGRAFISCH: [number, number, number, number] = [-1, 48, 10, 56];
const STELSELS: Stelsel[] = [
  { uri: CRS84, srid: 4326, latLon: false, decimalen: 7, gebied: GEOGRAFISCH },
  { uri: EPSG_URI(28992), srid: 28992, latLon: false, decimalen: 3, gebied: [RD_GRENZEN.minX, RD_GRENZEN.minY, RD_GRENZEN.maxX, RD_GRENZEN.maxY] },
  { uri: EPSG_URI(4326), srid: 4326, latLon: true, decimalen: 7, gebied: GEOGRAFISCH },
];
const CRS_LIJST = STELSELS.map((s) => s.uri);

/** Reads a CRS as an OGC URI (http or https), a safe CURIE `[EPSG:28992]`, or `EPSG:28992` / `OGC:CRS84`. */
function leesStelsel(waarde: unknown, naam: string): Stelsel | undefined {
  if (waarde === undefined) return undefined;
  const tekst = typeof waarde === 'string' ? waarde.trim().replace(/^\[(.*)\]$/, '$1') : '';
  const m =
    /^https?:\/\/www\.opengis\.net\/def\/crs\/(EPSG|OGC)\/(?:0|1\.3)\/(\w+)$/i.exec(tekst) ?? /^(EPSG|OGC):(\w+)$/i.exec(tekst) ?? /^()(CRS84)$/i.exec(tekst);
  const sleutel = m ? (m[2]!.toUpperCase() === 'CRS84' ? CRS84 : m[1]!.toUpperCase() === 'EPSG' ? EPSG_URI(Number(m[2])) : '') : '';
  const stelsel = STELSELS.find((s) => s.uri === sleutel);
  if (!stelsel) {
    throw new HttpProblem(400, 'crs_niet_ondersteund', `${naam} ${JSON.stringify(waarde)} wordt niet ondersteund; gebruik een van: ${CRS_LIJST.join(', ')}.`, [
      { name: naam, code: 'crs', reason: CRS_LIJST.join(' of ') },
    ]);
  }
  return stelsel;
}

const parameterFout = (naam: string, code: string, reden: string, detail = `Parameter ${naam} klopt niet: ${reden}.`) =>
  new HttpProblem(400, 'ongeldige_parameters', detail, [{ name: naam, code, reason: reden }]);

/** A bbox (4 numbers, or 6 with heights) in the axis order of its CRS, as x/lon, y/lat; clipped to where data can be. */
function leesBbox(waarde: unknown, stelsel: Stelsel): { minX: number; minY: number; maxX: number; maxY: number } | 'leeg' | undefined {
  if (waarde === undefined) return undefined;
  const delen = typeof waarde === 'string' ? waarde.split(',').map((d) => d.trim()) : [];
  const getallen = delen.map((d) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(d) ? Number(d) : NaN));
  if ((getallen.length !== 4 && getallen.length !== 6) || getallen.some((g) => !Number.isFinite(g))) {
    throw parameterFout('bbox', 'bbox', 'vier getallen (of zes, met hoogte), met komma’s gescheiden: minx,miny,maxx,maxy', `bbox ${JSON.stringify(waarde)} is geen lijst van vier (of zes) getallen.`);
  }
  const [a, b, c, d] = getallen.length === 4 ? getallen : [getallen[0]!, getallen[1]!, getallen[3]!, getallen[4]!];
  // EPSG:4326 as defined has latitude first; PostGIS wants longitude first.
  let [minX, minY, maxX, maxY] = stelsel.latLon ? [b!, a!, d!, c!] : [a!, b!, c!, d!];
  if (minX > maxX || minY > maxY) {
    throw parameterFout('bbox', 'bbox', 'de ondergrens is groter dan de bovengrens (volgorde: linksonder, rechtsboven)', `bbox ${JSON.stringify(waarde)}: de ondergrens is groter dan de bovengrens.`);
  }
  if (stelsel.srid === 4326 && (minX < -180 || maxX > 180 || minY < -90 || maxY > 90)) {
    throw parameterFout('bbox', 'bbox', `coördinaten buiten het bereik van ${stelsel.uri}${stelsel.latLon ? ' (breedte eerst)' : ''}`);
  }
  const [gx1, gy1, gx2, gy2] = stelsel.gebied;
  [minX, minY, maxX, maxY] = [Math.max(minX, gx1), Math.max(minY, gy1), Math.min(maxX, gx2), Math.min(maxY, gy2)];
  return minX > maxX || minY > maxY ? 'leeg' : { minX, minY, maxX, maxY };
}

const LIMIT_STANDAARD = 100;
const LIMIT_MAX = 10_000;

function leesGeheel(waarde: unknown, naam: string, minimum: number): number | undefined {
  if (waarde === undefined) return undefined;
  if (typeof waarde !== 'string' || !/^\d+$/.test(waarde) || Number(waarde) < minimum || !Number.isSafeInteger(Number(waarde))) {
    throw parameterFout(naam, 'integer', `een geheel getal van ${minimum} of meer`);
  }
  return Number(waarde);
}

const TIJD_PARAMETERS = ['geldigOp', 'inWerkingOp', 'bekendOp', 'beschikbaarOp'] as const;
const ALGEMENE_PARAMETERS = ['f', ...TIJD_PARAMETERS, 'datetime'];
const ITEMS_PARAMETERS = [...ALGEMENE_PARAMETERS, 'limit', 'offset', 'bbox', 'bbox-crs', 'crs'];
const ITEM_PARAMETERS = [...ALGEMENE_PARAMETERS, 'crs'];

/** OGC API: a query parameter the API does not define is an error, not silently ignored. */
function controleerParameters(req: Request, toegestaan: readonly string[]): void {
  const fouten: InvalidParam[] = [];
  for (const [naam, waarde] of Object.entries(req.query)) {
    if (!toegestaan.includes(naam)) fouten.push({ name: naam, code: 'unknown', reason: `Onbekende parameter; deze kent: ${toegestaan.join(', ')}` });
    else if (typeof waarde !== 'string') fouten.push({ name: naam, code: 'single', reason: 'Hoogstens één keer opgeven' });
  }
  const f = req.query.f;
  if (typeof f === 'string' && !['json', 'geojson', 'application/json', 'application/geo+json'].includes(f)) {
    fouten.push({ name: 'f', code: 'format', reason: 'Alleen json (GeoJSON) wordt geleverd' });
  }
  if (fouten.length > 0) throw new HttpProblem(400, 'ongeldige_parameters', 'Een of meer queryparameters kloppen niet.', fouten);
}

/** The time parameters; `datetime` (an instant) is read as geldigOp: the features that apply at that moment. */
function leesTijd(req: Request): TijdreisParameters {
  const datetime = req.query.datetime;
  if (datetime === undefined) return leesTijdreis(req);
  if (req.query.geldigOp !== undefined) throw parameterFout('datetime', 'exclusive', 'geef datetime of geldigOp, niet allebei');
  const tekst = String(datetime);
  let datum: string | undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(tekst)) datum = tekst;
  else if (/^\d{4}-\d{2}-\d{2}T/.test(tekst) && !Number.isNaN(new Date(tekst).getTime())) datum = datumInAmsterdam(new Date(tekst));
  if (!datum) {
    throw parameterFout('datetime', 'instant', 'één moment (jjjj-mm-dd of een datum-tijd); intervallen worden niet ondersteund, gebruik geldigOp en de andere tijdparameters');
  }
  return leesTijdreis({ query: { ...req.query, datetime: undefined, geldigOp: datum } } as unknown as Request);
}

/** Absolute URL on this server (clients follow links as given). */
function url(req: Request, pad: string, query?: URLSearchParams): string {
  const q = query?.toString();
  return `${req.protocol}://${req.get('host')}${pad}${q ? `?${q}` : ''}`;
}

/** The time parameters the client gave, for links that keep asking for the same moment. */
function meegegevenTijd(req: Request): URLSearchParams {
  const q = new URLSearchParams();
  for (const naam of [...TIJD_PARAMETERS, 'datetime']) {
    const waarde = req.query[naam];
    if (typeof waarde === 'string') q.set(naam, waarde);
  }
  return q;
}

const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';

/** A collection: its metadata and how its features are found. */
interface Collectie {
  id: string;
  title: string;
  description: string;
  /** Count and page of features; with `sleutels`, the features with those (regelingId, identificatie) pairs. */
  zoek(pool: pg.Pool, vraag: Vraag): Promise<{ aantal: number; rijen: Rij[] }>;
  eigenschappen: Record<string, { type: string; title: string }>;
}

interface Vraag {
  tijd: TijdreisParameters;
  stelsel: Stelsel;
  bbox?: { minX: number; minY: number; maxX: number; maxY: number; stelsel: Stelsel };
  limit: number;
  offset: number;
  sleutels?: { regelingen: string[]; identificaties: string[] };
  tellen: boolean;
}

interface Rij {
  regeling_id: string;
  identificatie: string;
  geometry: unknown;
  properties: Record<string, unknown>;
}

/** SQL text with numbered parameters, built up piece by piece. */
class Sql {
  readonly waarden: unknown[] = [];
  p(waarde: unknown): string {
    this.waarden.push(waarde);
    return `$${this.waarden.length}`;
  }
}

/** The version of every regeling in force at the time parameters. */
function geldendeVersies(sql: Sql, tijd: TijdreisParameters): string {
  return `SELECT v.regeling_id, v.volgnummer, v.instrumentversie FROM rm.regelingen g
            JOIN rm.regeling_versies v ON v.regeling_id = g.regeling_id
             AND v.volgnummer = rm.versie_op(g.regeling_id, ${sql.p(tijd.beschikbaarOp)}::timestamptz, ${sql.p(tijd.bekendOp)}::date,
                                             ${sql.p(tijd.inWerkingOp)}::date, ${sql.p(tijd.geldigOp)}::date)`;
}

/** The bbox in RD New; a geographic box is densified first so that its curved edges stay right. */
function bboxInRd(sql: Sql, bbox: NonNullable<Vraag['bbox']>): string {
  const env = `ST_MakeEnvelope(${sql.p(bbox.minX)}::float8, ${sql.p(bbox.minY)}::float8, ${sql.p(bbox.maxX)}::float8, ${sql.p(bbox.maxY)}::float8, ${bbox.stelsel.srid})`;
  return bbox.stelsel.srid === 28992 ? env : `ST_Transform(ST_Segmentize(${env}, 0.01), 28992)`;
}

/** A geometry from RD New as GeoJSON in the asked CRS (no `crs` member: the Content-Crs header says it). */
function geojson(kolom: string, stelsel: Stelsel): string {
  const g = stelsel.srid === 28992 ? kolom : stelsel.latLon ? `ST_FlipCoordinates(ST_Transform(${kolom}, 4326))` : `ST_Transform(${kolom}, 4326)`;
  return `ST_AsGeoJSON(${g}, ${stelsel.decimalen}, 0)::json`;
}

function sleutelFilter(sql: Sql, vraag: Vraag, regeling: string, identificatie: string): string {
  if (!vraag.sleutels) return '';
  return `AND (${regeling}, ${identificatie}) IN (SELECT * FROM unnest(${sql.p(vraag.sleutels.regelingen)}::text[], ${sql.p(vraag.sleutels.identificaties)}::text[]))`;
}

const locaties: Collectie = {
  id: 'locaties',
  title: 'Locaties',
  description:
    'De locaties (gebieden, lijnen en punten; groepen opgelost in hun leden) van de omgevingsdocumenten zoals die gelden op het gevraagde moment (geldigOp, inWerkingOp, bekendOp, beschikbaarOp; standaard vandaag en nu).',
  eigenschappen: {
    identificatie: { type: 'string', title: 'IMOW-identificatie van de locatie' },
    type: { type: 'string', title: 'Gebied, Lijn of Punt' },
    noemer: { type: 'string', title: 'Naam van de locatie' },
    regelingId: { type: 'string', title: 'AKN work id van de regeling' },
    instrumentversie: { type: 'string', title: 'AKN expression id van de geldende versie' },
    citeertitel: { type: 'string', title: 'Citeertitel van de regeling' },
    bevoegdGezag: { type: 'string', title: 'Code van het bevoegd gezag' },
    bestuurslaag: { type: 'string', title: 'rijk, provincie, waterschap of gemeente' },
    documenttype: { type: 'string', title: 'Soort omgevingsdocument' },
  },
  async zoek(pool, vraag) {
    const sql = new Sql();
    const from = `FROM (${geldendeVersies(sql, vraag.tijd)}) v
       JOIN rm.regelingen r ON r.regeling_id = v.regeling_id
       JOIN rm.locaties l ON l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer AND l.groepselementen IS NULL AND l.geom IS NOT NULL
      WHERE true ${vraag.bbox ? `AND ST_Intersects(l.geom, ${bboxInRd(sql, vraag.bbox)})` : ''} ${sleutelFilter(sql, vraag, 'r.regeling_id', 'l.identificatie')}`;
    const telling = `SELECT count(*)::int AS n ${from}`;
    const telWaarden = [...sql.waarden];
    const pagina = `SELECT r.regeling_id, l.identificatie, ${geojson('l.geom', vraag.stelsel)} AS geometry,
              json_build_object('identificatie', l.identificatie, 'type', l.type, 'noemer', l.noemer, 'regelingId', r.regeling_id,
                                'instrumentversie', v.instrumentversie, 'citeertitel', r.citeertitel, 'bevoegdGezag', r.bevoegd_gezag,
                                'bestuurslaag', r.bestuurslaag, 'documenttype', r.documenttype) AS properties
         ${from}
        ORDER BY r.regeling_id, l.identificatie
        LIMIT ${sql.p(vraag.limit)} OFFSET ${sql.p(vraag.offset)}`;
    const [tel, { rows }] = await Promise.all([vraag.tellen ? pool.query<{ n: number }>(telling, telWaarden) : undefined, pool.query(pagina, sql.waarden)]);
    return { aantal: tel ? tel.rows[0]!.n : rows.length, rijen: rows };
  },
};

const juridischeRegels: Collectie = {
  id: 'juridische-regels',
  title: 'Juridische regels',
  description:
    'De juridische regels die gelden op het gevraagde moment, één feature per regel; de geometrie is de vereniging van de locaties van het werkingsgebied. Activiteiten, kwalificaties en thema’s staan als komma-gescheiden tekst.',
  eigenschappen: {
    identificatie: { type: 'string', title: 'IMOW-identificatie van de juridische regel' },
    type: { type: 'string', title: 'RegelVoorIedereen, Instructieregel of Omgevingswaarderegel' },
    regeltekst: { type: 'string', title: 'wId van de regeltekst (artikel of lid)' },
    activiteiten: { type: 'string', title: 'Namen van de activiteiten, komma-gescheiden' },
    kwalificaties: { type: 'string', title: 'Activiteitregelkwalificaties (vergunningplicht, meldingsplicht, …), komma-gescheiden' },
    themas: { type: 'string', title: 'Thema’s, komma-gescheiden' },
    regelingId: { type: 'string', title: 'AKN work id van de regeling' },
    instrumentversie: { type: 'string', title: 'AKN expression id van de geldende versie' },
    citeertitel: { type: 'string', title: 'Citeertitel van de regeling' },
    bevoegdGezag: { type: 'string', title: 'Code van het bevoegd gezag' },
    bestuurslaag: { type: 'string', title: 'rijk, provincie, waterschap of gemeente' },
    documenttype: { type: 'string', title: 'Soort omgevingsdocument' },
  },
  async zoek(pool, vraag) {
    const sql = new Sql();
    // A regel is in the collection when its werkingsgebied has a geometry (in the bbox).
    const from = `FROM (${geldendeVersies(sql, vraag.tijd)}) v
       JOIN rm.regelingen r ON r.regeling_id = v.regeling_id
       JOIN rm.juridische_regels j ON j.regeling_id = v.regeling_id AND j.versies @> v.volgnummer
       CROSS JOIN LATERAL (SELECT rm.werkingsgebied(v.regeling_id, v.volgnummer, j.locaties) AS geom) w
      WHERE w.geom IS NOT NULL ${vraag.bbox ? `AND ST_Intersects(w.geom, ${bboxInRd(sql, vraag.bbox)})` : ''}
        ${sleutelFilter(sql, vraag, 'r.regeling_id', 'j.identificatie')}`;
    const telling = `SELECT count(*)::int AS n ${from}`;
    const telWaarden = [...sql.waarden];
    const pagina = `WITH pagina AS (
         SELECT r.regeling_id, r.citeertitel, r.bevoegd_gezag, r.bestuurslaag, r.documenttype, v.instrumentversie, v.volgnummer,
                j.identificatie, j.type, j.regeltekst, j.activiteiten, j.themas, w.geom
           ${from}
          ORDER BY r.regeling_id, j.identificatie
          LIMIT ${sql.p(vraag.limit)} OFFSET ${sql.p(vraag.offset)})
       SELECT p.regeling_id, p.identificatie, ${geojson('p.geom', vraag.stelsel)} AS geometry,
              json_build_object('identificatie', p.identificatie, 'type', p.type, 'regeltekst', p.regeltekst,
                'activiteiten', (SELECT string_agg(DISTINCT a.naam, ', ') FROM jsonb_array_elements(p.activiteiten) x
                                   JOIN rm.activiteiten a ON a.regeling_id = p.regeling_id AND a.versies @> p.volgnummer AND a.identificatie = x->>'activiteit'),
                'kwalificaties', (SELECT string_agg(DISTINCT x->>'kwalificatie', ', ') FROM jsonb_array_elements(p.activiteiten) x),
                'themas', nullif(array_to_string(p.themas, ', '), ''),
                'regelingId', p.regeling_id, 'instrumentversie', p.instrumentversie, 'citeertitel', p.citeertitel,
                'bevoegdGezag', p.bevoegd_gezag, 'bestuurslaag', p.bestuurslaag, 'documenttype', p.documenttype) AS properties
         FROM pagina p
        ORDER BY p.regeling_id, p.identificatie`;
    const [tel, { rows }] = await Promise.all([vraag.tellen ? pool.query<{ n: number }>(telling, telWaarden) : undefined, pool.query(pagina, sql.waarden)]);
    return { aantal: tel ? tel.rows[0]!.n : rows.length, rijen: rows };
  },
};

const COLLECTIES = [locaties, juridischeRegels];

function collectie(id: string): Collectie {
  const c = COLLECTIES.find((k) => k.id === id);
  if (!c) throw new HttpProblem(404, 'not_found', `Collectie ${JSON.stringify(id)} bestaat niet; er zijn: ${COLLECTIES.map((k) => k.id).join(', ')}.`);
  return c;
}

/** Feature id `{regelingId}/{identificatie}`, and back: every split at a slash is a candidate. */
const featureId = (rij: Rij) => `${rij.regeling_id}/${rij.identificatie}`;
function sleutelsUit(id: string): { regelingen: string[]; identificaties: string[] } {
  const regelingen: string[] = [];
  const identificaties: string[] = [];
  for (let i = id.indexOf('/', 1); i > 0 && i < id.length - 1; i = id.indexOf('/', i + 1)) {
    regelingen.push(id.slice(0, i));
    identificaties.push(id.slice(i + 1));
  }
  return { regelingen, identificaties };
}

const feature = (rij: Rij) => ({ type: 'Feature', id: featureId(rij), geometry: rij.geometry, properties: rij.properties });

/** The spatial extent (CRS84) of the leaf locaties in force: a superset for both collections. */
async function omvang(pool: pg.Pool, tijd: TijdreisParameters): Promise<number[] | undefined> {
  const sql = new Sql();
  const { rows } = await pool.query(
    `WITH e AS (SELECT ST_SetSRID(ST_Extent(l.geom)::geometry, 28992) AS g FROM (${geldendeVersies(sql, tijd)}) v
                  JOIN rm.locaties l ON l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer AND l.geom IS NOT NULL),
          w AS (SELECT ST_Transform(ST_Segmentize(g, 1000), 4326) AS g FROM e WHERE g IS NOT NULL)
     SELECT ST_XMin(g) AS x1, ST_YMin(g) AS y1, ST_XMax(g) AS x2, ST_YMax(g) AS y2 FROM w`,
    sql.waarden,
  );
  const r = rows[0];
  if (!r) return undefined;
  const afronden = (n: number, omhoog: boolean) => (omhoog ? Math.ceil(n * 1e6) : Math.floor(n * 1e6)) / 1e6;
  return [afronden(r.x1, false), afronden(r.y1, false), afronden(r.x2, true), afronden(r.y2, true)];
}

function collectieBeschrijving(req: Request, c: Collectie, bbox: number[] | undefined) {
  const tijd = meegegevenTijd(req);
  const pad = `${BASIS}/collections/${c.id}`;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    ...(bbox ? { extent: { spatial: { bbox: [bbox], crs: CRS84 } } } : {}),
    crs: CRS_LIJST,
    storageCrs: EPSG_URI(28992),
    links: [
      { href: url(req, pad, tijd), rel: 'self', type: JSON_TYPE, title: c.title },
      { href: url(req, `${pad}/items`, tijd), rel: 'items', type: GEOJSON_TYPE, title: `${c.title} (GeoJSON)` },
    ],
  };
}

function stuur(res: Response, type: string, body: unknown): void {
  res.type(type).send(JSON.stringify(body));
}

export function ogcFeaturesFeature(pool: pg.Pool): HttpFeature {
  const router = Router();
  router.use(BASIS, (_req, res, next) => {
    // Open data: any web client may read it.
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  router.get(BASIS, (req, res) => {
    controleerParameters(req, ALGEMENE_PARAMETERS);
    const tijd = meegegevenTijd(req);
    stuur(res, JSON_TYPE, {
      title: 'Omgevingsloket — OGC API Features',
      description: 'De read models van het Omgevingsloket (locaties en juridische regels) als OGC API Features, met tijdreizen via geldigOp, inWerkingOp, bekendOp en beschikbaarOp.',
      links: [
        { href: url(req, BASIS, tijd), rel: 'self', type: JSON_TYPE, title: 'Deze pagina' },
        { href: url(req, '/api/openapi.json'), rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'De API-definitie (OpenAPI 3.0)' },
        { href: url(req, `${BASIS}/conformance`), rel: 'conformance', type: JSON_TYPE, title: 'Conformiteitsklassen' },
        { href: url(req, `${BASIS}/collections`, tijd), rel: 'data', type: JSON_TYPE, title: 'Collecties' },
      ],
    });
  });

  router.get(`${BASIS}/conformance`, (req, res) => {
    controleerParameters(req, ['f']);
    stuur(res, JSON_TYPE, {
      conformsTo: [
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ],
    });
  });

  router.get(`${BASIS}/collections`, async (req, res) => {
    controleerParameters(req, ALGEMENE_PARAMETERS);
    const bbox = await omvang(pool, leesTijd(req));
    stuur(res, JSON_TYPE, {
      links: [{ href: url(req, `${BASIS}/collections`, meegegevenTijd(req)), rel: 'self', type: JSON_TYPE, title: 'Collecties' }],
      crs: CRS_LIJST,
      collections: COLLECTIES.map((c) => collectieBeschrijving(req, c, bbox)),
    });
  });

  router.get(`${BASIS}/collections/:collectionId`, async (req, res) => {
    const c = collectie(req.params.collectionId);
    controleerParameters(req, ALGEMENE_PARAMETERS);
    stuur(res, JSON_TYPE, collectieBeschrijving(req, c, await omvang(pool, leesTijd(req))));
  });

  router.get(`${BASIS}/collections/:collectionId/items`, async (req, res) => {
    const c = collectie(req.params.collectionId);
    controleerParameters(req, ITEMS_PARAMETERS);
    const tijd = leesTijd(req);
    const stelsel = leesStelsel(req.query.crs, 'crs') ?? STELSELS[0]!;
    const bboxStelsel = leesStelsel(req.query['bbox-crs'], 'bbox-crs') ?? STELSELS[0]!;
    if (req.query['bbox-crs'] !== undefined && req.query.bbox === undefined) throw parameterFout('bbox-crs', 'bbox', 'alleen samen met bbox');
    const bbox = leesBbox(req.query.bbox, bboxStelsel);
    // Above the maximum is not an error (OGC API Features): the maximum is used.
    const limit = Math.min(leesGeheel(req.query.limit, 'limit', 1) ?? LIMIT_STANDAARD, LIMIT_MAX);
    const offset = leesGeheel(req.query.offset, 'offset', 0) ?? 0;
    const { aantal, rijen } =
      bbox === 'leeg' ? { aantal: 0, rijen: [] } : await c.zoek(pool, { tijd, stelsel, bbox: bbox && { ...bbox, stelsel: bboxStelsel }, limit, offset, tellen: true });

    // Paging links pin all four time axes, so that the next page is read at the same moment.
    const pad = `${BASIS}/collections/${c.id}/items`;
    const pagina = (n: number) => {
      const q = new URLSearchParams(Object.entries(req.query) as [string, string][]);
      q.delete('datetime');
      for (const naam of TIJD_PARAMETERS) q.set(naam, tijd[naam]);
      q.set('limit', String(limit));
      q.set('offset', String(n));
      return url(req, pad, q);
    };
    const links = [
      { href: url(req, req.originalUrl.split('?')[0]!, new URLSearchParams(Object.entries(req.query) as [string, string][])), rel: 'self', type: GEOJSON_TYPE, title: 'Deze pagina' },
      { href: url(req, `${BASIS}/collections/${c.id}`, meegegevenTijd(req)), rel: 'collection', type: JSON_TYPE, title: c.title },
      ...(offset + rijen.length < aantal ? [{ href: pagina(offset + limit), rel: 'next', type: GEOJSON_TYPE, title: 'Volgende pagina' }] : []),
      ...(offset > 0 ? [{ href: pagina(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON_TYPE, title: 'Vorige pagina' }] : []),
    ];
    res.set('Content-Crs', `<${stelsel.uri}>`);
    stuur(res, GEOJSON_TYPE, {
      type: 'FeatureCollection',
      timeStamp: new Date().toISOString(),
      numberMatched: aantal,
      numberReturned: rijen.length,
      tijdreis: tijd,
      features: rijen.map(feature),
      links,
    });
  });

  router.get(`${BASIS}/collections/:collectionId/items/:featureId`, async (req, res) => {
    const c = collectie(req.params.collectionId);
    controleerParameters(req, ITEM_PARAMETERS);
    const tijd = leesTijd(req);
    const stelsel = leesStelsel(req.query.crs, 'crs') ?? STELSELS[0]!;
    const id = req.params.featureId;
    const sleutels = sleutelsUit(id);
    const { rijen } = sleutels.regelingen.length === 0 ? { rijen: [] } : await c.zoek(pool, { tijd, stelsel, limit: 1, offset: 0, sleutels, tellen: false });
    const rij = rijen[0];
    if (!rij) {
      throw new HttpProblem(404, 'not_found', `Feature ${JSON.stringify(id)} is er niet in ${c.id} op dat moment (geldigOp ${tijd.geldigOp}, beschikbaarOp ${tijd.beschikbaarOp}). Een id is {regelingId}/{identificatie}.`);
    }
    const tijdQuery = meegegevenTijd(req);
    const zelf = new URLSearchParams(tijdQuery);
    if (typeof req.query.crs === 'string') zelf.set('crs', req.query.crs);
    res.set('Content-Crs', `<${stelsel.uri}>`);
    stuur(res, GEOJSON_TYPE, {
      ...feature(rij),
      links: [
        { href: url(req, `${BASIS}/collections/${c.id}/items/${encodeURIComponent(featureId(rij))}`, zelf), rel: 'self', type: GEOJSON_TYPE, title: 'Deze feature' },
        { href: url(req, `${BASIS}/collections/${c.id}`, tijdQuery), rel: 'collection', type: JSON_TYPE, title: c.title },
      ],
    });
  });

  return { router, openapi: ogcOpenApi() };
}

// --- OpenAPI ---------------------------------------------------------------------------------

const tijdParameters = [
  { name: 'geldigOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Features die gelden op deze datum (standaard vandaag)' },
  { name: 'inWerkingOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Zoals juridisch in werking op deze datum (standaard vandaag)' },
  { name: 'bekendOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Zoals bekendgemaakt op deze datum (standaard vandaag)' },
  { name: 'beschikbaarOp', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Zoals in dit systeem beschikbaar op dit moment (standaard nu)' },
  {
    name: 'datetime',
    in: 'query',
    schema: { type: 'string' },
    description: 'Eén moment (datum of datum-tijd), gelezen als geldigOp; intervallen worden niet ondersteund. Niet samen met geldigOp.',
  },
];
const fParameter = { name: 'f', in: 'query', schema: { type: 'string', enum: ['json', 'geojson'] }, description: 'Formaat; alleen JSON/GeoJSON' };
const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: COLLECTIES.map((c) => c.id) } };
const crsParameter = (name: string, description: string) => ({ name, in: 'query', schema: { type: 'string', format: 'uri', enum: CRS_LIJST, default: CRS84 }, description });
const antwoord = (description: string) => ({ description, content: { [JSON_TYPE]: { schema: { type: 'object' } } } });
const contentCrs = { headers: { 'Content-Crs': { description: 'Het stelsel van de coördinaten, als <URI>', schema: { type: 'string' } } } };
const TAG = ['OGC API Features'];

const schemaNaam = (c: Collectie) => `OgcFeature_${c.id.replace(/-/g, '_')}`;
const featureSchema = (c: Collectie) => ({
  type: 'object',
  description: `Een feature van de collectie ${c.id} (GeoJSON). ${c.description}`,
  required: ['type', 'id', 'geometry', 'properties'],
  properties: {
    type: { type: 'string', enum: ['Feature'] },
    id: { type: 'string', description: '{regelingId}/{identificatie}' },
    geometry: { type: 'object', description: 'GeoJSON-geometrie in het stelsel van Content-Crs' },
    properties: { type: 'object', properties: Object.fromEntries(Object.entries(c.eigenschappen).map(([k, v]) => [k, { ...v, nullable: true }])) },
    links: { type: 'array', items: { type: 'object' } },
  },
});
const featureRef = { oneOf: COLLECTIES.map((c) => ({ $ref: `#/components/schemas/${schemaNaam(c)}` })) };
const featureCollectionSchema = {
  type: 'object',
  required: ['type', 'features', 'links', 'numberMatched', 'numberReturned'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    timeStamp: { type: 'string', format: 'date-time' },
    numberMatched: { type: 'integer', minimum: 0 },
    numberReturned: { type: 'integer', minimum: 0 },
    tijdreis: { type: 'object', description: 'Het moment op de vier tijdassen waarop gevraagd is' },
    features: { type: 'array', items: featureRef },
    links: { type: 'array', items: { type: 'object', required: ['href', 'rel'], properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } } },
  },
};

function ogcOpenApi(): OpenApiFragment {
  return {
    schemas: Object.fromEntries(COLLECTIES.map((c) => [schemaNaam(c), featureSchema(c)])),
    paths: {
      [BASIS]: {
        get: {
          summary: 'Landingspagina van de OGC API Features',
          operationId: 'ogcLandingPage',
          tags: TAG,
          parameters: [fParameter, ...tijdParameters],
          responses: { '200': antwoord('Links naar de API-definitie, conformiteit en collecties'), '400': problemResponse('Ongeldige parameter') },
        },
      },
      [`${BASIS}/conformance`]: {
        get: {
          summary: 'De conformiteitsklassen die deze API implementeert',
          operationId: 'ogcConformance',
          tags: TAG,
          parameters: [fParameter],
          responses: { '200': antwoord('conformsTo'), '400': problemResponse('Ongeldige parameter') },
        },
      },
      [`${BASIS}/collections`]: {
        get: {
          summary: 'De collecties: locaties en juridische regels',
          operationId: 'ogcCollections',
          tags: TAG,
          parameters: [fParameter, ...tijdParameters],
          responses: { '200': antwoord('De collecties met omvang en stelsels'), '400': problemResponse('Ongeldige parameter') },
        },
      },
      [`${BASIS}/collections/{collectionId}`]: {
        get: {
          summary: 'Eén collectie',
          operationId: 'ogcCollection',
          tags: TAG,
          parameters: [collectionId, fParameter, ...tijdParameters],
          responses: { '200': antwoord('De collectie'), '400': problemResponse('Ongeldige parameter'), '404': problemResponse('Onbekende collectie') },
        },
      },
      [`${BASIS}/collections/{collectionId}/items`]: {
        get: {
          summary: 'De features van een collectie die gelden op het gevraagde moment (GeoJSON)',
          operationId: 'ogcItems',
          tags: TAG,
          parameters: [
            collectionId,
            { name: 'limit', in: 'query', style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: LIMIT_MAX, default: LIMIT_STANDAARD }, description: 'Hoogstens zoveel features (meer dan het maximum: het maximum)' },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 }, description: 'Zoveel features overslaan (de next-link doet dit voor u)' },
            {
              name: 'bbox',
              in: 'query',
              style: 'form',
              explode: false,
              schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
              description: 'Alleen features die dit rechthoekige gebied raken: minx,miny,maxx,maxy in bbox-crs (EPSG:4326: breedte eerst)',
            },
            crsParameter('bbox-crs', 'Het stelsel van bbox (standaard CRS84)'),
            crsParameter('crs', 'Het stelsel van de geometrieën in het antwoord (standaard CRS84)'),
            fParameter,
            ...tijdParameters,
          ],
          responses: {
            '200': { description: 'FeatureCollection met numberMatched, numberReturned en next-link', ...contentCrs, content: { [GEOJSON_TYPE]: { schema: featureCollectionSchema } } },
            '400': problemResponse('Ongeldige bbox, limit, offset, crs of tijdparameter'),
            '404': problemResponse('Onbekende collectie'),
          },
        },
      },
      [`${BASIS}/collections/{collectionId}/items/{featureId}`]: {
        get: {
          summary: 'Eén feature, zoals die gold op het gevraagde moment',
          operationId: 'ogcFeature',
          tags: TAG,
          parameters: [
            collectionId,
            { name: 'featureId', in: 'path', required: true, schema: { type: 'string' }, description: '{regelingId}/{identificatie}, URL-gecodeerd' },
            crsParameter('crs', 'Het stelsel van de geometrie in het antwoord (standaard CRS84)'),
            fParameter,
            ...tijdParameters,
          ],
          responses: {
            '200': { description: 'De feature (GeoJSON)', ...contentCrs, content: { [GEOJSON_TYPE]: { schema: featureRef } } },
            '400': problemResponse('Ongeldige crs of tijdparameter'),
            '404': problemResponse('Onbekende collectie of feature'),
          },
        },
      },
    },
  };
}
