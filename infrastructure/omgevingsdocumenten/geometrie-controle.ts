import type pg from 'pg';
import type { GeometrieControle } from '../../application/omgevingsdocumenten/regeling-service.ts';
import type { PlanGeometrieControle } from '../../application/ruimtelijke-plannen/bestemmingsplan-service.ts';
import type { Geometrie } from '../../domain/omgevingsdocumenten/inhoud.ts';

/** The geometries PostGIS finds invalid (self-intersection and the like), each with its reason; one query. */
async function ongeldig(pool: pg.Pool, items: readonly { id: string; geometrie: Geometrie }[]): Promise<{ id: string; reden: string }[]> {
  if (items.length === 0) return [];
  const { rows } = await pool.query<{ id: string; reden: string }>(
    `SELECT id, ST_IsValidReason(ST_GeomFromGeoJSON(g)) AS reden
       FROM unnest($1::text[], $2::text[]) AS x(id, g)
      WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g))`,
    [items.map((i) => i.id), items.map((i) => JSON.stringify(i.geometrie))],
  );
  return rows;
}

/** The placed locaties of a regeling's mutation, checked by PostGIS. */
export function postgisGeometrieControle(pool: pg.Pool): GeometrieControle {
  return async (mutatie) => {
    const locaties = (mutatie.plaats?.locaties ?? []).flatMap((l) => (l.geometrie ? [{ id: l.identificatie, geometrie: l.geometrie }] : []));
    const fouten = await ongeldig(pool, locaties);
    return fouten.map((r) => ({ soort: 'locaties' as const, identificatie: r.id, reden: `ongeldige geometrie: ${r.reden}` }));
  };
}

/** The plangebied and every planobject of a bestemmingsplan, checked by PostGIS. */
export function postgisPlanControle(pool: pg.Pool): PlanGeometrieControle {
  return async (plan) => {
    const element = new Map([[plan.identificatie, 'Bestemmingsplangebied'], ...plan.objecten.map((o) => [o.identificatie, o.type] as [string, string])]);
    const items = [{ id: plan.identificatie, geometrie: plan.geometrie }, ...plan.objecten.map((o) => ({ id: o.identificatie, geometrie: o.geometrie }))];
    const fouten = await ongeldig(pool, items);
    return fouten.map((r) => ({ element: element.get(r.id)!, identificatie: r.id, reden: `ongeldige geometrie: ${r.reden}` }));
  };
}
