import { sql, type Kysely } from 'kysely';

/** PostGIS, the three schemas, and the event store: one append-only table and its append function. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE EXTENSION IF NOT EXISTS postgis;
    CREATE SCHEMA IF NOT EXISTS es;
    CREATE SCHEMA IF NOT EXISTS rm;
    CREATE SCHEMA IF NOT EXISTS tiles;

    CREATE TABLE es.events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- Readers of all events order by (transaction_id, global_position) and stop before the
      -- oldest running transaction, so an event that commits late is never skipped.
      transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
      stream_id       text        NOT NULL,
      stream_position bigint      NOT NULL CHECK (stream_position >= 0),
      event_id        uuid        NOT NULL,
      type            text        NOT NULL,
      data            jsonb       NOT NULL,
      metadata        jsonb       NOT NULL DEFAULT '{}',
      recorded_at     timestamptz NOT NULL,
      CONSTRAINT events_event_id_key UNIQUE (event_id),
      -- Two writers expecting the same version race for the same position: one wins, one conflicts.
      CONSTRAINT events_stream_position_key UNIQUE (stream_id, stream_position)
    );
    CREATE INDEX events_commit_order_idx ON es.events (transaction_id, global_position);

    -- Readers of all events stop before the oldest transaction that is still running and may
    -- write events here (see es.events.transaction_id). The cluster-wide snapshot xmin would do,
    -- but any transaction would then hold readers back: one in another database of the server
    -- (a pg_dump, a test), a projector's batch, the NOTIFY after an append. So a running xid is
    -- passed over when it is known not to append here: pg_stat_activity places it in another
    -- database, or in this one on a backend that holds no lock on es.events (an append locks
    -- the table before it gets its xid). Read in this order: snapshot, locks, activity; an xid
    -- that finished in between cannot be placed, and counts: late, never wrong.
    -- Returns the horizon, and whether an xid that could not be placed set it (the caller may
    -- read again at once: by then that transaction is over and out of the next snapshot).
    CREATE FUNCTION es.read_horizon(OUT horizon xid8, OUT onzeker boolean) LANGUAGE plpgsql STABLE AS $fn$
    DECLARE
      s pg_snapshot := pg_current_snapshot();
      schrijvers int[];
      onbekend xid8;
    BEGIN
      SELECT coalesce(array_agg(l.pid), '{}') INTO schrijvers FROM pg_locks l
       WHERE l.locktype = 'relation' AND l.relation = 'es.events'::regclass
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database());
      WITH geplaatst AS (
        SELECT a.backend_xid::text::bigint AS xid, a.datname = current_database() AND a.pid = ANY (schrijvers) AS schrijft
          FROM pg_stat_activity a WHERE a.backend_xid IS NOT NULL)
      SELECT min(x) FILTER (WHERE g.xid IS NULL OR g.schrijft), min(x) FILTER (WHERE g.xid IS NULL)
        INTO horizon, onbekend
        FROM pg_snapshot_xip(s) AS x LEFT JOIN geplaatst g ON g.xid = x::text::bigint % 4294967296;
      horizon := least(pg_snapshot_xmax(s), horizon);
      onzeker := onbekend IS NOT NULL AND onbekend = horizon;
    END
    $fn$;

    -- Appends a batch to one stream in a single round trip. Outcomes:
    --   appended    the events are stored; stream_version is the new last position
    --   idempotent  every event id was stored in this stream before: nothing stored
    --   duplicate   some event ids were stored before, others not: nothing stored
    --   conflict    the stream is not at the expected version: nothing stored
    -- It sends no NOTIFY: that would serialise every commit (the adapter notifies after commit).
    -- p_expected_version: -1 for no_stream, NULL for any. Writers to one stream queue on a
    -- transaction-scoped advisory lock, so each sees the version its predecessor left;
    -- events_stream_position_key stays as the last guard.
    CREATE FUNCTION es.append_to_stream(
      p_stream_id text, p_expected_version bigint,
      p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[], p_recorded_at timestamptz
    ) RETURNS TABLE (outcome text, stream_version bigint)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_current bigint;
      v_known bigint;
      v_known_here bigint;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
      SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream_id)
        INTO v_known, v_known_here
        FROM es.events e WHERE e.event_id = ANY (p_event_ids);
      SELECT coalesce(max(e.stream_position), -1) INTO v_current
        FROM es.events e WHERE e.stream_id = p_stream_id;
      IF v_known_here = cardinality(p_event_ids) THEN
        RETURN QUERY SELECT 'idempotent'::text, v_current; RETURN;
      END IF;
      IF v_known > 0 THEN
        RETURN QUERY SELECT 'duplicate'::text, v_current; RETURN;
      END IF;
      IF p_expected_version IS NOT NULL AND p_expected_version <> v_current THEN
        RETURN QUERY SELECT 'conflict'::text, v_current; RETURN;
      END IF;
      INSERT INTO es.events (stream_id, stream_position, event_id, type, data, metadata, recorded_at)
        SELECT p_stream_id, v_current + x.n, x.id, x.t, x.d::jsonb, x.m::jsonb, p_recorded_at
          FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS x(id, t, d, m, n)
         ORDER BY x.n;
      RETURN QUERY SELECT 'appended'::text, v_current + cardinality(p_event_ids);
    END
    $fn$;
  `).execute(db);
}
