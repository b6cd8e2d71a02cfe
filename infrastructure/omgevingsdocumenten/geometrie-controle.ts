import type pg from 'pg';
import type { GeometrieControle } from '../../application/omgevingsdocumenten/regeling-service.ts';

/** Self-intersection and other invalidity of every placed geometry, checked by PostGIS in one query. */
export function postgisGeometrieControle(pool: pg.Pool): GeometrieControle {
  return async (mutatie) => {
    const locaties = (mutatie.plaats?.locaties ?? []).filter((l) => l.geometrie);
    if (locaties.length === 0) return [];
    const { rows } = await pool.query<{ id: string; reden: string }>(
      `SELECT id, ST_IsValidReason(ST_GeomFromGeoJSON(g)) AS reden
         FROM unnest($1::text[], $2::text[]) AS x(id, g)
        WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g))`,
      [locaties.map((l) => l.identificatie), locaties.map((l) => JSON.stringify(l.geometrie))],
    );
    return rows.map((r) => ({ soort: 'locaties' as const, identificatie: r.id, reden: `ongeldige geometrie: ${r.reden}` }));
  };
}
