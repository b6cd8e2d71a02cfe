import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type pg from 'pg';
import type { HttpFeature } from '../infrastructure/http/app.ts';
import { problemResponse } from '../infrastructure/http/openapi.ts';
import { HttpProblem } from '../infrastructure/http/problem.ts';
import { TileCache, type CachedTile } from './cache.ts';
import { leesTileAdres, leesTileVraag, type TileAdres, type TileVraag } from './parameters.ts';
import { datumInAmsterdam } from '../infrastructure/http/tijdreis.ts';
import { postgisSources, type TileSource } from './source.ts';
import type { TileVersion } from './version.ts';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

/** The Netherlands in WGS84, with the sea it governs near the coast. */
const BOUNDS = [3.2, 50.7, 7.3, 53.7];
/** Clients zoom in further themselves (overzoom); the route serves up to z22 as martin does. */
const TILEJSON_MAXZOOM = 16;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Open data: any site may draw these tiles (helmet's default would allow this origin only). */
const OPEN = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin', 'X-Content-Type-Options': 'nosniff' };
const TEGEL_PAD = /^\/tiles\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.mvt$/;
/** Accept-Encoding allows gzip (not `gzip;q=0`). */
const GZIP = /(?:^|,)\s*(?:gzip|\*)\s*(?:,|$|;\s*q=(?!0(?:\.0*)?\s*(?:,|$)))/i;
const KORT = 'public, max-age=60';

export interface TilesOptions {
  /** Bytes the in-process tile cache may hold (gzipped tiles and their keys). */
  cacheBytes: number;
}

/**
 * Vector tiles over HTTP: `GET /tiles` (the layers), `GET /tiles/{layer}.json` (TileJSON 3.0.0
 * whose tile URLs carry the version, `?v=`) and `GET /tiles/{layer}/{z}/{x}/{y}.mvt`.
 *
 * A versioned URL is only ever answered with the tile of that version: when the read models
 * have moved on, it is redirected to the URL of the current version. So a versioned tile whose
 * dates are given never changes and is cached for a year; other URLs for a minute.
 */
export function tilesFeature(pool: pg.Pool, version: TileVersion, options: TilesOptions): HttpFeature {
  const router = Router();
  const cache = new TileCache(options.cacheBytes);
  const onderweg = new Map<string, Promise<CachedTile & { versie: string }>>();
  // The sources, found on first use (the functions exist once migrations ran); `bekend` once found.
  let bronnen: Promise<Map<string, TileSource>> | undefined;
  let bekend: Map<string, TileSource> | undefined;
  const laadBronnen = async () => {
    bronnen ??= postgisSources(pool).catch((error: unknown) => {
      bronnen = undefined;
      throw error;
    });
    return (bekend = await bronnen);
  };
  const bron = async (naam: string) => {
    const b = (await laadBronnen()).get(naam);
    if (!b) throw new HttpProblem(404, 'onbekende_laag', `Er is geen tegellaag ${JSON.stringify(naam)}. Zie /tiles voor de lagen.`);
    return b;
  };
  // Checked query strings, per day (missing dates are today): most tile requests repeat one.
  const vragen = new Map<string, TileVraag>();
  const leesVraag = (req: Request): TileVraag => {
    const vraagteken = req.url.indexOf('?');
    const sleutel = `${datumInAmsterdam(new Date())}|${vraagteken === -1 ? '' : req.url.slice(vraagteken + 1)}`;
    let vraag = vragen.get(sleutel);
    if (!vraag) {
      vraag = leesTileVraag(req);
      if (vragen.size >= 10_000) vragen.clear();
      vragen.set(sleutel, vraag);
    }
    return vraag;
  };
  const basis = (req: Request) => `${req.protocol}://${req.get('host')}`;
  router.use('/tiles', (_req, res, next) => {
    res.set(OPEN);
    next();
  });

  // Before request ids, security headers and body parsing: a tile in the cache, as the route
  // below would serve it. Anything else (a miss, another version, bad input) goes on to it.
  const uitCache: RequestHandler = (req, res, next) => {
    const m = req.method === 'GET' ? TEGEL_PAD.exec(req.path) : null;
    const b = m && bekend?.get(m[1]!);
    const versie = version.recent();
    if (!m || !b || versie === undefined) return next();
    let adres: TileAdres;
    let vraag: TileVraag;
    try {
      adres = leesTileAdres({ z: m[2]!, x: m[3]!, y: m[4]! });
      vraag = leesVraag(req);
    } catch {
      return next();
    }
    if (vraag.versie !== undefined && vraag.versie !== versie) return next();
    const tegel = cache.get(`${b.id}/${adres.z}/${adres.x}/${adres.y}?${vraag.sleutel}#${versie}`);
    if (!tegel) return next();
    stuurTegel(req, res, vraag, { ...tegel, versie }).catch(next);
  };

  router.get('/tiles', async (req, res) => {
    const versie = await version.current();
    res.set('Cache-Control', 'no-cache').json({
      versie,
      lagen: [...(await laadBronnen()).values()].map((b) => ({ id: b.id, description: b.description, tilejson: `${basis(req)}/tiles/${b.id}.json` })),
    });
  });

  router.get('/tiles/:layer.json', async (req, res) => {
    const b = await bron(req.params.layer);
    const vraag = leesTileVraag(req);
    const versie = await version.current();
    const q = new URLSearchParams(vraag.sleutel);
    q.set('v', versie);
    res.set('Cache-Control', 'no-cache').json({
      tilejson: '3.0.0',
      name: b.id,
      description: b.description,
      version: '1.0.0',
      attribution: 'Omgevingsloket',
      scheme: 'xyz',
      tiles: [`${basis(req)}/tiles/${b.id}/{z}/{x}/{y}.mvt?${q}`],
      minzoom: 0,
      maxzoom: TILEJSON_MAXZOOM,
      bounds: BOUNDS,
      center: [5.3, 52.1, 7],
      vector_layers: b.vectorLayers,
    });
  });

  router.get('/tiles/:layer/:z/:x/:y.mvt', async (req, res) => {
    const b = await bron(req.params.layer);
    const { z, x, y } = leesTileAdres(req.params);
    const vraag = leesVraag(req);
    let versie = await version.current();
    if (vraag.versie !== undefined && vraag.versie !== versie) versie = await version.refresh();
    if (vraag.versie !== undefined && vraag.versie !== versie) return naarVersie(req, res, versie);

    const plek = `${b.id}/${z}/${x}/${y}?${vraag.sleutel}`;
    let tegel: CachedTile & { versie: string } | undefined;
    const bewaard = cache.get(`${plek}#${versie}`);
    if (bewaard) tegel = { ...bewaard, versie };
    else {
      const sleutel = `${plek}#${versie}`;
      let werk = onderweg.get(sleutel);
      if (!werk) {
        werk = maak(b, z, x, y, vraag.params).then((t) => {
          version.seen(t.versie);
          cache.set(`${plek}#${t.versie}`, t);
          return t;
        });
        onderweg.set(sleutel, werk);
        void werk.finally(() => onderweg.delete(sleutel)).catch(() => {});
      }
      tegel = await werk;
      // The read models moved while the tile was made: it belongs to another version.
      if (vraag.versie !== undefined && tegel.versie !== vraag.versie) return naarVersie(req, res, tegel.versie);
    }

    await stuurTegel(req, res, vraag, tegel);
  });

  return { router, early: uitCache, openapi: tilesOpenApi };
}

/** Writes a tile straight to Node's response: a cached tile is the hot path (thousands a second). */
async function stuurTegel(req: Request, res: Response, vraag: TileVraag, tegel: CachedTile & { versie: string }): Promise<void> {
  const gz = tegel.gzip.length > 0 && GZIP.test(req.headers['accept-encoding'] ?? '');
  // A strong ETag names one representation, so the gzipped one has its own.
  const etag = gz ? `"${tegel.etag}-gz"` : `"${tegel.etag}"`;
  const kop: Record<string, string> = {
    'Cache-Control': vraag.versie !== undefined && vraag.datumsGegeven ? IMMUTABLE : KORT,
    'Content-Type': 'application/vnd.mapbox-vector-tile',
    Vary: 'Accept-Encoding',
    ETag: etag,
    'X-Tile-Version': tegel.versie,
    ...OPEN,
  };
  if (nietGewijzigd(req.headers['if-none-match'], etag)) return void res.writeHead(304, kop).end();
  if (tegel.gzip.length === 0) return void res.writeHead(204, kop).end();
  const body = gz ? tegel.gzip : await gunzip(tegel.gzip);
  if (gz) kop['Content-Encoding'] = 'gzip';
  kop['Content-Length'] = String(body.length);
  res.writeHead(200, kop).end(body);
}

async function maak(b: TileSource, z: number, x: number, y: number, params: Record<string, string>): Promise<CachedTile & { versie: string }> {
  const { data, versie } = await b.getTile(z, x, y, params);
  const etag = createHash('sha1').update(data).digest('base64url').slice(0, 22);
  return { gzip: data.length === 0 ? data : await gzip(data), etag, versie };
}

/**
 * If-None-Match names this ETag (weak comparison, RFC 9110). Not express's `req.fresh`: that
 * answers in full whenever the request says `Cache-Control: no-cache`, which fetch() adds to
 * every conditional request it is given.
 */
function nietGewijzigd(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((e) => {
    const tag = e.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** The same URL with the current version: never a tile of another version than asked. */
function naarVersie(req: Request, res: Response, versie: string): void {
  const url = new URL(req.originalUrl, 'http://tegel');
  url.searchParams.set('v', versie);
  res.set('Cache-Control', 'no-store').redirect(302, `${url.pathname}${url.search}`);
}

const tileParameters = [
  { name: 'geldigOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Regels die gelden op deze datum (standaard vandaag)' },
  { name: 'inWerkingOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Zoals juridisch in werking op deze datum (standaard vandaag)' },
  { name: 'bekendOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Zoals bekendgemaakt op deze datum (standaard vandaag)' },
  { name: 'beschikbaarOp', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Zoals in dit systeem beschikbaar op dit moment (standaard: alles wat bekend is)' },
  { name: 'inclusiefOntwerp', in: 'query', schema: { type: 'boolean' }, description: 'Ook ontwerpen die ter inzage liggen (status ontwerp)' },
  { name: 'bestuurslaag', in: 'query', schema: { type: 'string' }, description: 'Komma-gescheiden: rijk, provincie, waterschap, gemeente' },
  { name: 'documenttype', in: 'query', schema: { type: 'string' }, description: 'Komma-gescheiden documenttypen' },
  { name: 'activiteit', in: 'query', schema: { type: 'string' }, description: 'Komma-gescheiden activiteiten (id of naam); ook onderliggende activiteiten (laag werkingsgebieden)' },
  { name: 'thema', in: 'query', schema: { type: 'string' }, description: "Komma-gescheiden thema's van de juridische regels (laag werkingsgebieden)" },
  { name: 'regeltype', in: 'query', schema: { type: 'string' }, description: 'Komma-gescheiden: RegelVoorIedereen, Instructieregel, Omgevingswaarderegel (laag werkingsgebieden)' },
];

const tilesOpenApi = {
  paths: {
    '/tiles': {
      get: {
        summary: 'De tegellagen met hun TileJSON',
        operationId: 'getTileLayers',
        tags: ['Kaart'],
        responses: { '200': { description: 'Lagen en de huidige versie' } },
      },
    },
    '/tiles/{layer}.json': {
      get: {
        summary: 'TileJSON 3.0.0 van een laag; de tegel-URL draagt de versie (v) en de tijdparameters',
        operationId: 'getTileJson',
        tags: ['Kaart'],
        parameters: [{ name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: ['werkingsgebieden', 'gebiedsaanwijzingen', 'omgevingsnormen', 'bestemmingsplannen', 'bestuursgrenzen'] } }, ...tileParameters],
        responses: { '200': { description: 'TileJSON', content: { 'application/json': { schema: { type: 'object' } } } }, '400': problemResponse('Ongeldige parameters'), '404': problemResponse('Onbekende laag') },
      },
    },
    '/tiles/{layer}/{z}/{x}/{y}.mvt': {
      get: {
        summary: 'Een vectortegel (Mapbox Vector Tile), gzip als de client dat accepteert',
        operationId: 'getTile',
        tags: ['Kaart'],
        parameters: [
          { name: 'layer', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: 22 } },
          { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
          { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
          ...tileParameters,
          { name: 'v', in: 'query', schema: { type: 'string' }, description: 'Versie uit de TileJSON; een oudere versie wordt doorgestuurd naar de huidige' },
        ],
        responses: {
          '200': { description: 'De tegel', content: { 'application/vnd.mapbox-vector-tile': { schema: { type: 'string', format: 'binary' } } } },
          '204': { description: 'Niets in deze tegel' },
          '302': { description: 'De gevraagde versie is niet meer de huidige: dezelfde tegel in de huidige versie' },
          '304': { description: 'Niet gewijzigd (ETag)' },
          '400': problemResponse('Ongeldige tegel of parameters'),
          '404': problemResponse('Onbekende laag'),
        },
      },
    },
  },
};
