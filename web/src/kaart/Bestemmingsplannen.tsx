import type { ExpressionSpecification, VectorTileSource } from 'maplibre-gl';
import { createEffect, on, onMount } from 'solid-js';
import { tijdparameters } from '../viewer/api.ts';
import { useViewer } from '../viewer/context.ts';
import { useKaart } from './Kaart.tsx';

const LAGEN = ['bp-vigerend', 'bp-procedure', 'bp-grens', 'bp-grens-procedure'];

/**
 * The bestemmingsplannen (IMRO), when switched on: vigerende plannen green, plannen in procedure
 * orange with a dashed border; not where an omgevingsplan has taken over (the pons, done by the tiles).
 */
export function Bestemmingsplannen() {
  const kaart = useKaart();
  const { staat, versie } = useViewer();
  const url = () => {
    const q = tijdparameters(staat);
    const v = versie();
    if (v) q.set('v', v);
    return `${location.origin}/tiles/bestemmingsplannen.json?${q}`;
  };
  onMount(() => {
    const map = kaart();
    map.addSource('bestemmingsplannen', { type: 'vector', url: url() });
    const bron = { source: 'bestemmingsplannen', 'source-layer': 'bestemmingsplannen' } as const;
    const vigerend: ExpressionSpecification = ['==', ['get', 'procedure'], 'vigerend'];
    const bestemming: ExpressionSpecification = ['in', ['get', 'objecttype'], ['literal', ['Enkelbestemming', 'Bestemmingsplangebied']]];
    const zicht = staat.bestemmingsplannen ? 'visible' : 'none';
    map.addLayer({ id: 'bp-vigerend', type: 'fill', ...bron, filter: ['all', vigerend, bestemming], layout: { visibility: zicht }, paint: { 'fill-color': '#4d9221', 'fill-opacity': 0.18 } });
    map.addLayer({ id: 'bp-procedure', type: 'fill', ...bron, filter: ['all', ['!', vigerend], bestemming], layout: { visibility: zicht }, paint: { 'fill-color': '#e08214', 'fill-opacity': 0.22 } });
    map.addLayer({ id: 'bp-grens', type: 'line', ...bron, filter: vigerend, layout: { visibility: zicht }, paint: { 'line-color': '#276419', 'line-width': 1 } });
    map.addLayer({ id: 'bp-grens-procedure', type: 'line', ...bron, filter: ['!', vigerend], layout: { visibility: zicht }, paint: { 'line-color': '#b35806', 'line-width': 1.5, 'line-dasharray': [3, 2] } });
  });
  createEffect(on(url, (u) => (kaart().getSource('bestemmingsplannen') as VectorTileSource | undefined)?.setUrl(u), { defer: true }));
  createEffect(() => {
    const zicht = staat.bestemmingsplannen ? 'visible' : 'none';
    for (const l of LAGEN) kaart().setLayoutProperty(l, 'visibility', zicht);
  });
  return null;
}
