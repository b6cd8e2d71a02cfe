import { sql, type Kysely } from 'kysely';

/**
 * Indexes a rebuild has dropped and still has to build: their definitions, kept until they are
 * built again. A rebuild drops the indexes only queries use (a projection names them in
 * `queryIndexes`) and builds each once at the end: one bulk build instead of keeping the index
 * up to date row by row (measured: a rebuild 18% faster; building them all after a national
 * rebuild takes seconds). A rebuild that is interrupted leaves its rows here; the next start of
 * the runner builds them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.uitgestelde_indexen (
      projection text NOT NULL,
      naam       text NOT NULL,   -- schema-qualified index name
      definitie  text NOT NULL,   -- pg_get_indexdef, with its storage parameters
      PRIMARY KEY (projection, naam)
    );
  `).execute(db);
}
