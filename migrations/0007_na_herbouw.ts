import { sql, type Kysely } from 'kysely';

/**
 * What a rebuild still has to do when it ends, kept until done: build the indexes it dropped
 * and let autovacuum back onto the tables it paused it on (then analyse them).
 *
 * A rebuild drops the indexes only queries use (a projection names them in `queryIndexes`) and
 * builds each once at the end: one bulk build instead of keeping them up to date row by row.
 * It pauses autovacuum on the tables it fills (a projection names them in `tables`): vacuuming
 * tables that only grow took CPU from the rebuild on a 2-core machine (measured on 300,000 events: 8 to 14% faster).
 * A rebuild that is interrupted leaves its rows here; the next start of the runner does them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.na_herbouw (
      projection text NOT NULL,
      stap       int  NOT NULL,   -- 1: build an index, 2: a table back to normal
      naam       text NOT NULL,   -- schema-qualified index or table
      opdracht   text NOT NULL,   -- the SQL that does it
      PRIMARY KEY (projection, naam)
    );
  `).execute(db);
}
