import { Router } from 'express';
import type pg from 'pg';
import { GEVOUWEN_TEKENS, zoekvorm as vorm } from '../database/zoektekst.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';
import { HttpProblem, type InvalidParam } from './problem.ts';
import { leesTijdreis } from './tijdreis.ts';

const BASIS = '/api/viewer/v1';
const MIN_TEKENS = 2;
const MAX_TEKENS = 100;
const STANDAARD_LIMIET = 10;
const MAX_LIMIET = 50;

export type Plaatssoort = 'gemeente' | 'provincie' | 'waterschap' | 'locatie';

/** A place the viewer can go to: an ambtsgebied or a named locatie of a regeling. */
export interface Plaats {
  naam: string;
  soort: Plaatssoort;
  /** Code of the bevoegd gezag (ambtsgebieden). */
  code?: string;
  /** The regeling and identificatie of a locatie. */
  regelingId?: string;
  identificatie?: string;
  /** [minLon, minLat, maxLon, maxLat], EPSG:4326. */
  bbox: [number, number, number, number];
  /** A point in the place, [lon, lat]: its centroid, or a point inside it where the centroid lies outside (a bent gemeente, a line). */
  centrum: [number, number];
}


/** The name without the word for what it is ("Gemeente Utrecht": "utrecht"), so "utr" is a prefix of it. */
const kern = (expressie: string) =>
  vorm(`regexp_replace(${expressie}, '^(gemeente|provincie|waterschap|hoogheemraadschap|wetterskip)[[:space:]]+(van[[:space:]]+)?', '', 'i')`);

/**
 * Ambtsgebieden by naam and the locaties of regelingen (in the version in force at the time
 * parameters) by noemer; rank 0 exact, 1 prefix, 2 substring, then shorter names first.
 * Groepen have no geometry of their own and Ambtsgebied-locaties are found as their ambtsgebied,
 * so only leaf locaties with a geometry are searched. Geometries are read for the results only.
 * $1 the text, $2 the text as a LIKE pattern, $3 limit, $4–$7 beschikbaarOp, bekendOp, inWerkingOp, geldigOp.
 */
const PLAATSEN_SQL = `
  WITH
  vraag AS (
    -- grof: every letter an accented one folds to, and a space (a hyphen folds to it), is a
    -- wildcard, for a cheap first pass over the locaties with lower() alone (translate() on every
    -- noemer took most of the time).
    SELECT tekst, '%' || patroon || '%' AS deel, patroon || '%' AS begin, '%' || regexp_replace(patroon, '${GEVOUWEN_TEKENS}', '_', 'g') || '%' AS grof
      FROM (SELECT ${vorm('$1::text')} AS tekst, ${vorm('$2::text')} AS patroon) v),
  gebied AS (
    SELECT a.naam, a.bestuurslaag AS soort, a.code, NULL::text AS regeling_id, NULL::text AS identificatie, NULL::int4range AS versies, f.volledig, f.kern
      FROM rm.ambtsgebieden a
      CROSS JOIN LATERAL (SELECT ${vorm('a.naam')} AS volledig, ${kern('a.naam')} AS kern) f
     WHERE a.bestuurslaag IN ('gemeente', 'provincie', 'waterschap') AND f.volledig LIKE (SELECT deel FROM vraag)),
  -- Scalar subqueries keep both tests on the scan of rm.locaties; OFFSET 0 folds each noemer once.
  treffer AS (
    SELECT l.noemer, l.regeling_id, l.identificatie, l.versies, f.volledig
      FROM rm.locaties l
      CROSS JOIN LATERAL (SELECT ${vorm('l.noemer')} AS volledig OFFSET 0) f
     WHERE l.noemer IS NOT NULL AND l.geom IS NOT NULL
       AND lower(l.noemer) LIKE (SELECT grof FROM vraag)
       AND f.volledig LIKE (SELECT deel FROM vraag)),
  -- Materialized: inlined, the planner called versie_op once per locatie instead of per regeling.
  versie AS MATERIALIZED (
    SELECT k.regeling_id, rm.versie_op(k.regeling_id, $4::timestamptz, $5::date, $6::date, $7::date) AS volgnummer
      FROM (SELECT DISTINCT regeling_id FROM treffer) k),
  gevonden AS (
    SELECT * FROM gebied
    UNION ALL
    SELECT t.noemer, 'locatie', NULL, t.regeling_id, t.identificatie, t.versies, t.volledig, t.volledig
      FROM treffer t JOIN versie v ON v.regeling_id = t.regeling_id AND t.versies @> v.volgnummer),
  beste AS (
    SELECT f.*, CASE WHEN f.volledig = vraag.tekst OR f.kern = vraag.tekst THEN 0
                     WHEN f.volledig LIKE vraag.begin OR f.kern LIKE vraag.begin THEN 1
                     ELSE 2 END AS rang,
           array_position(ARRAY['gemeente', 'provincie', 'waterschap', 'locatie'], f.soort) AS soortvolgorde
      FROM gevonden f, vraag
     ORDER BY rang, length(f.kern), soortvolgorde, f.naam, f.code, f.regeling_id, f.identificatie
     LIMIT $3)
  SELECT b.naam, b.soort, b.code, b.regeling_id, b.identificatie,
         round(ST_XMin(d)::numeric, 6)::float8 AS min_lon, round(ST_YMin(d)::numeric, 6)::float8 AS min_lat,
         round(ST_XMax(d)::numeric, 6)::float8 AS max_lon, round(ST_YMax(d)::numeric, 6)::float8 AS max_lat,
         round(ST_X(c)::numeric, 6)::float8 AS lon, round(ST_Y(c)::numeric, 6)::float8 AS lat
    FROM beste b
    CROSS JOIN LATERAL (
      SELECT CASE WHEN b.soort = 'locatie'
               THEN (SELECT l.geom FROM rm.locaties l WHERE l.regeling_id = b.regeling_id AND l.identificatie = b.identificatie AND l.versies = b.versies LIMIT 1)
               ELSE (SELECT a.geom FROM rm.ambtsgebieden a WHERE a.code = b.code) END AS geom
      OFFSET 0) g  -- read once, not at each use
    -- The centroid when it lies in the place, else a point that does (a bent gemeente, a line).
    CROSS JOIN LATERAL (SELECT ST_Centroid(g.geom) AS z OFFSET 0) z
    CROSS JOIN LATERAL (
      SELECT Box2D(ST_Transform(g.geom, 4326)) AS d,
             ST_Transform(CASE WHEN ST_Intersects(g.geom, z.z) THEN z.z ELSE ST_PointOnSurface(g.geom) END, 4326) AS c) h
   ORDER BY b.rang, length(b.kern), b.soortvolgorde, b.naam, b.code, b.regeling_id, b.identificatie`;

interface PlaatsRij {
  naam: string;
  soort: Plaatssoort;
  code: string | null;
  regeling_id: string | null;
  identificatie: string | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  lon: number;
  lat: number;
}

function leesVraag(query: Record<string, unknown>): { tekst: string; limiet: number } {
  const fouten: InvalidParam[] = [];
  const q = query.q;
  const tekst = typeof q === 'string' ? q.normalize('NFC').trim() : '';
  const lengte = [...tekst].length;
  if (typeof q !== 'string' || lengte < MIN_TEKENS || lengte > MAX_TEKENS) {
    fouten.push({ name: 'q', code: 'length', reason: `Een tekst van ${MIN_TEKENS} tot en met ${MAX_TEKENS} tekens` });
  }
  let limiet = STANDAARD_LIMIET;
  const l = query.limit;
  if (l !== undefined) {
    limiet = Number(l);
    if (typeof l !== 'string' || !/^\d{1,3}$/.test(l) || limiet < 1 || limiet > MAX_LIMIET) {
      fouten.push({ name: 'limit', code: 'integer', reason: `Een geheel getal van 1 tot en met ${MAX_LIMIET}` });
    }
  }
  if (fouten.length > 0) throw new HttpProblem(400, 'ongeldige_parameters', 'De zoekvraag klopt niet.', fouten);
  return { tekst, limiet };
}

/** Finds places by name in our own data, for the viewer's search box (no geocoder, no network). */
export async function zoekPlaatsen(pool: pg.Pool, tekst: string, limiet: number, tijd: { beschikbaarOp: string; bekendOp: string; inWerkingOp: string; geldigOp: string }): Promise<Plaats[]> {
  const patroon = tekst.replace(/[\\%_]/g, (c) => `\\${c}`);
  const { rows } = await pool.query<PlaatsRij>({
    name: 'plaatsen',
    text: PLAATSEN_SQL,
    values: [tekst, patroon, limiet, tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp],
  });
  return rows.map((r) => ({
    naam: r.naam,
    soort: r.soort,
    ...(r.code !== null ? { code: r.code } : {}),
    ...(r.regeling_id !== null ? { regelingId: r.regeling_id, identificatie: r.identificatie! } : {}),
    bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    centrum: [r.lon, r.lat],
  }));
}

/** `GET /api/viewer/v1/plaatsen?q=…&limit=…`: the viewer's place search. */
export function plaatsenFeature(pool: pg.Pool): HttpFeature {
  const router = Router();

  router.get(`${BASIS}/plaatsen`, async (req, res) => {
    const { tekst, limiet } = leesVraag(req.query as Record<string, unknown>);
    const tijd = leesTijdreis(req);
    res.json({ plaatsen: await zoekPlaatsen(pool, tekst, limiet, tijd) });
  });

  return { router, openapi: plaatsenOpenApi };
}

const getal = { type: 'number' };
const plaatsenOpenApi = {
  paths: {
    [`${BASIS}/plaatsen`]: {
      get: {
        summary: 'Plaatsen op naam: gemeenten, provincies, waterschappen en benoemde locaties van regelingen',
        description:
          'Zoekt zonder onderscheid van hoofdletters en accenten. Eerst exacte namen, dan namen die met de tekst beginnen ("utr" vindt ook Gemeente Utrecht), dan namen die de tekst bevatten; binnen elk de kortste eerst. Locaties zijn die van de versie die geldt op de tijdparameters.',
        operationId: 'zoekPlaatsen',
        tags: ['Kaart'],
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: MIN_TEKENS, maxLength: MAX_TEKENS }, description: 'De naam of een deel ervan' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIET, default: STANDAARD_LIMIET } },
          ...['geldigOp', 'inWerkingOp', 'bekendOp'].map((name) => ({ name, in: 'query', schema: { type: 'string', format: 'date' }, description: 'Voor de locaties: de versie die dan geldt (standaard vandaag)' })),
          { name: 'beschikbaarOp', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Voor de locaties: zoals toen bekend (standaard nu)' },
        ],
        responses: {
          '200': {
            description: 'De beste plaatsen, hoogstens limit; geen treffers is een lege lijst',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['plaatsen'],
                  properties: {
                    plaatsen: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['naam', 'soort', 'bbox', 'centrum'],
                        properties: {
                          naam: { type: 'string' },
                          soort: { type: 'string', enum: ['gemeente', 'provincie', 'waterschap', 'locatie'] },
                          code: { type: 'string', description: 'Code van het bevoegd gezag (ambtsgebieden)' },
                          regelingId: { type: 'string', description: 'De regeling van een locatie' },
                          identificatie: { type: 'string', description: 'De identificatie van een locatie' },
                          bbox: { type: 'array', items: getal, minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat] in EPSG:4326' },
                          centrum: { type: 'array', items: getal, minItems: 2, maxItems: 2, description: '[lon, lat] in EPSG:4326, een punt binnen de plaats' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': problemResponse('q korter dan 2 of langer dan 100 tekens, of een ongeldige limit of tijdparameter'),
        },
      },
    },
  },
};
