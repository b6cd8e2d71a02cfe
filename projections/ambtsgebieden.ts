import type { AmbtsgebiedEvent } from '../domain/bestuursgrenzen/ambtsgebied.ts';
import type { Projection } from './projection.ts';

/**
 * `rm.ambtsgebieden`: the current ambtsgebied of every bevoegd gezag. PostGIS repairs what the
 * domain cannot see (self-intersections of simplified boundaries) and keeps only the areas.
 */
export const ambtsgebieden: Projection = {
  name: 'ambtsgebieden',
  handles: ['AmbtsgebiedVastgesteld'],
  async apply(client, events) {
    // The last event per code wins; one row per code keeps ON CONFLICT from touching a row twice.
    const laatste = new Map<string, AmbtsgebiedEvent['data']>();
    for (const e of events) {
      const data = (e as unknown as AmbtsgebiedEvent).data;
      laatste.set(data.code, data);
    }
    const rijen = [...laatste.values()];
    await client.query(
      `INSERT INTO rm.ambtsgebieden AS a (code, naam, bestuurslaag, geom, geom_3857, bron)
       SELECT x.code, x.naam, x.bestuurslaag, v.geom, ST_Transform(v.geom, 3857), x.bron
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(code, naam, bestuurslaag, geojson, bron)
        CROSS JOIN LATERAL (
          SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(x.geojson), 28992)), 3)) AS geom
        ) AS v
       ON CONFLICT (code) DO UPDATE
          SET naam = excluded.naam, bestuurslaag = excluded.bestuurslaag, geom = excluded.geom,
              geom_3857 = excluded.geom_3857, bron = excluded.bron`,
      [
        rijen.map((r) => r.code),
        rijen.map((r) => r.naam),
        rijen.map((r) => r.bestuurslaag),
        rijen.map((r) => JSON.stringify(r.geometrie)),
        rijen.map((r) => r.bron),
      ],
    );
  },
  async reset(client) {
    await client.query('TRUNCATE rm.ambtsgebieden');
  },
};
