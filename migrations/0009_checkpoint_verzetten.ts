import { sql, type Kysely } from 'kysely';

/**
 * Moves a projection's checkpoint from where a batch began to where it ends, or raises
 * SQLSTATE OL001 when the checkpoint is no longer where the batch began (another process moved
 * it). Raising inside the batch's transaction makes the batch fail without anyone waiting for
 * an answer: a rebuild can send the next batch's statements while this one is still running.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE FUNCTION rm.checkpoint_verzetten(projectie text, van_tx xid8, van_positie bigint, naar_tx xid8, naar_positie bigint, toegepast bigint)
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO rm.checkpoints (projection) VALUES (projectie) ON CONFLICT DO NOTHING;
      -- The row lock makes a concurrent batch wait, then fail the comparison.
      UPDATE rm.checkpoints
         SET transaction_id = naar_tx, global_position = naar_positie, events_applied = events_applied + toegepast, updated_at = now()
       WHERE projection = projectie AND transaction_id = van_tx AND global_position = van_positie;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'The checkpoint of % moved; the batch is read again', projectie USING ERRCODE = 'OL001';
      END IF;
    END $$;
  `).execute(db);
}
