import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { TestApp } from './app.ts';

export type Tegelfeature = { properties: Record<string, string | number>; type: number; bbox: [number, number, number, number] };

/** Fetches and decodes a tile with @mapbox/vector-tile: per layer its features, geometry as a lon/lat bbox. */
export async function leesTegel(app: TestApp, pad: string): Promise<{ res: Response; lagen: Record<string, Tegelfeature[]> }> {
  const res = await fetch(`${app.baseUrl}${pad}`);
  const lagen: Record<string, Tegelfeature[]> = {};
  if (res.status !== 200) return { res, lagen };
  const [, , z, x, y] = /^\/tiles\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\.mvt/.exec(pad)!.map(Number) as number[];
  const vt = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  for (const [naam, laag] of Object.entries(vt.layers)) {
    lagen[naam] = Array.from({ length: laag.length }, (_, i) => {
      const f = laag.feature(i);
      const g = f.toGeoJSON(x!, y!, z!).geometry as { coordinates: unknown };
      const punten = (g.coordinates as unknown[]).flat(3) as number[];
      const xs = punten.filter((_, j) => j % 2 === 0);
      const ys = punten.filter((_, j) => j % 2 === 1);
      return { properties: f.properties as Record<string, string | number>, type: f.type, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    });
  }
  return { res, lagen };
}
