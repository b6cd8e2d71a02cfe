import { sql, type Kysely } from 'kysely';

/**
 * Vector tiles, made by PostGIS: one function per layer with martin's function-source signature
 * `tiles.<layer>(z, x, y, query_params json) RETURNS bytea`, so martin or pg_tileserv can serve
 * them unchanged. A JSON comment on each holds its TileJSON `vector_layers`.
 *
 * `query_params` (strings, as martin passes them, or JSON values): `geldigOp`, `inWerkingOp`,
 * `bekendOp` (dates; default today in Amsterdam), `beschikbaarOp` (date-time; default now),
 * `inclusiefOntwerp` (boolean), and the filters `bestuurslaag`, `documenttype`, `activiteit`
 * (a JSON array or a comma-separated list; `activiteit` also finds onderliggende activiteiten).
 *
 * How a tile is made:
 *  1. Leaf locaties whose box meets the tile (GiST on `geom_3857`, `&&`), at most
 *     `tiles.max_locaties()` of them; a locatie that is the Ambtsgebied takes the bevoegd
 *     gezag's area from the register.
 *  2. Per regeling met, the version in force on the four time axes (`rm.versie_op`), and the
 *     ontwerpen that stand when asked; leaves not in those versions drop out.
 *  3. From each leaf up through the groepen that hold it (`rm.groep_elementen`), so a layer can
 *     join what names the leaf or one of its groepen.
 *  4. Polygons smaller than a cell of two screen pixels (1/128 of the tile) become that cell,
 *     one locatie per cell and version standing for the others in it: a dense regeling still
 *     shows where it applies when zoomed out, and a tile's size and cost are bounded by its
 *     cells, not by the locaties in it. A cell has no activiteiten of its own.
 *  5. One feature per leaf (and per pixel), as martin serves rows: merging features with equal
 *     properties would make multipolygons whose parts overlap, which GDAL rejects as invalid.
 *     Below z12 simplified to half a screen pixel, clipped with a 64-unit buffer; at most
 *     `tiles.max_features()` per tile.
 *
 * The layer functions are PL/pgSQL so that each connection plans their query once: as SQL
 * functions they were planned on every call (38 ms, more than a small tile takes to make).
 * work_mem 32MB keeps their sorts, which carry geometries, in memory.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE FUNCTION tiles.max_locaties() RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 250000';
    CREATE FUNCTION tiles.max_features() RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 10000';

    -- A list parameter: a JSON array, or a comma-separated string (martin passes strings). NULL: no filter.
    CREATE FUNCTION tiles.lijst(p json, naam text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
      SELECT CASE json_typeof(p -> naam)
        WHEN 'array' THEN ARRAY(SELECT json_array_elements_text(p -> naam))
        WHEN 'string' THEN ARRAY(SELECT btrim(s) FROM unnest(string_to_array(p ->> naam, ',')) s WHERE btrim(s) <> '')
      END
    $fn$;

    -- The leaf locaties of a tile in the versions asked, each with itself and every groep that
    -- holds it (via). geom: Web Mercator, or for a polygon smaller than a pixel that pixel (cel set).
    CREATE FUNCTION tiles.bladeren(z integer, x integer, y integer, query_params json)
    RETURNS TABLE (regeling_id text, bevoegd_gezag text, bestuurslaag text, documenttype text, volgnummer int,
                   status text, identificatie text, via text, cel text, geom geometry)
    LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      WITH
      vraag AS (
        SELECT coalesce((query_params ->> 'beschikbaarOp')::timestamptz, now()) AS beschikbaar,
               coalesce((query_params ->> 'bekendOp')::date, vandaag) AS bekend,
               coalesce((query_params ->> 'inWerkingOp')::date, vandaag) AS werkend,
               coalesce((query_params ->> 'geldigOp')::date, vandaag) AS geldig,
               coalesce((query_params ->> 'inclusiefOntwerp')::boolean, false) AS ontwerp,
               tiles.lijst(query_params, 'bestuurslaag') AS lagen,
               tiles.lijst(query_params, 'documenttype') AS typen,
               tiles.lijst(query_params, 'activiteit') AS activiteit
          FROM (SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date AS vandaag) d),
      vak AS (
        SELECT e, ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * 64 / 4096) AS buffer, (ST_XMax(e) - ST_XMin(e)) / 128 AS pixel
          FROM (SELECT ST_TileEnvelope(z, x, y) AS e) t),
      kandidaat AS (
        SELECT k.* FROM (
          SELECT l.regeling_id, l.identificatie, l.type, l.versies, l.geom_3857 AS geom FROM rm.locaties l, vak WHERE l.geom_3857 && vak.buffer
          UNION ALL
          SELECT l.regeling_id, l.identificatie, l.type, l.versies, a.geom_3857
            FROM rm.ambtsgebieden a
            JOIN rm.regelingen r ON r.bevoegd_gezag = a.code
            JOIN rm.locaties l ON l.regeling_id = r.regeling_id AND l.type = 'Ambtsgebied', vak
           WHERE a.geom_3857 && vak.buffer) k
         LIMIT tiles.max_locaties()),
      regeling AS (
        SELECT r.* FROM rm.regelingen r, vraag
         WHERE r.regeling_id IN (SELECT k.regeling_id FROM kandidaat k)
           AND (vraag.lagen IS NULL OR r.bestuurslaag = ANY (vraag.lagen))
           AND (vraag.typen IS NULL OR r.documenttype = ANY (vraag.typen))),
      versie AS (
        SELECT r.regeling_id, rm.versie_op(r.regeling_id, vraag.beschikbaar, vraag.bekend, vraag.werkend, vraag.geldig) AS volgnummer, 'geldend' AS status
          FROM regeling r, vraag
        UNION ALL
        SELECT o.regeling_id, o.volgnummer, 'ontwerp' FROM rm.ontwerpen o, vraag
         WHERE vraag.ontwerp AND o.beschikbaar @> vraag.beschikbaar AND o.regeling_id IN (SELECT r.regeling_id FROM regeling r)),
      -- Each geometry is read once, for its box: every ST_XMin(geom) would read it again.
      geplaatst AS (
        SELECT k.regeling_id, v.volgnummer, v.status, k.identificatie,
               CASE WHEN klein THEN NULL ELSE k.geom END AS geom,
               CASE WHEN klein THEN floor((ST_XMin(d) + ST_XMax(d)) / 2 / vak.pixel)::int END AS cx,
               CASE WHEN klein THEN floor((ST_YMin(d) + ST_YMax(d)) / 2 / vak.pixel)::int END AS cy
          FROM kandidaat k
          JOIN versie v ON v.regeling_id = k.regeling_id AND k.versies @> v.volgnummer
          CROSS JOIN vak
          CROSS JOIN LATERAL (SELECT Box2D(k.geom) AS d OFFSET 0) d  -- OFFSET 0: made once, not at each use
          CROSS JOIN LATERAL (SELECT k.type IN ('Gebied', 'Ambtsgebied') AND ST_XMax(d) - ST_XMin(d) < vak.pixel AND ST_YMax(d) - ST_YMin(d) < vak.pixel AS klein) s),
      -- One locatie per cell and version stands for the others in it: climbing to what names
      -- them costs per locatie, and a dense regeling has hundreds of thousands in a low-zoom
      -- tile. An activiteit filter needs every locatie's regels, so then all stay. The cell's
      -- square is made after this, for the few that remain.
      blad AS (
        SELECT DISTINCT ON (g.regeling_id, g.volgnummer, g.status, per_cel.cx, per_cel.cy, per_cel.id)
               g.regeling_id, g.volgnummer, g.status, g.identificatie, g.cx, g.cy, g.geom
          FROM geplaatst g, vraag
          CROSS JOIN LATERAL (SELECT vraag.activiteit IS NULL AND g.cx IS NOT NULL AS samen) c
          CROSS JOIN LATERAL (SELECT CASE WHEN c.samen THEN g.cx END AS cx, CASE WHEN c.samen THEN g.cy END AS cy,
                                     CASE WHEN c.samen THEN NULL ELSE g.identificatie END AS id) per_cel),
      -- Per leaf, itself and every groep that holds it in its version. The leaf's columns travel
      -- along: joining back to the leaves is estimated at one row and planned as a nested loop.
      omhoog AS (
        WITH RECURSIVE o(regeling_id, volgnummer, status, identificatie, cel, geom, via) AS (
          SELECT b.regeling_id, b.volgnummer, b.status, b.identificatie, b.cx || ',' || b.cy,
                 coalesce(b.geom, ST_MakeEnvelope(b.cx * vak.pixel, b.cy * vak.pixel, (b.cx + 1) * vak.pixel, (b.cy + 1) * vak.pixel, 3857)), b.identificatie
            FROM blad b, vak
          UNION ALL
          SELECT o.regeling_id, o.volgnummer, o.status, o.identificatie, o.cel, o.geom, g.identificatie
            FROM o
            JOIN rm.groep_elementen ge ON ge.regeling_id = o.regeling_id AND ge.element = o.via
            JOIN rm.locaties g ON g.regeling_id = o.regeling_id AND g.identificatie = ge.groep AND lower(g.versies) = ge.van AND g.versies @> o.volgnummer)
        SELECT * FROM o)
      SELECT o.regeling_id, r.bevoegd_gezag, r.bestuurslaag, r.documenttype, o.volgnummer, o.status, o.identificatie, o.via, o.cel, o.geom
        FROM omhoog o JOIN regeling r ON r.regeling_id = o.regeling_id
    $fn$;

    -- A feature's geometry in tile units, clipped with a buffer of 64 units. Below zoom 12
    -- simplified to half a screen pixel (8 units): detail no one sees, which made a z10 tile
    -- of the national history over 500 KB.
    CREATE FUNCTION tiles.mvt_geom(geom geometry, z integer, x integer, y integer) RETURNS geometry
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
      SELECT ST_AsMVTGeom(
               CASE WHEN z < 12 THEN ST_Simplify(geom, (ST_XMax(e) - ST_XMin(e)) / 512, true) ELSE geom END,
               e, 4096, 64, true)
        FROM (SELECT ST_TileEnvelope(z, x, y) AS e) t
    $fn$;

    CREATE FUNCTION tiles.werkingsgebieden(z integer, x integer, y integer, query_params json) RETURNS bytea
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET work_mem = '32MB' AS $fn$
    DECLARE tegel bytea;
    BEGIN
        WITH RECURSIVE
        b AS (SELECT * FROM tiles.bladeren(z, x, y, query_params)),
        -- An activiteit filter takes the asked activiteiten (by id or naam) and those below them.
        gekozen(regeling_id, volgnummer, id) AS (
          SELECT a.regeling_id, v.volgnummer, a.identificatie
            FROM (SELECT DISTINCT regeling_id, volgnummer FROM b) v
            JOIN rm.activiteiten a ON a.regeling_id = v.regeling_id AND a.versies @> v.volgnummer
           WHERE tiles.lijst(query_params, 'activiteit') IS NOT NULL  -- no filter: no activiteiten to read
             AND (a.identificatie = ANY (tiles.lijst(query_params, 'activiteit')) OR a.naam = ANY (tiles.lijst(query_params, 'activiteit')))
          UNION
          SELECT a.regeling_id, g.volgnummer, a.identificatie
            FROM gekozen g JOIN rm.activiteiten a ON a.regeling_id = g.regeling_id AND a.versies @> g.volgnummer AND a.bovenliggende_activiteit = g.id),
        -- Per leaf: the activiteiten of the regels that name it or a groep that holds it.
        blad AS (
          SELECT b.regeling_id, b.bevoegd_gezag, b.bestuurslaag, b.documenttype, b.status, b.identificatie, b.cel, (array_agg(b.geom))[1] AS geom,
                 -- a pixel cell stands for several locaties: it has no activiteiten of its own
                 CASE WHEN b.cel IS NULL THEN string_agg(DISTINCT ja ->> 'activiteit', ',' ORDER BY ja ->> 'activiteit') END AS activiteiten
            FROM b
            JOIN rm.regel_locaties rl ON rl.regeling_id = b.regeling_id AND rl.locatie = b.via
            JOIN rm.juridische_regels j ON j.regeling_id = b.regeling_id AND j.identificatie = rl.regel AND lower(j.versies) = rl.van AND j.versies @> b.volgnummer
            LEFT JOIN LATERAL jsonb_array_elements(j.activiteiten) ja ON true
           GROUP BY b.regeling_id, b.bevoegd_gezag, b.bestuurslaag, b.documenttype, b.status, b.identificatie, b.cel, b.volgnummer
          HAVING tiles.lijst(query_params, 'activiteit') IS NULL
              OR bool_or(ja ->> 'activiteit' IN (SELECT g.id FROM gekozen g WHERE g.regeling_id = b.regeling_id AND g.volgnummer = b.volgnummer))),
        uniek AS (
          SELECT DISTINCT ON (regeling_id, status, activiteiten, coalesce(cel, identificatie)) * FROM blad),
        feature AS (
          SELECT regeling_id AS "regelingId", bevoegd_gezag AS "bevoegdGezag", bestuurslaag, documenttype, status, activiteiten,
                 tiles.mvt_geom(geom, z, x, y) AS geom
            FROM uniek
           LIMIT tiles.max_features())
        SELECT coalesce((SELECT ST_AsMVT(feature, 'werkingsgebieden', 4096, 'geom') FROM feature WHERE geom IS NOT NULL), '') INTO tegel;
      RETURN tegel;
    END
    $fn$;

    CREATE FUNCTION tiles.gebiedsaanwijzingen(z integer, x integer, y integer, query_params json) RETURNS bytea
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET work_mem = '32MB' AS $fn$
    DECLARE tegel bytea;
    BEGIN
        WITH
        b AS (SELECT * FROM tiles.bladeren(z, x, y, query_params)),
        aanwijzing AS (
          SELECT v.regeling_id, v.volgnummer, g.identificatie, g.type, g.naam, g.groep, unnest(g.locaties) AS locatie
            FROM (SELECT DISTINCT regeling_id, volgnummer FROM b) v
            JOIN rm.gebiedsaanwijzingen g ON g.regeling_id = v.regeling_id AND g.versies @> v.volgnummer),
        uniek AS (
          SELECT DISTINCT ON (b.regeling_id, b.status, a.identificatie, coalesce(b.cel, b.identificatie)) b.*, a.identificatie AS aanwijzing, a.type, a.naam, a.groep
            FROM b JOIN aanwijzing a ON a.regeling_id = b.regeling_id AND a.volgnummer = b.volgnummer AND a.locatie = b.via),
        feature AS (
          SELECT aanwijzing AS identificatie, type, naam, groep, regeling_id AS "regelingId", bevoegd_gezag AS "bevoegdGezag", bestuurslaag, documenttype, status,
                 tiles.mvt_geom(geom, z, x, y) AS geom
            FROM uniek
           LIMIT tiles.max_features())
        SELECT coalesce((SELECT ST_AsMVT(feature, 'gebiedsaanwijzingen', 4096, 'geom') FROM feature WHERE geom IS NOT NULL), '') INTO tegel;
      RETURN tegel;
    END
    $fn$;

    CREATE FUNCTION tiles.omgevingsnormen(z integer, x integer, y integer, query_params json) RETURNS bytea
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET work_mem = '32MB' AS $fn$
    DECLARE tegel bytea;
    BEGIN
        WITH
        b AS (SELECT * FROM tiles.bladeren(z, x, y, query_params)),
        normwaarde AS (
          SELECT v.regeling_id, v.volgnummer, n.identificatie, n.type, n.naam, n.groep, n.eenheid, w -> 'waarde' AS waarde, l AS locatie
            FROM (SELECT DISTINCT regeling_id, volgnummer FROM b) v
            JOIN rm.normen n ON n.regeling_id = v.regeling_id AND n.versies @> v.volgnummer
            CROSS JOIN LATERAL jsonb_array_elements(n.normwaarden) w
            CROSS JOIN LATERAL jsonb_array_elements_text(w -> 'locaties') l),
        uniek AS (
          SELECT DISTINCT ON (b.regeling_id, b.status, n.identificatie, n.waarde, coalesce(b.cel, b.identificatie))
                 b.*, n.identificatie AS norm, n.type, n.naam, n.groep, n.eenheid, n.waarde
            FROM b JOIN normwaarde n ON n.regeling_id = b.regeling_id AND n.volgnummer = b.volgnummer AND n.locatie = b.via),
        feature AS (
          SELECT norm AS identificatie, type, naam, groep, eenheid, waarde #>> '{}' AS waarde,
                 CASE WHEN jsonb_typeof(waarde) = 'number' THEN (waarde #>> '{}')::float8 END AS "waardeGetal",
                 regeling_id AS "regelingId", bevoegd_gezag AS "bevoegdGezag", bestuurslaag, documenttype, status,
                 tiles.mvt_geom(geom, z, x, y) AS geom
            FROM uniek
           LIMIT tiles.max_features())
        SELECT coalesce((SELECT ST_AsMVT(feature, 'omgevingsnormen', 4096, 'geom') FROM feature WHERE geom IS NOT NULL), '') INTO tegel;
      RETURN tegel;
    END
    $fn$;
  `).execute(db);

  // TileJSON vector_layers per function (martin reads these comments).
  const velden = { regelingId: 'String', bevoegdGezag: 'String', bestuurslaag: 'String', documenttype: 'String', status: 'String' };
  const lagen: Record<string, { description: string; fields: Record<string, string> }> = {
    werkingsgebieden: {
      description: 'Werkingsgebieden van juridische regels: de locaties van de regels, met de activiteiten van de regels die er gelden',
      fields: { ...velden, activiteiten: 'String' },
    },
    gebiedsaanwijzingen: {
      description: 'Gebiedsaanwijzingen (functie, beperkingengebied, …) met hun locaties',
      fields: { identificatie: 'String', type: 'String', naam: 'String', groep: 'String', ...velden },
    },
    omgevingsnormen: {
      description: 'Omgevingsnormen en -waarden: de locaties met de waarde die er geldt',
      fields: { identificatie: 'String', type: 'String', naam: 'String', groep: 'String', eenheid: 'String', waarde: 'String', waardeGetal: 'Number', ...velden },
    },
  };
  for (const [id, laag] of Object.entries(lagen)) {
    const comment = JSON.stringify({ description: laag.description, vector_layers: [{ id, ...laag, minzoom: 0, maxzoom: 22 }] });
    await sql.raw(`COMMENT ON FUNCTION tiles.${id}(integer, integer, integer, json) IS ${quote(comment)}`).execute(db);
  }
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
