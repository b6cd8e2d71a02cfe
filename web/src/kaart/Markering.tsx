import type { GeoJSONSource } from 'maplibre-gl';
import { createEffect, createResource, onMount } from 'solid-js';
import { locatieGeometrie } from '../viewer/api.ts';
import { useViewer } from '../viewer/context.ts';
import { useKaart } from './Kaart.tsx';
import { MARKERING } from './kleuren.ts';

const LEEG: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The werkingsgebied of the regel chosen in the list, highlighted: all its locaties, groepen resolved. */
export function Markering() {
  const kaart = useKaart();
  const { staat, gekozenRegel, versie } = useViewer();
  // Keyed on what the geometries depend on, so a reload of the same regels fetches nothing again.
  const sleutel = () => {
    const r = gekozenRegel()?.r;
    return r ? `${r.identificatie}|${r.locaties.join(',')}|${versie() ?? ''}` : undefined;
  };
  const [gebied] = createResource(sleutel, async () => {
    const ids = gekozenRegel()?.r.locaties ?? [];
    const uit = await Promise.allSettled(ids.map((id) => locatieGeometrie(id, staat)));
    const features: GeoJSON.Feature[] = [];
    uit.forEach((u, i) => {
      if (u.status === 'fulfilled') {
        if (u.value) features.push({ type: 'Feature', properties: {}, geometry: u.value });
      } else console.warn(`Het werkingsgebied van locatie ${ids[i]} kon niet worden geladen:`, u.reason);
    });
    return { type: 'FeatureCollection', features } as GeoJSON.FeatureCollection;
  });
  onMount(() => {
    const map = kaart();
    map.addSource('markering', { type: 'geojson', data: LEEG });
    map.addLayer({ id: 'markering-vlak', type: 'fill', source: 'markering', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': MARKERING, 'fill-opacity': 0.55 } });
    map.addLayer({ id: 'markering-lijn', type: 'line', source: 'markering', paint: { 'line-color': '#1a1a1a', 'line-width': 2.5 } });
    map.addLayer({ id: 'markering-punt', type: 'circle', source: 'markering', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': MARKERING, 'circle-radius': 7, 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 2 } });
  });
  createEffect(() => {
    const data = gekozenRegel() ? gebied() : undefined;
    (kaart().getSource('markering') as GeoJSONSource).setData(data ?? LEEG);
  });
  return null;
}
