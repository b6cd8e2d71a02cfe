import { sql, type Kysely } from 'kysely';

/**
 * The register of bestuursgrenzen as a read model: one row per bevoegd gezag with its
 * ambtsgebied in RD New (for queries) and in Web Mercator (for tiles); and the werkingsgebied
 * function, which needs it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.ambtsgebieden (
      code         text PRIMARY KEY,
      naam         text NOT NULL,
      bestuurslaag text NOT NULL,
      geom         geometry(MultiPolygon, 28992) NOT NULL,
      geom_3857    geometry(MultiPolygon, 3857) NOT NULL,
      bron         text NOT NULL
    );
    CREATE INDEX ambtsgebieden_geom_idx ON rm.ambtsgebieden USING gist (geom);
    CREATE INDEX ambtsgebieden_geom_3857_idx ON rm.ambtsgebieden USING gist (geom_3857);

    -- The werkingsgebied of a set of locaties in one version of a regeling: groepen opened up
    -- to their leaves, an Ambtsgebied taken from the register, all as one geometry (RD New).
    CREATE FUNCTION rm.werkingsgebied(p_regeling text, p_volgnummer int, p_locaties text[])
    RETURNS geometry LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      WITH RECURSIVE leden(id) AS (
        SELECT unnest(p_locaties)
        UNION
        SELECT e FROM leden
          JOIN rm.locaties g ON g.regeling_id = p_regeling AND g.versies @> p_volgnummer AND g.identificatie = leden.id
          CROSS JOIN LATERAL unnest(g.groepselementen) AS e)
      SELECT ST_Union(coalesce(l.geom, CASE WHEN l.type = 'Ambtsgebied' THEN
               (SELECT a.geom FROM rm.ambtsgebieden a JOIN rm.regelingen r ON r.bevoegd_gezag = a.code WHERE r.regeling_id = p_regeling) END))
        FROM rm.locaties l
       WHERE l.regeling_id = p_regeling AND l.versies @> p_volgnummer AND l.identificatie IN (SELECT id FROM leden)
    $fn$;
  `).execute(db);
}
