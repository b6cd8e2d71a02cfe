import { sql, type Kysely } from 'kysely';

/**
 * The write side's content index: the kernen of every version of a regeling (each object
 * without its geometry or text, with a digest of the whole) and their references, so that a new
 * version's references are checked, and a delivery compared with the version before it, in
 * PostgreSQL instead of in memory. A regeling of 100,000 locaties then loads and changes in
 * memory that does not grow with it.
 *
 * A set is the content of one version to be; it belongs to that version once the events that
 * make the version are stored (`versie` set). Sets whose version was never stored are removed.
 * The index is derived from the events: a version stored without a set (before this migration,
 * or a crash between the append and the confirmation) gets one again from its events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE es.inhoudsets (
      id          uuid PRIMARY KEY,
      regeling_id text NOT NULL,
      versie      text UNIQUE,        -- the expression id, once its events are stored
      gemaakt_op  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE es.inhoudset_objecten (
      inhoudset   uuid NOT NULL REFERENCES es.inhoudsets ON DELETE CASCADE,
      soort       text NOT NULL,
      id          text NOT NULL,
      digest      text NOT NULL,
      locatietype text,               -- for locaties: a pons must name an area
      kern        jsonb NOT NULL,     -- the object without geometry and text
      gewijzigd   boolean NOT NULL DEFAULT true,  -- new or changed against the set it was compared with
      PRIMARY KEY (inhoudset, soort, id)
    );

    -- From an object (soort, id) to another (naar_soort, naar); the reasons come from the domain.
    CREATE TABLE es.inhoudset_verwijzingen (
      inhoudset     uuid NOT NULL REFERENCES es.inhoudsets ON DELETE CASCADE,
      soort         text NOT NULL,
      id            text NOT NULL,
      naar_soort    text NOT NULL,
      naar          text NOT NULL,
      ontbreekt     text NOT NULL,
      typen         text[],
      verkeerd_type text
    );
    CREATE INDEX inhoudset_verwijzingen_van_idx ON es.inhoudset_verwijzingen (inhoudset, soort, id);
  `).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`DROP TABLE es.inhoudset_verwijzingen; DROP TABLE es.inhoudset_objecten; DROP TABLE es.inhoudsets;`).execute(db);
}
