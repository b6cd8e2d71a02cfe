import { sql, type Kysely } from 'kysely';

/**
 * Which juridische regels name a locatie, as rows with a btree index: `rm.regel_locaties`
 * holds one row per (row of rm.juridische_regels, locatie it names), pointing at that row by
 * its regel and the first version of its range. Rows never change: a regel row that ends keeps
 * its links, and the join reads the range from rm.juridische_regels.
 *
 * Why: a regels-op-locatie query asks "the regels of regeling R that name locatie L" once per
 * locatie it hits. On the array column the planner cannot estimate `locaties @> ARRAY[L]` and
 * scanned every regel of R (hundreds in a big omgevingsplan); an equality on two columns it
 * estimates exactly. The GIN index on the array had no other reader and is dropped, which the
 * projection also no longer has to keep up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.regel_locaties (
      regeling_id text NOT NULL,
      locatie     text NOT NULL,
      regel       text NOT NULL,
      van         int  NOT NULL   -- lower(versies) of the rm.juridische_regels row
    );
    INSERT INTO rm.regel_locaties (regeling_id, locatie, regel, van)
    SELECT regeling_id, unnest(locaties), identificatie, lower(versies) FROM rm.juridische_regels;
    CREATE INDEX regel_locaties_idx ON rm.regel_locaties (regeling_id, locatie);
    DROP INDEX rm.juridische_regels_locaties_idx;
  `).execute(db);
}
