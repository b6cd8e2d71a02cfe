import type pg from 'pg';
import type { TijdreisParameters } from '../http/tijdreis.ts';

/** The time axes as the pons and the deliveries read them: $2 beschikbaar, $3 bekend, $4 werkend, $5 geldig. */
const tijdwaarden = (t: TijdreisParameters) => [t.beschikbaarOp, t.bekendOp, t.inWerkingOp, t.geldigOp];

export interface PlanFilters {
  /** 'vigerend' and/or 'in procedure'. */
  procedure?: string[];
  bevoegdGezag?: string[];
}

/** A plan as the API shows it. */
export interface PlanRij {
  identificatie: string;
  naam: string;
  type_plan: string;
  planstatus: string;
  procedure: string;
  datum: string;
  bevoegd_gezag: string;
  objecten: number;
  beschikbaar_vanaf: Date;
}

const PLAN_KOLOMMEN = `p.identificatie, p.naam, p.type_plan, p.planstatus, p.procedure, to_char(p.datum, 'YYYY-MM-DD') AS datum, p.bevoegd_gezag, p.objecten, lower(p.beschikbaar) AS beschikbaar_vanaf`;

/**
 * The plannen that apply somewhere in the search geometry (RD New, GeoJSON) at the moment asked:
 * the delivery current then, without the pons of the gemeente's omgevingsplan in force then.
 * Each with its objects there (bestemmingen, aanduidingen, maatvoeringen), also outside the pons.
 */
export async function plannenOpLocatie(pool: pg.Pool, vraag: { geometrieRd: string; tijd: TijdreisParameters; filters: PlanFilters; page: number; size: number }) {
  const { rows } = await pool.query<PlanRij & { totaal: string; objecten_hier: { identificatie: string; type: string; naam: string; bestemmingshoofdgroep: string | null; artikelnummer: string | null; waarden: unknown[] }[] }>(
    `WITH zoek AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 28992) AS g),
     plan AS (
       SELECT p.*, rm.pons(p.bevoegd_gezag, ST_Envelope(zoek.g), $2::timestamptz, $3::date, $4::date, $5::date) AS pons
         FROM rm.bestemmingsplannen p, zoek
        WHERE p.geom && zoek.g AND ST_Intersects(p.geom, zoek.g) AND p.beschikbaar @> $2::timestamptz
          AND ($6::text[] IS NULL OR p.procedure = ANY ($6))
          AND ($7::text[] IS NULL OR p.bevoegd_gezag = ANY ($7))),
     -- What of the search geometry lies in the plan and outside the pons.
     hier AS (
       SELECT p.*, CASE WHEN p.pons IS NULL THEN d ELSE ST_Difference(d, p.pons) END AS rest
         FROM plan p, zoek CROSS JOIN LATERAL (SELECT ST_Intersection(p.geom, zoek.g) AS d) d)
     SELECT ${PLAN_KOLOMMEN}, count(*) OVER () AS totaal,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('identificatie', o.identificatie, 'type', o.type, 'naam', o.naam,
                       'bestemmingshoofdgroep', o.bestemmingshoofdgroep, 'artikelnummer', o.artikelnummer, 'waarden', o.waarden)
                     ORDER BY o.type, o.naam, o.identificatie), '[]')
               FROM rm.planobjecten o WHERE o.levering = p.levering AND o.geom && p.rest AND ST_Intersects(o.geom, p.rest)) AS objecten_hier
       FROM hier p
      WHERE NOT ST_IsEmpty(p.rest)
      ORDER BY p.datum DESC, p.identificatie
      LIMIT $8 OFFSET $9`,
    [vraag.geometrieRd, ...tijdwaarden(vraag.tijd), vraag.filters.procedure ?? null, vraag.filters.bevoegdGezag ?? null, vraag.size, (vraag.page - 1) * vraag.size],
  );
  return { totaal: Number(rows[0]?.totaal ?? 0), plannen: rows };
}

/**
 * One plan as delivered and current at the moment asked, with its bestemmingsvlakken (each
 * with the aanduidingen, maatvoeringen and figuren that lie in it) and the share of the plan
 * where an omgevingsplan is in force then. Geometries as GeoJSON in `crs`. Undefined: unknown
 * then.
 */
export async function planOp(pool: pg.Pool, identificatie: string, crs: number, tijd: TijdreisParameters) {
  const { rows } = await pool.query<PlanRij & { geometrie: unknown; geponst: number | null; bestemmingsvlakken: unknown[]; andere_objecten: unknown[] }>(
    `WITH plan AS (
       SELECT p.*, rm.pons(p.bevoegd_gezag, ST_Envelope(p.geom), $2::timestamptz, $3::date, $4::date, $5::date) AS pons
         FROM rm.bestemmingsplannen p WHERE p.identificatie = $1 AND p.beschikbaar @> $2::timestamptz),
     object AS (
       SELECT o.*, jsonb_build_object('identificatie', o.identificatie, 'type', o.type, 'naam', o.naam,
                'bestemmingshoofdgroep', o.bestemmingshoofdgroep, 'artikelnummer', o.artikelnummer, 'waarden', o.waarden,
                'geometrie', ST_AsGeoJSON(ST_Transform(o.geom, $6::int), 9)::jsonb) AS json
         FROM plan p JOIN rm.planobjecten o ON o.levering = p.levering)
     SELECT ${PLAN_KOLOMMEN},
            ST_AsGeoJSON(ST_Transform(p.geom, $6::int), 9)::jsonb AS geometrie,
            CASE WHEN p.pons IS NULL THEN 0 ELSE ST_Area(ST_Intersection(p.geom, p.pons)) / nullif(ST_Area(p.geom), 0) END AS geponst,
            (SELECT coalesce(jsonb_agg(v.json || jsonb_build_object('objecten',
                       (SELECT coalesce(jsonb_agg(a.json - 'geometrie' ORDER BY a.type, a.naam, a.identificatie), '[]') FROM object a WHERE v.identificatie = ANY (a.bestemmingsvlakken)))
                     ORDER BY v.type, v.naam, v.identificatie), '[]')
               FROM object v WHERE v.type IN ('Enkelbestemming', 'Dubbelbestemming')) AS bestemmingsvlakken,
            (SELECT coalesce(jsonb_agg(a.json ORDER BY a.type, a.naam, a.identificatie), '[]')
               FROM object a WHERE a.type NOT IN ('Enkelbestemming', 'Dubbelbestemming') AND cardinality(a.bestemmingsvlakken) = 0) AS andere_objecten
       FROM plan p`,
    [identificatie, ...tijdwaarden(tijd), crs],
  );
  return rows[0];
}
