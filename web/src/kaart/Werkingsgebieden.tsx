import type { ExpressionSpecification, VectorTileSource } from 'maplibre-gl';
import { createEffect, on, onMount } from 'solid-js';
import { filtersVan, tijdparameters } from '../viewer/api.ts';
import { useViewer } from '../viewer/context.ts';
import { useKaart } from './Kaart.tsx';
import { kleurPerLaag } from './kleuren.ts';

/**
 * The werkingsgebieden of the regels in force (and ontwerpen, dashed, when asked), coloured
 * per bestuurslaag, for the chosen moment and filters. The tiles follow the state and the
 * version of the data: a new publication redraws them.
 */
export function Werkingsgebieden() {
  const kaart = useKaart();
  const { staat, versie } = useViewer();
  const url = () => {
    const q = tijdparameters(staat);
    if (staat.ontwerpen) q.set('inclusiefOntwerp', 'true');
    for (const [f, w] of Object.entries(filtersVan(staat))) q.set(f, w.join(','));
    const v = versie();
    if (v) q.set('v', v);
    return `${location.origin}/tiles/werkingsgebieden.json?${q}`;
  };
  onMount(() => {
    const map = kaart();
    map.addSource('werkingsgebieden', { type: 'vector', url: url() });
    const bron = { source: 'werkingsgebieden', 'source-layer': 'werkingsgebieden' } as const;
    const geldend: ExpressionSpecification = ['==', ['get', 'status'], 'geldend'];
    const ontwerp: ExpressionSpecification = ['==', ['get', 'status'], 'ontwerp'];
    const vlak: ExpressionSpecification = ['==', ['geometry-type'], 'Polygon'];
    map.addLayer({ id: 'werking-vlak', type: 'fill', ...bron, filter: ['all', geldend, vlak], paint: { 'fill-color': kleurPerLaag, 'fill-opacity': 0.12 } });
    map.addLayer({ id: 'werking-lijn', type: 'line', ...bron, filter: geldend, paint: { 'line-color': kleurPerLaag, 'line-width': 1.2, 'line-opacity': 0.8 } });
    map.addLayer({ id: 'werking-punt', type: 'circle', ...bron, filter: ['all', geldend, ['==', ['geometry-type'], 'Point']], paint: { 'circle-color': kleurPerLaag, 'circle-radius': 4 } });
    // Ontwerpen: never geldig, shown as what may come: no fill, a dashed outline.
    map.addLayer({ id: 'werking-ontwerp', type: 'line', ...bron, filter: ontwerp, paint: { 'line-color': kleurPerLaag, 'line-width': 2, 'line-dasharray': [2, 2] } });
  });
  createEffect(on(url, (u) => (kaart().getSource('werkingsgebieden') as VectorTileSource | undefined)?.setUrl(u), { defer: true }));
  return null;
}
