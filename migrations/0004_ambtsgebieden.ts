import { sql, type Kysely } from 'kysely';

/**
 * The register of bestuursgrenzen as a read model: one row per bevoegd gezag with its
 * ambtsgebied in RD New (for queries) and in Web Mercator (for tiles).
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
  `).execute(db);
}
