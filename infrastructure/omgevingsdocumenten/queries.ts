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
export async function zoekgeometrieInRd(pool: pg.Pool, geometrie: unknown, crs: 28992 | 4326, naam = 'geo.geometrie'): Promise<string> {
  const type = (geometrie as { type?: unknown })?.type;
  if (typeof type !== 'string' || !ZOEKTYPES.includes(type)) {
    throw new HttpProblem(400, 'ongeldige_geometrie', `${naam} moet een GeoJSON-geometrie zijn (${ZOEKTYPES.join(', ')}); gekregen: ${JSON.stringify(type ?? null)}`, [
      { name: naam, code: 'geometry', reason: 'GeoJSON Point, LineString of Polygon (of Multi-)' },
    ]);
  }
  // A point in RD New, the common case of a click on the map, needs no database to check it.
  const c = (geometrie as { coordinates?: unknown }).coordinates;
  if (crs === 28992 && type === 'Point' && Array.isArray(c) && c.length === 2 && c.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const [x, y] = c as [number, number];
    if (x < RD_GRENZEN.minX || x > RD_GRENZEN.maxX || y < RD_GRENZEN.minY || y > RD_GRENZEN.maxY) throw buitenNederland(crs, naam);
    return JSON.stringify({ type: 'Point', coordinates: [x, y] });
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
      throw new HttpProblem(400, 'ongeldige_geometrie', `De geometrie kan niet worden gelezen: ${error.message}`, [{ name: naam, code: 'geometry', reason: error.message }]);
    }
    throw error;
  }
  if (row.punten > MAX_ZOEKPUNTEN) {
    throw new HttpProblem(400, 'geometrie_te_groot', `De zoekgeometrie heeft ${row.punten} punten; de grens is ${MAX_ZOEKPUNTEN}. Vereenvoudig haar.`, [
      { name: naam, code: 'maxPoints', reason: `hoogstens ${MAX_ZOEKPUNTEN} punten` },
    ]);
  }
  if (!row.geldig) {
    throw new HttpProblem(400, 'ongeldige_geometrie', `De geometrie is ongeldig: ${row.reden}. Een vlak mag zichzelf niet snijden.`, [{ name: naam, code: 'valid', reason: row.reden }]);
  }
  if (row.minx < RD_GRENZEN.minX || row.maxx > RD_GRENZEN.maxX || row.miny < RD_GRENZEN.minY || row.maxy > RD_GRENZEN.maxY) throw buitenNederland(crs, naam);
  return row.rd;
}

const buitenNederland = (crs: 28992 | 4326, naam: string) =>
  new HttpProblem(400, 'buiten_nederland', `De geometrie ligt (deels) buiten Nederland in ${crs === 4326 ? 'EPSG:4326' : 'EPSG:28992'}. Klopt de Content-Crs?`, [
    { name: naam, code: 'bounds', reason: 'binnen Nederland' },
  ]);

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
  volgnummer: number;
  instrumentversie: string;
  status: 'geldend' | 'ontwerp';
  regel: string;
  locaties: string[];
  bestuurslaag: string;
  citeertitel: string;
  documenttype: string;
  bevoegd_gezag: string;
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
  const { rows: treffers } = await pool.query<Treffer>({
    // Named, so each connection plans it once: planning this query took as long as running it.
    name: 'regels-op-locatie',
    text: `WITH RECURSIVE zoek AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 28992) AS g),
     -- Leaf locaties at the search geometry in any version: by their own geometry, or, for a
     -- locatie that is the Ambtsgebied, by the bevoegd gezag's area in the register.
     geraakt AS (
       SELECT l.regeling_id, l.identificatie, l.versies FROM rm.locaties l WHERE ST_Intersects(l.geom, (SELECT g FROM zoek))
       UNION ALL
       SELECT l.regeling_id, l.identificatie, l.versies
         FROM rm.ambtsgebieden a
         JOIN rm.regelingen r ON r.bevoegd_gezag = a.code
         JOIN rm.locaties l ON l.regeling_id = r.regeling_id AND l.type = 'Ambtsgebied'
        WHERE ST_Intersects(a.geom, (SELECT g FROM zoek))
     ),
     -- Per regeling hit: the version in force on the four axes, and ontwerpen that stand.
     versies AS (
       SELECT v.regeling_id, v.volgnummer, v.instrumentversie, 'geldend' AS status
         FROM (SELECT DISTINCT regeling_id FROM geraakt) k
         JOIN rm.regeling_versies v ON v.regeling_id = k.regeling_id
          AND v.volgnummer = rm.versie_op(k.regeling_id, $2::timestamptz, $3::date, $4::date, $5::date)
       UNION ALL
       SELECT o.regeling_id, o.volgnummer, o.instrumentversie, 'ontwerp' FROM rm.ontwerpen o
        WHERE $6 AND o.beschikbaar @> $2::timestamptz AND o.regeling_id IN (SELECT regeling_id FROM geraakt)
     ),
     -- The leaves in that version, and upward every groep that holds them (the werkingsgebieden).
     omvat(regeling_id, volgnummer, instrumentversie, status, locatie, via) AS (
       SELECT v.regeling_id, v.volgnummer, v.instrumentversie, v.status, g.identificatie, g.identificatie
         FROM versies v JOIN geraakt g ON g.regeling_id = v.regeling_id AND g.versies @> v.volgnummer
       UNION
       SELECT o.regeling_id, o.volgnummer, o.instrumentversie, o.status, o.locatie, g.identificatie
         FROM omvat o
         JOIN rm.groep_elementen ge ON ge.regeling_id = o.regeling_id AND ge.element = o.via
         JOIN rm.locaties g ON g.regeling_id = o.regeling_id AND g.identificatie = ge.groep AND lower(g.versies) = ge.van AND g.versies @> o.volgnummer
     )
     SELECT o.regeling_id, o.volgnummer, o.instrumentversie, o.status, j.identificatie AS regel,
            array_agg(DISTINCT o.locatie ORDER BY o.locatie) AS locaties, r.bestuurslaag, r.citeertitel, r.documenttype, r.bevoegd_gezag
       FROM omvat o
       JOIN rm.regelingen r ON r.regeling_id = o.regeling_id
       JOIN rm.regel_locaties rl ON rl.regeling_id = o.regeling_id AND rl.locatie = o.via
       JOIN rm.juridische_regels j ON j.regeling_id = o.regeling_id AND j.identificatie = rl.regel AND lower(j.versies) = rl.van AND j.versies @> o.volgnummer
      WHERE ($7::text[] IS NULL OR r.bestuurslaag = ANY ($7))
        AND ($8::text[] IS NULL OR r.documenttype = ANY ($8))
        AND ($9::text[] IS NULL OR j.type = ANY ($9))
        AND ($10::text[] IS NULL OR j.themas && $10)
        AND ($11::text[] IS NULL OR EXISTS (
              -- an activiteit filter also finds regels about its onderliggende activiteiten
              WITH RECURSIVE gekozen(id) AS (
                SELECT a.identificatie FROM rm.activiteiten a
                 WHERE a.regeling_id = o.regeling_id AND a.versies @> o.volgnummer AND (a.identificatie = ANY ($11) OR a.naam = ANY ($11))
                UNION
                SELECT a.identificatie FROM rm.activiteiten a JOIN gekozen g ON a.bovenliggende_activiteit = g.id
                 WHERE a.regeling_id = o.regeling_id AND a.versies @> o.volgnummer)
              SELECT 1 FROM jsonb_array_elements(j.activiteiten) x WHERE x->>'activiteit' IN (SELECT id FROM gekozen)))
      GROUP BY o.regeling_id, o.volgnummer, o.instrumentversie, o.status, j.identificatie, r.bestuurslaag, r.citeertitel, r.documenttype, r.bevoegd_gezag`,
    values: [vraag.geometrieRd, tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp, vraag.inclusiefOntwerp, filters.bestuurslaag ?? null, filters.documenttype ?? null, filters.regeltype ?? null, filters.thema ?? null, filters.activiteit ?? null],
  });

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
  const details = regels.length === 0 ? [] : (await pool.query({ name: 'regel-details', text: DETAILS_SQL, values: [regels.map((r) => r.regeling_id), regels.map((r) => r.volgnummer), regels.map((r) => r.regel)] })).rows;
  const perRegel = new Map(details.map(({ regeling_id, volgnummer, ...d }) => [`${regeling_id}|${volgnummer}|${d.identificatie}`, d]));

  return {
    totaal: volgorde.length,
    documenten: pagina.map((groep) => {
      const eerste = groep[0]!;
      return {
        regelingId: eerste.regeling_id,
        citeertitel: eerste.citeertitel,
        documenttype: eerste.documenttype,
        bevoegdGezag: { code: eerste.bevoegd_gezag, bestuurslaag: eerste.bestuurslaag },
        instrumentversie: eerste.instrumentversie,
        status: eerste.status,
        juridischeRegels: groep
          .sort((a, b) => a.regel.localeCompare(b.regel))
          .map((t) => ({ ...perRegel.get(`${t.regeling_id}|${t.volgnummer}|${t.regel}`), locatiesOpZoeklocatie: t.locaties })),
      };
    }),
  };
}

/** Regel details as JSON: regeltekst, activiteiten with kwalificatie, gebiedsaanwijzingen, normen. */
const DETAILS_SQL = `
  SELECT k.regeling_id, k.volgnummer, j.identificatie, j.type, j.themas, j.locaties,
         jsonb_build_object('wId', t.wid, 'soort', t.soort, 'nummer', t.nummer, 'opschrift', t.opschrift, 'tekst', t.tekst) AS regeltekst,
         coalesce((SELECT jsonb_agg(jsonb_build_object('identificatie', a.identificatie, 'naam', a.naam, 'groep', a.groep,
                                 'bovenliggendeActiviteit', a.bovenliggende_activiteit, 'kwalificatie', x->>'kwalificatie') ORDER BY a.naam)
                     FROM jsonb_array_elements(j.activiteiten) x
                     JOIN rm.activiteiten a ON a.regeling_id = k.regeling_id AND a.versies @> k.volgnummer AND a.identificatie = x->>'activiteit'), '[]') AS activiteiten,
         coalesce((SELECT jsonb_agg(jsonb_build_object('identificatie', g.identificatie, 'type', g.type, 'naam', g.naam, 'groep', g.groep) ORDER BY g.naam)
                     FROM rm.gebiedsaanwijzingen g
                    WHERE g.regeling_id = k.regeling_id AND g.versies @> k.volgnummer AND g.identificatie = ANY (j.gebiedsaanwijzingen)), '[]') AS gebiedsaanwijzingen,
         coalesce((SELECT jsonb_agg(jsonb_build_object('identificatie', n.identificatie, 'type', n.type, 'naam', n.naam, 'groep', n.groep,
                                 'eenheid', n.eenheid, 'normwaarden', n.normwaarden) ORDER BY n.naam)
                     FROM rm.normen n WHERE n.regeling_id = k.regeling_id AND n.versies @> k.volgnummer AND n.identificatie = ANY (j.normen)), '[]') AS normen
    FROM unnest($1::text[], $2::int[], $3::text[]) AS k(regeling_id, volgnummer, regel)
    JOIN rm.juridische_regels j ON j.regeling_id = k.regeling_id AND j.versies @> k.volgnummer AND j.identificatie = k.regel
    JOIN rm.regelteksten t ON t.regeling_id = k.regeling_id AND t.versies @> k.volgnummer AND t.wid = j.regeltekst`;

/** Regelingen with the version in force at the time parameters (null: not in force then). */
export async function zoekRegelingen(pool: pg.Pool, vraag: { tijd: TijdreisParameters; filters: Filters & { bevoegdGezag?: string[]; zoek?: string }; page: number; size: number }) {
  const { tijd, filters } = vraag;
  const { rows } = await pool.query(
    `SELECT r.regeling_id, r.bevoegd_gezag, r.bestuurslaag, r.documenttype, r.citeertitel,
            (SELECT v.instrumentversie FROM rm.regeling_versies v
              WHERE v.regeling_id = r.regeling_id AND v.volgnummer = rm.versie_op(r.regeling_id, $1::timestamptz, $2::date, $3::date, $4::date)) AS instrumentversie,
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

/** One regeling as it was at the time parameters: metadata, version, its regelteksten with regels, its kaarten and ponsen. */
export async function regelingOp(pool: pg.Pool, regelingId: string, tijd: TijdreisParameters) {
  const { rows } = await pool.query(
    `SELECT r.regeling_id, r.bevoegd_gezag, r.bestuurslaag, r.documenttype, r.citeertitel, v.instrumentversie, v.volgnummer
       FROM rm.regelingen r
       LEFT JOIN rm.regeling_versies v ON v.regeling_id = r.regeling_id
            AND v.volgnummer = rm.versie_op(r.regeling_id, $2::timestamptz, $3::date, $4::date, $5::date)
      WHERE r.regeling_id = $1 AND r.geregistreerd_op <= $2::timestamptz`,
    [regelingId, tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp],
  );
  const regeling = rows[0];
  if (!regeling) return undefined;
  const { rows: teksten } = regeling.instrumentversie
    ? await pool.query(
        `SELECT t.wid AS "wId", t.soort, t.nummer, t.opschrift, t.tekst, t.artikel,
                coalesce((SELECT jsonb_agg(j.identificatie ORDER BY j.identificatie) FROM rm.juridische_regels j
                           WHERE j.regeling_id = t.regeling_id AND j.versies @> $2::int AND j.regeltekst = t.wid), '[]') AS "juridischeRegels"
           FROM rm.regelteksten t WHERE t.regeling_id = $1 AND t.versies @> $2::int
          ORDER BY substring(t.nummer from '^[0-9]+')::int NULLS LAST, t.nummer, t.wid`,
        [regeling.regeling_id, regeling.volgnummer],
      )
    : { rows: [] };
  const { kaarten, ponsen } = regeling.instrumentversie ? await kaartenEnPonsen(pool, regeling.regeling_id, regeling.volgnummer) : { kaarten: [], ponsen: [] };
  return { ...regeling, regelteksten: teksten, kaarten, ponsen };
}

/** The kaarten (with their kaartlagen, lowest niveau first) and the ponsen of one version. */
async function kaartenEnPonsen(pool: pg.Pool, regelingId: string, volgnummer: number) {
  const [{ rows: kaarten }, { rows: ponsen }] = await Promise.all([
    pool.query(
      `SELECT k.identificatie, k.naam, k.nummer, k.uitsnede, k.regelteksten,
              (SELECT jsonb_agg(l ORDER BY (l->>'niveau')::int, l->>'identificatie') FROM jsonb_array_elements(k.kaartlagen) l) AS kaartlagen
         FROM rm.kaarten k WHERE k.regeling_id = $1 AND k.versies @> $2::int
        ORDER BY substring(k.nummer from '^[0-9]+')::int NULLS LAST, k.nummer, k.naam, k.identificatie`,
      [regelingId, volgnummer],
    ),
    pool.query(`SELECT p.identificatie, p.locaties FROM rm.ponsen p WHERE p.regeling_id = $1 AND p.versies @> $2::int ORDER BY p.identificatie`, [regelingId, volgnummer]),
  ]);
  return { kaarten, ponsen };
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
  const { rows: toestanden } = await pool.query(
    `SELECT instrumentversie, ontvangen_op AS "ontvangenOp", to_char(bekend_op, 'YYYY-MM-DD') AS "bekendOp",
            to_char(juridisch_werkend_vanaf, 'YYYY-MM-DD') AS "juridischWerkendVanaf", to_char(geldig_vanaf, 'YYYY-MM-DD') AS "geldigVanaf"
       FROM rm.toestanden WHERE regeling_id = $1
      ORDER BY ontvangen_op DESC, bekend_op DESC, juridisch_werkend_vanaf DESC, geldig_vanaf DESC`,
    [regelingId],
  );
  // Complete toestanden as STOP lists them: newest first; a null instrumentversie is not in force.
  return { gebeurtenissen, toestanden };
}

/** A locatie of the version in force, in the asked CRS; a groep as the union of its members. */
export async function locatieOp(pool: pg.Pool, identificatie: string, crs: number, tijd: TijdreisParameters) {
  const { rows } = await pool.query(
    `WITH RECURSIVE versie AS (
       SELECT v.regeling_id, v.volgnummer, v.instrumentversie
         FROM (SELECT DISTINCT regeling_id FROM rm.locaties WHERE identificatie = $1) k
         JOIN rm.regeling_versies v ON v.regeling_id = k.regeling_id
          AND v.volgnummer = rm.versie_op(k.regeling_id, $3::timestamptz, $4::date, $5::date, $6::date)
        LIMIT 1),
     leden(id) AS (
       SELECT $1::text
       UNION
       SELECT e FROM leden, versie v
         JOIN rm.locaties g ON g.regeling_id = v.regeling_id AND g.versies @> v.volgnummer
         CROSS JOIN LATERAL unnest(g.groepselementen) e
        WHERE g.identificatie = leden.id)
     SELECT v.instrumentversie, l0.type, l0.noemer,
            coalesce(
              (SELECT ST_AsGeoJSON(ST_Transform(ST_Union(l.geom), $2::int), CASE WHEN $2 = 4326 THEN 7 ELSE 3 END)::jsonb
                 FROM rm.locaties l WHERE l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer
                  AND l.identificatie IN (SELECT id FROM leden) AND l.geom IS NOT NULL),
              -- An Ambtsgebied is the bevoegd gezag's own area, from the register.
              (SELECT ST_AsGeoJSON(ST_Transform(a.geom, $2::int), CASE WHEN $2 = 4326 THEN 7 ELSE 3 END)::jsonb
                 FROM rm.regelingen r JOIN rm.ambtsgebieden a ON a.code = r.bevoegd_gezag
                WHERE r.regeling_id = v.regeling_id AND l0.type = 'Ambtsgebied')) AS geometrie
       FROM versie v
       JOIN rm.locaties l0 ON l0.regeling_id = v.regeling_id AND l0.versies @> v.volgnummer AND l0.identificatie = $1`,
    [identificatie, crs, tijd.beschikbaarOp, tijd.bekendOp, tijd.inWerkingOp, tijd.geldigOp],
  );
  return rows[0];
}
