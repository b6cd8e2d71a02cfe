import { sql, type Kysely } from 'kysely';

/**
 * The IMOW Pons and Kaart of a regeling version, as content rows like the others (migration
 * 0003: each row is in the versions of its range), and the pons function taking the Pons.
 *
 * rm.pons (migration 0011) took the vlakken of the omgevingsplan version in force as the area
 * where the bestemmingsplannen no longer apply. An omgevingsplan says where that is with its
 * Pons: often only part of its own area (a gemeente that moves over one district at a time).
 * Where the version in force has Ponsen, the area is now their locaties (groepen resolved to
 * their gebieden, an Ambtsgebied to the gemeente's area in the register). A version without
 * Pons keeps the rule of 0011: a plan delivered without Pons (through the write API, or before
 * Ponsen were kept) must not suddenly show the bestemmingsplannen it used to hide.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.ponsen (
      regeling_id   text NOT NULL,
      versies       int4range NOT NULL,
      identificatie text NOT NULL,
      locaties      text[] NOT NULL
    );
    CREATE INDEX ponsen_idx ON rm.ponsen (regeling_id, identificatie);

    CREATE TABLE rm.kaarten (
      regeling_id   text NOT NULL,
      versies       int4range NOT NULL,
      identificatie text NOT NULL,
      naam          text NOT NULL,
      nummer        text,
      uitsnede      jsonb,           -- {minX, minY, maxX, maxY} in EPSG:28992
      kaartlagen    jsonb NOT NULL,  -- [{identificatie, naam, niveau, activiteitlocatieaanduidingen, gebiedsaanwijzingen, normen}]
      regelteksten  text[] NOT NULL  -- wIds of the artikelen and leden whose juridische regels name this kaart
    );
    CREATE INDEX kaarten_idx ON rm.kaarten (regeling_id, identificatie);

    -- Same signature and result as in 0011: where the gemeente's omgevingsplan is in force, within
    -- the box p_vak (SRID 28992 or 3857, the result in the same). NULL: nowhere in the box.
    CREATE OR REPLACE FUNCTION rm.pons(p_gemeente text, p_vak geometry, p_beschikbaar timestamptz, p_bekend date, p_werkend date, p_geldig date)
    RETURNS geometry LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      WITH RECURSIVE versie AS (
        SELECT r.regeling_id, v.volgnummer,
               EXISTS (SELECT 1 FROM rm.ponsen p WHERE p.regeling_id = r.regeling_id AND p.versies @> v.volgnummer) AS met_pons
          FROM rm.regelingen r
          CROSS JOIN LATERAL (SELECT rm.versie_op(r.regeling_id, p_beschikbaar, p_bekend, p_werkend, p_geldig) AS volgnummer) v
         WHERE r.bevoegd_gezag = p_gemeente AND r.documenttype = 'omgevingsplan' AND v.volgnummer IS NOT NULL),
      -- The locaties of the Ponsen, and under every groep its elementen.
      ponslocatie(regeling_id, volgnummer, identificatie) AS (
        SELECT v.regeling_id, v.volgnummer, unnest(p.locaties)
          FROM versie v JOIN rm.ponsen p ON p.regeling_id = v.regeling_id AND p.versies @> v.volgnummer
         WHERE v.met_pons
        UNION
        SELECT pl.regeling_id, pl.volgnummer, unnest(g.groepselementen)
          FROM ponslocatie pl
          JOIN rm.locaties g ON g.regeling_id = pl.regeling_id AND g.identificatie = pl.identificatie AND g.versies @> pl.volgnummer
         WHERE g.groepselementen IS NOT NULL)
      SELECT ST_Union(g) FROM (
        -- A version without Pons: its Gebieden, as in 0011.
        SELECT l.geom AS g FROM versie v JOIN rm.locaties l ON l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer
         WHERE NOT v.met_pons AND ST_SRID(p_vak) = 28992 AND l.type = 'Gebied' AND l.geom && p_vak
        UNION ALL
        SELECT l.geom_3857 FROM versie v JOIN rm.locaties l ON l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer
         WHERE NOT v.met_pons AND ST_SRID(p_vak) = 3857 AND l.type = 'Gebied' AND l.geom_3857 && p_vak
        UNION ALL
        -- A version with Pons: the Gebieden among its locaties.
        SELECT l.geom FROM ponslocatie pl JOIN rm.locaties l ON l.regeling_id = pl.regeling_id AND l.identificatie = pl.identificatie AND l.versies @> pl.volgnummer
         WHERE ST_SRID(p_vak) = 28992 AND l.type = 'Gebied' AND l.geom && p_vak
        UNION ALL
        SELECT l.geom_3857 FROM ponslocatie pl JOIN rm.locaties l ON l.regeling_id = pl.regeling_id AND l.identificatie = pl.identificatie AND l.versies @> pl.volgnummer
         WHERE ST_SRID(p_vak) = 3857 AND l.type = 'Gebied' AND l.geom_3857 && p_vak
        UNION ALL
        -- The whole gemeente, cut to the box: where a version without Pons has the Ambtsgebied as a
        -- locatie (0011), or a Pons names it.
        SELECT ST_Intersection(CASE ST_SRID(p_vak) WHEN 3857 THEN a.geom_3857 ELSE a.geom END, ST_Envelope(p_vak))
          FROM rm.ambtsgebieden a
         WHERE a.code = p_gemeente AND EXISTS (
                 SELECT 1 FROM versie v JOIN rm.locaties l ON l.regeling_id = v.regeling_id AND l.versies @> v.volgnummer
                  WHERE NOT v.met_pons AND l.type = 'Ambtsgebied'
                 UNION ALL
                 SELECT 1 FROM ponslocatie pl JOIN rm.locaties l ON l.regeling_id = pl.regeling_id AND l.identificatie = pl.identificatie AND l.versies @> pl.volgnummer
                  WHERE l.type = 'Ambtsgebied')) x
    $fn$;
  `).execute(db);
}
