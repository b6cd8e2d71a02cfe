import type { WerkzaamheidEvent } from '../domain/catalogus/werkzaamheid.ts';
import type { Projection } from './projection.ts';

/** `rm.werkzaamheden`: the catalogue as it is now, one row per werkzaamheid in its last version; an intrekking deletes the row. */
export const werkzaamheden: Projection = {
  name: 'werkzaamheden',
  handles: ['WerkzaamheidVastgesteld', 'WerkzaamheidIngetrokken'],
  async apply(client, events) {
    for (const e of events) {
      const event = e as unknown as WerkzaamheidEvent;
      if (event.type === 'WerkzaamheidVastgesteld') {
        const d = event.data;
        await client.query(
          `INSERT INTO rm.werkzaamheden (id, naam, omschrijving, zoektermen, activiteiten, versie, bekend_vanaf)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO UPDATE SET naam = EXCLUDED.naam, omschrijving = EXCLUDED.omschrijving, zoektermen = EXCLUDED.zoektermen,
                                          activiteiten = EXCLUDED.activiteiten, versie = EXCLUDED.versie, bekend_vanaf = EXCLUDED.bekend_vanaf`,
          [d.id, d.naam, d.omschrijving ?? null, d.zoektermen, d.activiteiten, d.versie, e.recordedAt],
        );
      } else {
        await client.query('DELETE FROM rm.werkzaamheden WHERE id = $1', [event.data.id]);
      }
    }
  },
  async reset(client) {
    await client.query('TRUNCATE rm.werkzaamheden');
  },
};
