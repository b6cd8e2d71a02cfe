import { sql, type Kysely } from 'kysely';

/**
 * What the viewer needs of the tiles:
 *
 *  - `tiles.bestuursgrenzen`: the outlines of the ambtsgebieden (gemeenten, provincies,
 *    waterschappen, Rijk) as lines, the viewer's base map when it has no network. Below zoom 7
 *    only provincies and the Rijk, so the tiles of the whole country stay small.
 *  - `thema` and `regeltype` for `tiles.werkingsgebieden`, filters on the juridische regels as
 *    the regels op de locatie query has them: a locatie stays when one regel that names it (or
 *    a groep that holds it) passes every filter given, `activiteit` included.
 *    `tiles.bladeren` keeps every locatie under these filters, as under `activiteit`: one
 *    locatie standing for its cell may have no regel that passes while another one does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    -- As in 0010, but cells are merged only without filters on the regels (activiteit, thema, regeltype).
    CREATE OR REPLACE FUNCTION tiles.bladeren(z integer, x integer, y integer, query_params json)
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
               tiles.lijst(query_params, 'activiteit') IS NOT NULL
                 OR tiles.lijst(query_params, 'thema') IS NOT NULL
                 OR tiles.lijst(query_params, 'regeltype') IS NOT NULL AS regelfilter
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
      -- One locatie per cell and version stands for the others in it. A filter on the regels
      -- needs every locatie's regels, so then all stay.
      blad AS (
        SELECT DISTINCT ON (g.regeling_id, g.volgnummer, g.status, per_cel.cx, per_cel.cy, per_cel.id)
               g.regeling_id, g.volgnummer, g.status, g.identificatie, g.cx, g.cy, g.geom
          FROM geplaatst g, vraag
          CROSS JOIN LATERAL (SELECT NOT vraag.regelfilter AND g.cx IS NOT NULL AS samen) c
          CROSS JOIN LATERAL (SELECT CASE WHEN c.samen THEN g.cx END AS cx, CASE WHEN c.samen THEN g.cy END AS cy,
                                     CASE WHEN c.samen THEN NULL ELSE g.identificatie END AS id) per_cel),
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

    -- As in 0010, with thema (rm.juridische_regels.themas) and regeltype (its type) beside activiteit.
    CREATE OR REPLACE FUNCTION tiles.werkingsgebieden(z integer, x integer, y integer, query_params json) RETURNS bytea
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET work_mem = '32MB' AS $fn$
    DECLARE
      tegel bytea;
      filter_activiteit text[] := tiles.lijst(query_params, 'activiteit');
      filter_thema text[] := tiles.lijst(query_params, 'thema');
      filter_regeltype text[] := tiles.lijst(query_params, 'regeltype');
    BEGIN
        WITH RECURSIVE
        b AS (SELECT * FROM tiles.bladeren(z, x, y, query_params)),
        -- An activiteit filter takes the asked activiteiten (by id or naam) and those below them.
        gekozen(regeling_id, volgnummer, id) AS (
          SELECT a.regeling_id, v.volgnummer, a.identificatie
            FROM (SELECT DISTINCT regeling_id, volgnummer FROM b) v
            JOIN rm.activiteiten a ON a.regeling_id = v.regeling_id AND a.versies @> v.volgnummer
           WHERE filter_activiteit IS NOT NULL  -- no filter: no activiteiten to read
             AND (a.identificatie = ANY (filter_activiteit) OR a.naam = ANY (filter_activiteit))
          UNION
          SELECT a.regeling_id, g.volgnummer, a.identificatie
            FROM gekozen g JOIN rm.activiteiten a ON a.regeling_id = g.regeling_id AND a.versies @> g.volgnummer AND a.bovenliggende_activiteit = g.id),
        -- Per leaf: the activiteiten of the regels that name it or a groep that holds it. With
        -- filters, the leaf stays when one of those regels passes all of them (per regel, as
        -- the regels op de locatie query), and still shows the activiteiten of all.
        blad AS (
          SELECT b.regeling_id, b.bevoegd_gezag, b.bestuurslaag, b.documenttype, b.status, b.identificatie, b.cel, (array_agg(b.geom))[1] AS geom,
                 -- a pixel cell stands for several locaties: it has no activiteiten of its own
                 CASE WHEN b.cel IS NULL THEN string_agg(DISTINCT ja ->> 'activiteit', ',' ORDER BY ja ->> 'activiteit') END AS activiteiten
            FROM b
            JOIN rm.regel_locaties rl ON rl.regeling_id = b.regeling_id AND rl.locatie = b.via
            JOIN rm.juridische_regels j ON j.regeling_id = b.regeling_id AND j.identificatie = rl.regel AND lower(j.versies) = rl.van AND j.versies @> b.volgnummer
            LEFT JOIN LATERAL jsonb_array_elements(j.activiteiten) ja ON true
           GROUP BY b.regeling_id, b.bevoegd_gezag, b.bestuurslaag, b.documenttype, b.status, b.identificatie, b.cel, b.volgnummer
          HAVING (filter_activiteit IS NULL AND filter_thema IS NULL AND filter_regeltype IS NULL)
              OR bool_or((filter_thema IS NULL OR j.themas && filter_thema)
                     AND (filter_regeltype IS NULL OR j.type = ANY (filter_regeltype))
                     AND (filter_activiteit IS NULL
                          OR ja ->> 'activiteit' IN (SELECT g.id FROM gekozen g WHERE g.regeling_id = b.regeling_id AND g.volgnummer = b.volgnummer)))),
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

    -- The outlines of the ambtsgebieden meeting the tile, as lines. query_params: bestuurslaag
    -- (as the other layers); the register has no time axes.
    CREATE FUNCTION tiles.bestuursgrenzen(z integer, x integer, y integer, query_params json) RETURNS bytea
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET work_mem = '32MB' AS $fn$
    DECLARE
      tegel bytea;
      lagen text[] := tiles.lijst(query_params, 'bestuurslaag');
    BEGIN
        WITH
        vak AS (SELECT ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * 64 / 4096) AS buffer FROM (SELECT ST_TileEnvelope(z, x, y) AS e) t),
        -- An area held by several (every ministerie has the Rijk's) is drawn once, as its first code.
        gebied AS (
          SELECT DISTINCT ON (a.bestuurslaag, a.geom_3857) a.code, a.naam, a.bestuurslaag, a.geom_3857
            FROM rm.ambtsgebieden a, vak
           WHERE a.geom_3857 && vak.buffer
             AND (z >= 7 OR a.bestuurslaag IN ('provincie', 'rijk'))  -- zoomed out: a few large areas
             AND (lagen IS NULL OR a.bestuurslaag = ANY (lagen))
           ORDER BY a.bestuurslaag, a.geom_3857, a.code),
        -- Only the part of the boundary in the tile's buffer is simplified and encoded; a tile
        -- within an area holds none of its boundary, and the area drops out.
        grens AS (
          SELECT g.code, g.naam, g.bestuurslaag, ST_ClipByBox2D(ST_Boundary(g.geom_3857), vak.buffer) AS lijn FROM gebied g, vak),
        feature AS (
          SELECT code, naam, bestuurslaag, tiles.mvt_geom(lijn, z, x, y) AS geom
            FROM grens
           WHERE NOT ST_IsEmpty(lijn)
           -- larger areas last, so they are drawn over the smaller ones they share a boundary with
           ORDER BY array_position(ARRAY['gemeente', 'waterschap', 'provincie', 'rijk'], bestuurslaag), code
           LIMIT tiles.max_features())
        SELECT coalesce((SELECT ST_AsMVT(feature, 'bestuursgrenzen', 4096, 'geom') FROM feature WHERE geom IS NOT NULL), '') INTO tegel;
      RETURN tegel;
    END
    $fn$;
  `).execute(db);

  const comment = JSON.stringify({
    description: 'Bestuursgrenzen: de omtrek van de ambtsgebieden van gemeenten, waterschappen, provincies en het Rijk; onder zoomniveau 7 alleen provincies en het Rijk',
    vector_layers: [
      {
        id: 'bestuursgrenzen',
        description: 'Lijnen; bestuurslaag: gemeente, waterschap, provincie of rijk',
        fields: { code: 'String', naam: 'String', bestuurslaag: 'String' },
        minzoom: 0,
        maxzoom: 22,
      },
    ],
  });
  await sql.raw(`COMMENT ON FUNCTION tiles.bestuursgrenzen(integer, integer, integer, json) IS '${comment.replace(/'/g, "''")}'`).execute(db);
}
