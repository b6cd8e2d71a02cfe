import type { Projection } from './projection.ts';

/**
 * `rm.stream_activity`: one row per stream with its number of events and the last change.
 * Auditors use it to find streams; it handles every event type, so it also shows the runner at work.
 */
export const streamActivity: Projection = {
  name: 'stream-activity',
  handles: ['*'],
  async apply(client, events) {
    // One statement for the whole batch; rows of one stream are folded in order first.
    const rows = new Map<string, { events: number; type: string; first: Date; last: Date }>();
    for (const e of events) {
      const row = rows.get(e.streamId);
      if (row) Object.assign(row, { events: row.events + 1, type: e.type, last: e.recordedAt });
      else rows.set(e.streamId, { events: 1, type: e.type, first: e.recordedAt, last: e.recordedAt });
    }
    const ids = [...rows.keys()];
    const values = [...rows.values()];
    await client.query(
      `INSERT INTO rm.stream_activity AS s (stream_id, category, events, last_event_type, first_recorded_at, last_recorded_at)
       SELECT id, split_part(id, '-', 1), n, t, f, l
         FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS x(id, n, t, f, l)
       ON CONFLICT (stream_id) DO UPDATE
          SET events = s.events + excluded.events,
              last_event_type = excluded.last_event_type,
              last_recorded_at = excluded.last_recorded_at`,
      [ids, values.map((v) => v.events), values.map((v) => v.type), values.map((v) => v.first), values.map((v) => v.last)],
    );
  },
  async reset(client) {
    await client.query('TRUNCATE rm.stream_activity');
  },
};
