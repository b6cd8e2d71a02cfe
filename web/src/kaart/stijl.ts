import type { StyleSpecification } from 'maplibre-gl';
import type { Configuratie } from '../viewer/api.ts';

/** Layer ids of the base maps, so the base map can be switched by visibility without a new style. */
export const basislagen = (id: string) => (id === 'lokaal' ? ['grenzen-gemeente', 'grenzen-provincie'] : [`basis-${id}`]);

/**
 * The style the map starts with: every configured base map as a hidden raster layer (hidden
 * layers load no tiles) and the local base map, outlines of provincies and gemeenten from our
 * own tiles, which needs no network. The layers of the viewer are added on top.
 */
export function basisstijl(config: Configuratie, gekozen: string): StyleSpecification {
  const zichtbaar = (id: string) => (id === gekozen ? 'visible' : 'none');
  const style: StyleSpecification = {
    version: 8,
    sources: {
      grenzen: { type: 'vector', url: `${location.origin}/tiles/bestuursgrenzen.json`, attribution: config.basiskaarten.find((b) => b.id === 'lokaal')?.attributie },
    },
    layers: [{ id: 'achtergrond', type: 'background', paint: { 'background-color': '#f3f1ec' } }],
  };
  for (const b of config.basiskaarten) {
    if (!b.tiles) continue;
    style.sources[`basis-${b.id}`] = { type: 'raster', tiles: b.tiles, tileSize: 256, maxzoom: b.maxzoom ?? 19, attribution: b.attributie };
    style.layers.push({ id: `basis-${b.id}`, type: 'raster', source: `basis-${b.id}`, layout: { visibility: zichtbaar(b.id) } });
  }
  style.layers.push(
    { id: 'grenzen-gemeente', type: 'line', source: 'grenzen', 'source-layer': 'bestuursgrenzen', filter: ['==', ['get', 'bestuurslaag'], 'gemeente'], minzoom: 7, layout: { visibility: zichtbaar('lokaal') }, paint: { 'line-color': '#8a8a8a', 'line-width': 0.8 } },
    { id: 'grenzen-provincie', type: 'line', source: 'grenzen', 'source-layer': 'bestuursgrenzen', filter: ['==', ['get', 'bestuurslaag'], 'provincie'], layout: { visibility: zichtbaar('lokaal') }, paint: { 'line-color': '#555555', 'line-width': 1.6 } },
  );
  return style;
}
