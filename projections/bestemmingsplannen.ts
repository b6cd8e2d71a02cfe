import type { BestemmingsplanEvent } from '../domain/ruimtelijke-plannen/bestemmingsplan.ts';
import { procedure } from '../domain/ruimtelijke-plannen/bestemmingsplan.ts';
import type { Projection } from './projection.ts';

/**
 * `rm.bestemmingsplannen` and `rm.planobjecten`: every delivery of a plan, with the stretch of
 * system time it was the current one (`beschikbaar`), and its objects. PostGIS keeps only the
 * areas of a plangebied and repairs nothing else: objects were checked valid on import.
 */
export const bestemmingsplannen: Projection = {
  name: 'bestemmingsplannen',
  handles: ['BestemmingsplanGeleverd', 'PlanobjectenGeleverd'],
  async apply(client, events) {
    for (const e of events) {
      const event = e as unknown as BestemmingsplanEvent;
      if (event.type === 'BestemmingsplanGeleverd') {
        const { plan, kenmerk, objecten } = event.data;
        // A clock set back would end the last delivery before it began: then it never stood.
        await client.query(
          `UPDATE rm.bestemmingsplannen SET beschikbaar = tstzrange(lower(beschikbaar), greatest(lower(beschikbaar), $2), '[)')
            WHERE identificatie = $1 AND upper_inf(beschikbaar)`,
          [plan.identificatie, e.recordedAt],
        );
        await client.query(
          `INSERT INTO rm.bestemmingsplannen (levering, identificatie, kenmerk, naam, type_plan, planstatus, procedure, datum, bevoegd_gezag, objecten, geom, geom_3857, beschikbaar)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, g, ST_Transform(g, 3857), tstzrange($12, NULL, '[)')
             FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($11), 28992)), 3)) AS g) x`,
          [e.globalPosition.toString(), plan.identificatie, kenmerk, plan.naam, plan.typePlan, plan.planstatus, procedure(plan.planstatus), plan.datum, plan.bevoegdGezag, objecten, JSON.stringify(plan.geometrie), e.recordedAt],
        );
      } else {
        const { identificatie, kenmerk, objecten } = event.data;
        await client.query(
          `INSERT INTO rm.planobjecten (levering, identificatie, type, naam, bestemmingshoofdgroep, artikelnummer, bestemmingsvlakken, waarden, geom, geom_3857)
           SELECT p.levering, o.identificatie, o.type, o.naam, o.bestemmingshoofdgroep, o.artikelnummer,
                  ARRAY(SELECT jsonb_array_elements_text(coalesce(o.bestemmingsvlakken, '[]'))), coalesce(o.waarden, '[]'), g.g, ST_Transform(g.g, 3857)
             FROM rm.bestemmingsplannen p
             CROSS JOIN jsonb_to_recordset($3::jsonb) AS o(identificatie text, type text, naam text, bestemmingshoofdgroep text, artikelnummer text,
                                                           bestemmingsvlakken jsonb, waarden jsonb, geometrie jsonb)
             CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(o.geometrie), 28992) AS g) g
            WHERE p.identificatie = $1 AND p.kenmerk = $2 AND upper_inf(p.beschikbaar)`,
          [identificatie, kenmerk, JSON.stringify(objecten)],
        );
      }
    }
  },
  async reset(client) {
    await client.query('TRUNCATE rm.planobjecten, rm.bestemmingsplannen');
  },
};
