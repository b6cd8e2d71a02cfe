import { sql, type Kysely } from 'kysely';

/**
 * Read model of the catalogue of werkzaamheden: the last version of each werkzaamheid that is
 * in the catalogue now (an intrekking deletes its row). Small (hundreds of rows): searched by
 * a scan, so no text indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.werkzaamheden (
      id            text PRIMARY KEY,
      naam          text NOT NULL,
      omschrijving  text,
      zoektermen    text[] NOT NULL DEFAULT '{}',
      activiteiten  text[] NOT NULL,
      versie        int NOT NULL,
      bekend_vanaf  timestamptz NOT NULL
    );
  `).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE rm.werkzaamheden;').execute(db);
}
