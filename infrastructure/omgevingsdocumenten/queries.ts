import pg from 'pg';
import { RD_GRENZEN } from '../../domain/omgevingsdocumenten/inhoud.ts';
import type { TijdreisParameters } from '../http/tijdreis.ts';
import { HttpProblem } from '../http/problem.ts';

/** Vertices a search geometry may have. */
export const MAX_ZOEKPUNTEN = 10_000;

const ZOEKTYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'];

/**
 * Checks a GeoJSON search geometry with PostGIS and returns it in RD New (GeoJSON text).
 * Malformed, self-intersecting, too large or outside the Netherlands: a 400 with the reason.
 */
export async function zoekgeometrieInRd(pool: pg.Pool, geometrie: unknown, crs: 28992 | 4326): Promise<string> {
  const type = (geometrie as { type?: unknown })?.type;
  if (typeof type !== 'string' || !ZOEKTYPES.includes(type)) {
    throw new HttpProblem(400, 'ongeldige_geometrie', `geo.geometrie moet een GeoJSON-geometrie zijn (${ZOEKTYPES.join(', ')}); gekregen: ${JSON.stringify(type ?? null)}`, [
      { name: 'geo.geometrie', code: 'geometry', reason: 'GeoJSON Point, LineString of Polygon (of Multi-)' },
    ]);
  }
  let row: { geldig: boolean; reden: string; punten: number; rd: string; minx: number; miny: number; maxx: number; maxy: number };
  try {
    const { rows } = await pool.query(
      `SELECT ST_IsValid(g) AS geldig, ST_IsValidReason(g) AS reden, ST_NPoints(g) AS punten, ST_AsGeoJSON(r) AS rd,
              ST_XMin(r) AS minx, ST_YMin(r) AS miny, ST_XMax(r) AS maxx, ST_YMax(r) AS maxy
         FROM (SELECT g, ST_Transform(g, 28992) AS r FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), $2::int) AS g) a) b`,
      [JSON.stringify(geometrie), crs],
    );
    row = rows[0];
  } catch (error) {
    if (error instanceof pg.DatabaseError) {
      throw new HttpProblem(400, 'ongeldige_geometrie', `De geometrie kan niet worden gelezen: ${error.message}`, [{ name: 'geo.geometrie', code: 'geometry', reason: error.message }]);
    }
    throw error;
  }
  if (row.punten > MAX_ZOEKPUNTEN) {
    throw new HttpProblem(400, 'geometrie_te_groot', `De zoekgeometrie heeft ${row.punten} punten; de grens is ${MAX_ZOEKPUNTEN}. Vereenvoudig haar.`, [
      { name: 'geo.geometrie', code: 'maxPoints', reason: `hoogstens ${MAX_ZOEKPUNTEN} punten` },
    ]);
  }
  if (!row.geldig) {
    throw new HttpProblem(400, 'ongeldige_geometrie', `De geometrie is ongeldig: ${row.reden}. Een vlak mag zichzelf niet snijden.`, [{ name: 'geo.geometrie', code: 'valid', reason: row.reden }]);
  }
  if (row.minx < RD_GRENZEN.minX || row.maxx > RD_GRENZEN.maxX || row.miny < RD_GRENZEN.minY || row.maxy > RD_GRENZEN.maxY) {
    throw new HttpProblem(400, 'buiten_nederland', `De geometrie ligt (deels) buiten Nederland in ${crs === 4326 ? 'EPSG:4326' : 'EPSG:28992'}. Klopt de Content-Crs?`, [
      { name: 'geo.geometrie', code: 'bounds', reason: 'binnen Nederland' },
    ]);
  }
  return row.rd;
}

export interface Filters {
  bestuurslaag?: string[];
  documenttype?: string[];
  activiteit?: string[];
  thema?: string[];
  regeltype?: string[];
}

/** One juridische regel hit at the location, with the document it belongs to. */
interface Treffer {
  regeling_id: string;
  instrumentversie: string;
  status: 'geldend' | 'ontwerp';
  regel: string;
  locaties: string[];
  bestuurslaag: string;
  citeertitel: string;
}

const LAAG_VOLGORDE = ['rijk', 'provincie', 'waterschap', 'gemeente'];

/**
 * The juridische regels of every bevoegd gezag at a location on the four time axes, grouped
 * per document and paged over documents. Step 1 finds the hits (GiST on time boxes and
 * geometry); step 2 fetches the details of one page.
 */
export async function regelsOpLocatie(
  pool: pg.Pool,
  vraag: { geometrieRd: string; tijd: TijdreisParameters; inclusiefOntwerp: boolean; filters: Filters; page: number; size: number },
) {
  const { tijd, filters } = vraag;
  const { rows: treffers } = await pool.query<Treffer>(
    `WITH zoek AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 28992) AS g),
     versies AS (
       SELECT t.regeling_id, t.instrumentversie, 'geldend' AS status FROM rm.toestanden t
        WHERE t.beschikbaar @> $2::timestamptz AND t.bekend @> $3::date AND t.werkend @> $4::date AND t.geldig @> $5::date
          AND t.instrumentversie IS NOT NULL
       UNION ALL
       SELECT o.regeling_id, o.instrumentversie, 'ontwerp' FROM rm.ontwerpen o WHERE $6 AND o.beschikbaar @> $2::timestamptz
     ),
     -- Leaf locaties at the search geometry: by their own geometry, or, for a locatie that is
     -- the Ambtsgebied, by the bevoegd gezag's area in the register of bestuursgrenzen.
     geraakt AS (
       SELECT l.instrumentversie, l.identificatie FROM rm.locaties l WHERE ST_Intersects(l.geom, (SELECT g FROM zoek))
       UNION ALL
       SELECT l.instrumentversie, l.identificatie
         FROM rm.ambtsgebieden a
         JOIN rm.regelingen r ON r.bevoegd_gezag = a.code
         JOIN rm.regeling_versies rv ON rv.regeling_id = r.regeling_id
         JOIN rm.locaties l ON l.instrumentversie = rv.instrumentversie AND l.type = 'Ambtsgebied'
        WHERE ST_Intersects(a.geom, (SELECT g FROM zoek))
     )
     SELECT v.regeling_id, v.instrumentversie, v.status, rl.regel, array_agg(DISTINCT l.identificatie ORDER BY l.identificatie) AS locaties,
            r.bestuurslaag, r.citeertitel
       FROM versies v
       JOIN rm.regelingen r ON r.regeling_id = v.regeling_id
       JOIN geraakt l ON l.instrumentversie = v.instrumentversie
       JOIN rm.regel_locaties rl ON rl.instrumentversie = l.instrumentversie AND rl.locatie = l.identificatie
       JOIN rm.juridische_regels j ON j.instrumentversie = rl.instrumentversie AND j.identificatie = rl.regel
      WHERE ($7::text[] IS NULL OR r.bestuurslaag = ANY ($7))
        AND ($8::text[] IS NULL OR r.documenttype = ANY ($8))
        AND ($9::text[] IS NULL OR j.type = ANY ($9))
        AND ($10::text[] IS NULL OR j.themas && $10)
        AND ($11::text[] IS NULL OR EXISTS (
              -- an activiteit filter also finds regels about its onderliggende activiteiten
              WITH RECURSIVE gekozen(id) AS (
                SELECT a.identificatie FROM rm.activiteiten a
                 WHERE a.instrumentversie = v.instrumentversie AND (a.identificatie = ANY ($11) OR a.naam = ANY ($11))
                UNION
                SELECT a.identificatie FROM rm.activiteiten a JOIN gekozen g ON a.bovenliggende_activiteit = g.id
                 WHERE a.instrumentversie = v.instrumentversie)
              SELECT 1 FROM jsonb_array_elements(j.activiteiten) x WHERE x->>'activiteit' IN (SELECT id FROM gekozen)))
      GROUP BY v.regeling_id, v.instrumentversie, v.status, rl.regel, r.bestuurslaag, r.citeertitel`,
    [vraag.geometrieRd, tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp, vraag.inclusiefOntwerp, filters.bestuurslaag ?? null, filters.documenttype ?? null, filters.regeltype ?? null, filters.thema ?? null, filters.activiteit ?? null],
  );

  // Documents in a stable order: Rijk first, gemeente last, then by title; geldend before ontwerp.
  const documenten = new Map<string, Treffer[]>();
  for (const t of treffers) documenten.set(t.instrumentversie, [...(documenten.get(t.instrumentversie) ?? []), t]);
  const volgorde = [...documenten.values()].sort(
    (a, b) =>
      LAAG_VOLGORDE.indexOf(a[0]!.bestuurslaag) - LAAG_VOLGORDE.indexOf(b[0]!.bestuurslaag) ||
      a[0]!.citeertitel.localeCompare(b[0]!.citeertitel, 'nl') ||
      a[0]!.status.localeCompare(b[0]!.status),
  );
  const pagina = volgorde.slice((vraag.page - 1) * vraag.size, vraag.page * vraag.size);
  const regels = pagina.flat();
  const details = regels.length === 0 ? [] : (await pool.query(DETAILS_SQL, [regels.map((r) => r.instrumentversie), regels.map((r) => r.regel)])).rows;
  const perRegel = new Map(details.map((d) => [`${d.instrumentversie}|${d.identificatie}`, d]));

  return {
    totaal: volgorde.length,
    documenten: pagina.map((groep) => {
      const eerste = groep[0]!;
      return {
        regelingId: eerste.regeling_id,
        instrumentversie: eerste.instrumentversie,
        status: eerste.status,
        juridischeRegels: groep
          .sort((a, b) => a.regel.localeCompare(b.regel))
          .map((t) => ({ ...perRegel.get(`${t.instrumentversie}|${t.regel}`), locatiesOpZoeklocatie: t.locaties })),
      };
    }),
  };
}

/** Regel details as JSON: regeltekst, activiteiten with kwalificatie, gebiedsaanwijzingen, normen. */
const DETAILS_SQL = `
  SELECT j.instrumentversie, j.identificatie, j.type, j.themas,
         jsonb_build_object('wId', t.wid, 'soort', t.soort, 'nummer', t.nummer, 'opschrift', t.opschrift, 'tekst', t.tekst) AS regeltekst,
         coalesce((SELECT jsonb_agg(jsonb_build_object('identificatie', a.identificatie, 'naam', a.naam, 'groep', a.groep,
                                 'bovenliggendeActiviteit', a.bovenliggende_activiteit, 'kwalificatie', x->>'kwalificatie') ORDER BY a.naam)
                     FROM jsonb_array_elements(j.activiteiten) x
                     JOIN rm.activiteiten a ON a.instrumentversie = j.instrumentversie AND a.identificatie = x->>'activiteit'), '[]') AS activiteiten,
         coalesce((SELECT jsonb_agg(jsonb_build_object('identificatie', g.identificatie, 'type', g.type, 'naam', g.naam, 'groep', g.groep) ORDER BY g.naam)
                     FROM rm.gebiedsaanwijzingen g WHERE g.instrumentversie = j.instrumentversie AND g.identificatie = ANY (j.gebiedsaanwijzingen)), '[]') AS gebiedsaanwijzingen,
         coalesce((SELECT jsonb_agg(jsonb_build_object('identificatie', n.identificatie, 'type', n.type, 'naam', n.naam, 'groep', n.groep,
                                 'eenheid', n.eenheid, 'normwaarden', n.normwaarden) ORDER BY n.naam)
                     FROM rm.normen n WHERE n.instrumentversie = j.instrumentversie AND n.identificatie = ANY (j.normen)), '[]') AS normen
    FROM unnest($1::text[], $2::text[]) AS k(versie, regel)
    JOIN rm.juridische_regels j ON j.instrumentversie = k.versie AND j.identificatie = k.regel
    JOIN rm.regelteksten t ON t.instrumentversie = j.instrumentversie AND t.wid = j.regeltekst`;

/** Regelingen with the version in force at the time parameters (null: not in force then). */
export async function zoekRegelingen(pool: pg.Pool, vraag: { tijd: TijdreisParameters; filters: Filters & { bevoegdGezag?: string[]; zoek?: string }; page: number; size: number }) {
  const { tijd, filters } = vraag;
  const { rows } = await pool.query(
    `SELECT r.regeling_id, r.bevoegd_gezag, r.bestuurslaag, r.documenttype, r.citeertitel,
            (SELECT t.instrumentversie FROM rm.toestanden t
              WHERE t.regeling_id = r.regeling_id AND t.beschikbaar @> $1::timestamptz AND t.bekend @> $2::date
                AND t.werkend @> $3::date AND t.geldig @> $4::date) AS instrumentversie,
            count(*) OVER () AS totaal
       FROM rm.regelingen r
      WHERE r.geregistreerd_op <= $1::timestamptz
        AND ($5::text[] IS NULL OR r.bestuurslaag = ANY ($5))
        AND ($6::text[] IS NULL OR r.documenttype = ANY ($6))
        AND ($7::text[] IS NULL OR r.bevoegd_gezag = ANY ($7))
        AND ($8::text IS NULL OR r.citeertitel ILIKE '%' || $8 || '%')
      ORDER BY array_position(ARRAY['rijk','provincie','waterschap','gemeente'], r.bestuurslaag), r.citeertitel, r.regeling_id
      LIMIT $9 OFFSET $10`,
    [tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp, filters.bestuurslaag ?? null, filters.documenttype ?? null, filters.bevoegdGezag ?? null, filters.zoek ?? null, vraag.size, (vraag.page - 1) * vraag.size],
  );
  return { totaal: Number(rows[0]?.totaal ?? 0), regelingen: rows.map(({ totaal: _, ...r }) => r) };
}

/** One regeling as it was at the time parameters: metadata, version, and its regelteksten with regels. */
export async function regelingOp(pool: pg.Pool, regelingId: string, tijd: TijdreisParameters) {
  const { rows } = await pool.query(
    `SELECT r.regeling_id, r.bevoegd_gezag, r.bestuurslaag, r.documenttype, r.citeertitel, t.instrumentversie
       FROM rm.regelingen r
       LEFT JOIN rm.toestanden t ON t.regeling_id = r.regeling_id AND t.beschikbaar @> $2::timestamptz AND t.bekend @> $3::date
            AND t.werkend @> $4::date AND t.geldig @> $5::date
      WHERE r.regeling_id = $1 AND r.geregistreerd_op <= $2::timestamptz`,
    [regelingId, tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp],
  );
  const regeling = rows[0];
  if (!regeling) return undefined;
  const { rows: teksten } = regeling.instrumentversie
    ? await pool.query(
        `SELECT t.wid AS "wId", t.soort, t.nummer, t.opschrift, t.tekst, t.artikel,
                coalesce((SELECT jsonb_agg(j.identificatie ORDER BY j.identificatie) FROM rm.juridische_regels j
                           WHERE j.instrumentversie = t.instrumentversie AND j.regeltekst = t.wid), '[]') AS "juridischeRegels"
           FROM rm.regelteksten t WHERE t.instrumentversie = $1
          ORDER BY substring(t.nummer from '^[0-9]+')::int NULLS LAST, t.nummer, t.wid`,
        [regeling.instrumentversie],
      )
    : { rows: [] };
  return { ...regeling, regelteksten: teksten };
}

/** The full history of a regeling: every besluit, rectificatie, inwerkingtreding, intrekking and vernietiging, with its times. */
export async function regelingGeschiedenis(pool: pg.Pool, regelingId: string) {
  const { rows: bestaat } = await pool.query('SELECT 1 FROM rm.regelingen WHERE regeling_id = $1', [regelingId]);
  if (bestaat.length === 0) return undefined;
  const { rows: gebeurtenissen } = await pool.query(
    `SELECT type, doel, instrumentversie, to_char(bekend_op, 'YYYY-MM-DD') AS "bekendOp", ontvangen_op AS "ontvangenOp",
            to_char(juridisch_werkend_vanaf, 'YYYY-MM-DD') AS "juridischWerkendVanaf", to_char(geldig_vanaf, 'YYYY-MM-DD') AS "geldigVanaf"
       FROM rm.regeling_gebeurtenissen WHERE regeling_id = $1 ORDER BY global_position`,
    [regelingId],
  );
  const { rows: vakken } = await pool.query(
    `SELECT instrumentversie, lower(beschikbaar) AS "beschikbaarVanaf", upper(beschikbaar) AS "beschikbaarTot",
            to_char(lower(bekend), 'YYYY-MM-DD') AS "bekendVanaf", to_char(upper(bekend), 'YYYY-MM-DD') AS "bekendTot",
            to_char(lower(werkend), 'YYYY-MM-DD') AS "werkendVanaf", to_char(upper(werkend), 'YYYY-MM-DD') AS "werkendTot",
            to_char(lower(geldig), 'YYYY-MM-DD') AS "geldigVanaf", to_char(upper(geldig), 'YYYY-MM-DD') AS "geldigTot"
       FROM rm.toestanden WHERE regeling_id = $1 ORDER BY lower(beschikbaar), lower(bekend), lower(werkend), lower(geldig)`,
    [regelingId],
  );
  return { gebeurtenissen, tijdvakken: vakken };
}

/** A locatie of the version in force, in the asked CRS; a groep as the union of its members. */
export async function locatieOp(pool: pg.Pool, identificatie: string, crs: number, tijd: TijdreisParameters) {
  const { rows } = await pool.query(
    `WITH RECURSIVE versie AS (
       SELECT l.instrumentversie, l.type, l.noemer FROM rm.locaties l
         JOIN rm.toestanden t ON t.instrumentversie = l.instrumentversie
        WHERE l.identificatie = $1 AND t.beschikbaar @> $3::timestamptz AND t.bekend @> $4::date AND t.werkend @> $5::date AND t.geldig @> $6::date
        LIMIT 1),
     leden(id) AS (
       SELECT $1::text
       UNION
       SELECT e FROM leden JOIN rm.locaties g ON g.instrumentversie = (SELECT instrumentversie FROM versie) AND g.identificatie = leden.id, unnest(g.groepselementen) e)
     SELECT v.instrumentversie, v.type, v.noemer,
            ST_AsGeoJSON(ST_Transform(ST_Union(l.geom), $2::int), CASE WHEN $2 = 4326 THEN 7 ELSE 3 END)::jsonb AS geometrie
       FROM versie v
       LEFT JOIN rm.locaties l ON l.instrumentversie = v.instrumentversie AND l.identificatie IN (SELECT id FROM leden) AND l.geom IS NOT NULL
      GROUP BY v.instrumentversie, v.type, v.noemer`,
    [identificatie, crs, tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp],
  );
  return rows[0];
}
