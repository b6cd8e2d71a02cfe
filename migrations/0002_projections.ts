import { sql, type Kysely } from 'kysely';

/** Checkpoints of the projection runner, and the first read model: activity per stream. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.checkpoints (
      projection      text        PRIMARY KEY,
      transaction_id  xid8        NOT NULL DEFAULT '0',
      global_position bigint      NOT NULL DEFAULT 0,
      events_applied  bigint      NOT NULL DEFAULT 0,
      updated_at      timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE rm.stream_activity (
      stream_id        text        PRIMARY KEY,
      category         text        NOT NULL,
      events           bigint      NOT NULL,
      last_event_type  text        NOT NULL,
      first_recorded_at timestamptz NOT NULL,
      last_recorded_at timestamptz NOT NULL
    );
    CREATE INDEX stream_activity_category_idx ON rm.stream_activity (category, last_recorded_at DESC);
  `).execute(db);
}
