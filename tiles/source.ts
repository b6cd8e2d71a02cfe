import pg from 'pg';
import { VERSIE_SQL } from './version.ts';

/** A field of a vector layer and its TileJSON type. */
export interface VectorLayer {
  id: string;
  description?: string;
  fields: Record<string, string>;
  minzoom?: number;
  maxzoom?: number;
}

/** A tile made by a source, with the version of the read models it was made from. */
export interface Tile {
  /** Mapbox Vector Tile bytes; empty when nothing is in the tile. */
  data: Buffer;
  versie: string;
}

/** Anything that makes vector tiles of one layer set (as martin's sources: functions, tables, files). */
export interface TileSource {
  /** The name in the route, `/tiles/{id}/…`. */
  readonly id: string;
  readonly description?: string;
  readonly vectorLayers: readonly VectorLayer[];
  /** The tile at z/x/y for the checked query parameters. */
  getTile(z: number, x: number, y: number, params: Record<string, string>): Promise<Tile>;
}

/**
 * A PostGIS function with martin's function-source signature
 * `tiles.<id>(z integer, x integer, y integer, query_params json) RETURNS bytea`, described by a
 * JSON comment with its `vector_layers`. The tile and the version are read in one statement, so
 * one snapshot: the version names exactly what the tile shows.
 */
export class PostgisFunctionSource implements TileSource {
  private readonly sql: string;

  constructor(
    private readonly pool: pg.Pool,
    readonly id: string,
    readonly vectorLayers: readonly VectorLayer[],
    readonly description?: string,
  ) {
    this.sql = `SELECT tiles.${pg.escapeIdentifier(id)}($1, $2, $3, $4::json) AS tile, ${VERSIE_SQL} AS v`;
  }

  async getTile(z: number, x: number, y: number, params: Record<string, string>): Promise<Tile> {
    const { rows } = await this.pool.query<{ tile: Buffer; v: string }>({ name: `tile-${this.id}`, text: this.sql, values: [z, x, y, JSON.stringify(params)] });
    return { data: rows[0]!.tile, versie: rows[0]!.v };
  }
}

/**
 * Finds every tile function in schema `tiles` (martin's discovery): bytea functions of
 * (integer, integer, integer, json) with a JSON comment holding their vector_layers.
 */
export async function postgisSources(pool: pg.Pool): Promise<Map<string, TileSource>> {
  const { rows } = await pool.query<{ naam: string; comment: string | null }>(
    `SELECT p.proname AS naam, obj_description(p.oid, 'pg_proc') AS comment
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'tiles' AND p.prorettype = 'bytea'::regtype
        AND p.proargtypes = '23 23 23 114'::oidvector
      ORDER BY p.proname`,
  );
  const bronnen = new Map<string, TileSource>();
  for (const { naam, comment } of rows) {
    const meta = comment ? (JSON.parse(comment) as { description?: string; vector_layers?: VectorLayer[] }) : {};
    bronnen.set(naam, new PostgisFunctionSource(pool, naam, meta.vector_layers ?? [{ id: naam, fields: {} }], meta.description));
  }
  return bronnen;
}
