import { sql, type Kysely } from 'kysely';

/**
 * Bestemmingsplannen (IMRO2012), the overbrugging of ruimtelijke plannen: each delivery of a
 * plan is a row that stood for a stretch of system time (`beschikbaar`), so an auditor sees what
 * was known at a moment; its objects hang on that delivery (`levering`).
 *
 * The pons: where a gemeente's omgevingsplan is in force, its bestemmingsplannen no longer
 * apply. `rm.pons` gives that area, within a box, for the four time axes: the vlakken of the
 * version of each of the gemeente's omgevingsplannen in force, the whole ambtsgebied where a
 * locatie is the Ambtsgebied. Queries and tiles subtract it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.bestemmingsplannen (
      levering      bigint PRIMARY KEY,          -- global position of its BestemmingsplanGeleverd
      identificatie text NOT NULL,
      kenmerk       text NOT NULL,
      naam          text NOT NULL,
      type_plan     text NOT NULL,
      planstatus    text NOT NULL,
      procedure     text NOT NULL CHECK (procedure IN ('vigerend', 'in procedure')),
      datum         date NOT NULL,
      bevoegd_gezag text NOT NULL,
      objecten      int NOT NULL,
      geom          geometry(MultiPolygon, 28992) NOT NULL,
      geom_3857     geometry(MultiPolygon, 3857) NOT NULL,
      beschikbaar   tstzrange NOT NULL
    );
    CREATE INDEX bestemmingsplannen_identificatie_idx ON rm.bestemmingsplannen (identificatie);
    CREATE INDEX bestemmingsplannen_geom_idx ON rm.bestemmingsplannen USING gist (geom);
    CREATE INDEX bestemmingsplannen_geom_3857_idx ON rm.bestemmingsplannen USING gist (geom_3857);

    CREATE TABLE rm.planobjecten (
      levering      bigint NOT NULL REFERENCES rm.bestemmingsplannen ON DELETE CASCADE,
      identificatie text NOT NULL,
      type          text NOT NULL,
      naam          text NOT NULL,
      bestemmingshoofdgroep text,
      artikelnummer text,
      bestemmingsvlakken text[] NOT NULL,
      waarden       jsonb NOT NULL,              -- [{waardeType, waarde}]
      geom          geometry(Geometry, 28992) NOT NULL,
      geom_3857     geometry(Geometry, 3857) NOT NULL,
      PRIMARY KEY (levering, identificatie)
    );
    CREATE INDEX planobjecten_geom_idx ON rm.planobjecten USING gist (geom);
    CREATE INDEX planobjecten_geom_3857_idx ON rm.planobjecten USING gist (geom_3857);
    CREATE INDEX planobjecten_vlakken_idx ON rm.planobjecten USING gin (bestemmingsvlakken);

    -- Where the gemeente's omgevingsplan is in force, within the box p_vak (SRID 28992 or 3857,
    -- the result in the same). NULL: nowhere in the box.
    CREATE FUNCTION rm.pons(p_gemeente text, p_vak geometry, p_beschikbaar timestamptz, p_bekend date, p_werkend date, p_geldig date)
    RETURNS geometry LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      WITH versie AS (
        SELECT r.regeling_id, r.bevoegd_gezag, rm.versie_op(r.regeling_id, p_beschikbaar, p_bekend, p_werkend, p_geldig) AS volgnummer
          FROM rm.regelingen r
         WHERE r.bevoegd_gezag = p_gemeente AND r.documenttype = 'omgevingsplan')
      SELECT ST_Union(g) FROM (
        SELECT l.geom AS g FROM versie v JOIN rm.locaties l ON l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer
         WHERE ST_SRID(p_vak) = 28992 AND l.type = 'Gebied' AND l.geom && p_vak
        UNION ALL
        SELECT l.geom_3857 FROM versie v JOIN rm.locaties l ON l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer
         WHERE ST_SRID(p_vak) = 3857 AND l.type = 'Gebied' AND l.geom_3857 && p_vak
        UNION ALL
        SELECT ST_Intersection(CASE ST_SRID(p_vak) WHEN 3857 THEN a.geom_3857 ELSE a.geom END, ST_Envelope(p_vak))  -- a whole gemeente, cut to the box
          FROM versie v JOIN rm.ambtsgebieden a ON a.code = v.bevoegd_gezag
         WHERE EXISTS (SELECT 1 FROM rm.locaties l WHERE l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer AND l.type = 'Ambtsgebied')) x
    $fn$;

    -- One layer: each plan's plangebied at every zoom, its objects (bestemmingen, aanduidingen,
    -- maatvoeringen, figuren) from zoom 12, all without the pons. query_params: the four time
    -- axes (as the other layers) and procedure ('vigerend', 'in procedure').
    CREATE FUNCTION tiles.bestemmingsplannen(z integer, x integer, y integer, query_params json) RETURNS bytea
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET work_mem = '32MB' AS $fn$
    DECLARE tegel bytea;
    BEGIN
        WITH
        vraag AS (
          SELECT coalesce((query_params ->> 'beschikbaarOp')::timestamptz, now()) AS beschikbaar,
                 coalesce((query_params ->> 'bekendOp')::date, vandaag) AS bekend,
                 coalesce((query_params ->> 'inWerkingOp')::date, vandaag) AS werkend,
                 coalesce((query_params ->> 'geldigOp')::date, vandaag) AS geldig,
                 tiles.lijst(query_params, 'procedure') AS procedures
            FROM (SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date AS vandaag) d),
        vak AS (SELECT e, ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * 64 / 4096) AS buffer FROM (SELECT ST_TileEnvelope(z, x, y) AS e) t),
        plan AS (
          SELECT p.*, rm.pons(p.bevoegd_gezag, vak.buffer, vraag.beschikbaar, vraag.bekend, vraag.werkend, vraag.geldig) AS pons
            FROM rm.bestemmingsplannen p, vak, vraag
           WHERE p.geom_3857 && vak.buffer AND p.beschikbaar @> vraag.beschikbaar
             AND (vraag.procedures IS NULL OR p.procedure = ANY (vraag.procedures))),
        object AS (
          SELECT p.identificatie AS plan_id, p.naam AS plan_naam, p.planstatus, p.procedure, p.datum, p.bevoegd_gezag, p.pons,
                 p.identificatie, 'Bestemmingsplangebied' AS objecttype, p.naam, NULL AS bestemmingshoofdgroep, NULL AS artikelnummer, NULL AS waarden,
                 p.geom_3857 AS geom
            FROM plan p
          UNION ALL
          SELECT p.identificatie, p.naam, p.planstatus, p.procedure, p.datum, p.bevoegd_gezag, p.pons,
                 o.identificatie, o.type, o.naam, o.bestemmingshoofdgroep, o.artikelnummer,
                 (SELECT string_agg((w ->> 'waardeType') || ': ' || (w ->> 'waarde'), '; ') FROM jsonb_array_elements(o.waarden) w),
                 o.geom_3857
            FROM plan p JOIN rm.planobjecten o ON o.levering = p.levering, vak
           WHERE z >= 12 AND o.geom_3857 && vak.buffer),
        zonder_pons AS (
          SELECT o.*, CASE WHEN o.pons IS NULL THEN o.geom ELSE ST_Difference(o.geom, o.pons) END AS rest FROM object o),
        feature AS (
          SELECT plan_id AS "planId", plan_naam AS "planNaam", planstatus, procedure, datum::text AS datum, bevoegd_gezag AS "bevoegdGezag",
                 identificatie, objecttype, naam, bestemmingshoofdgroep, artikelnummer, waarden,
                 tiles.mvt_geom(rest, z, x, y) AS geom
            FROM zonder_pons
           WHERE NOT ST_IsEmpty(rest)
           LIMIT tiles.max_features())
        SELECT coalesce((SELECT ST_AsMVT(feature, 'bestemmingsplannen', 4096, 'geom') FROM feature WHERE geom IS NOT NULL), '') INTO tegel;
      RETURN tegel;
    END
    $fn$;
  `).execute(db);

  const comment = JSON.stringify({
    description: 'Bestemmingsplannen (IMRO): plangebieden, en vanaf zoomniveau 12 bestemmingen, aanduidingen, maatvoeringen en figuren; zonder de delen waar een omgevingsplan geldt',
    vector_layers: [
      {
        id: 'bestemmingsplannen',
        description: 'objecttype: Bestemmingsplangebied, Enkelbestemming, Dubbelbestemming, Bouwvlak, Functieaanduiding, Bouwaanduiding, Maatvoering, Figuur, …; procedure: vigerend of in procedure',
        fields: {
          planId: 'String', planNaam: 'String', planstatus: 'String', procedure: 'String', datum: 'String', bevoegdGezag: 'String',
          identificatie: 'String', objecttype: 'String', naam: 'String', bestemmingshoofdgroep: 'String', artikelnummer: 'String', waarden: 'String',
        },
        minzoom: 0,
        maxzoom: 22,
      },
    ],
  });
  await sql.raw(`COMMENT ON FUNCTION tiles.bestemmingsplannen(integer, integer, integer, json) IS '${comment.replace(/'/g, "''")}'`).execute(db);
}
