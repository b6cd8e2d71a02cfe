import type { RegelbestandEvent } from '../domain/toepasbare-regels/regelbestand.ts';
import type { Projection } from './projection.ts';

/** `rm.toepasbare_regels` and its withdrawals: every version of every regelbestand, known from when it was received. */
export const toepasbareRegels: Projection = {
  name: 'toepasbare-regels',
  handles: ['ToepasbareRegelsGeleverd', 'ToepasbareRegelsIngetrokken'],
  async apply(client, events) {
    for (const e of events) {
      const event = e as unknown as RegelbestandEvent;
      if (event.type === 'ToepasbareRegelsGeleverd') {
        const d = event.data;
        await client.query(
          `INSERT INTO rm.toepasbare_regels (bevoegd_gezag, activiteit, soort, versie, geldig, bekend_vanaf, bestand, model, dmn)
           VALUES ($1, $2, $3, $4, daterange($5, $6, '[)'), $7, $8, $9, $10)`,
          [d.bevoegdGezag, d.activiteit, d.soort, d.versie, d.geldigVanaf, d.geldigTot ?? null, e.recordedAt, d.bestand, JSON.stringify(d.model), d.dmn],
        );
      } else {
        const d = event.data;
        await client.query(
          `INSERT INTO rm.toepasbare_regels_intrekkingen (bevoegd_gezag, activiteit, soort, per, tot_en_met_versie, reden, bekend_vanaf)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [d.bevoegdGezag, d.activiteit, d.soort, d.per, d.totEnMetVersie, d.reden, e.recordedAt],
        );
      }
    }
  },
  async reset(client) {
    await client.query('TRUNCATE rm.toepasbare_regels, rm.toepasbare_regels_intrekkingen');
  },
};
