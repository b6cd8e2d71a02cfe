import { sql, type Kysely } from 'kysely';

/**
 * Which groepen hold a locatie, as rows with a btree index, for the same reason as
 * rm.regel_locaties (migration 0006): `rm.groep_elementen` holds one row per (row of
 * rm.locaties that is a groep, element it holds), pointing at that row by its identificatie
 * and the first version of its range. A regels-op-locatie query climbs from each locatie hit to
 * the groepen that hold it; on the array column the planner could not estimate
 * `groepselementen @> ARRAY[L]` and also read every locatie of the regeling (measured: 944 index
 * entries per step). The GIN index on the array had no other reader and is dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.groep_elementen (
      regeling_id text NOT NULL,
      element     text NOT NULL,
      groep       text NOT NULL,
      van         int  NOT NULL   -- lower(versies) of the groep's rm.locaties row
    );
    INSERT INTO rm.groep_elementen (regeling_id, element, groep, van)
    SELECT regeling_id, unnest(groepselementen), identificatie, lower(versies) FROM rm.locaties WHERE groepselementen IS NOT NULL;
    CREATE INDEX groep_elementen_idx ON rm.groep_elementen (regeling_id, element);
    DROP INDEX rm.locaties_groepselementen_idx;
  `).execute(db);
}
