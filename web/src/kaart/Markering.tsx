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
  const { staat, regels } = useViewer();
  const gekozen = () => regels()?.documenten.flatMap((d) => d.juridischeRegels).find((r) => r.identificatie === staat.regel);
  const [gebied] = createResource(
    () => gekozen()?.locaties,
    async (ids) => {
      const geometrieen = await Promise.all(ids.map((id) => locatieGeometrie(id, staat).catch(() => undefined)));
      return { type: 'FeatureCollection', features: geometrieen.flatMap((g) => (g ? [{ type: 'Feature', properties: {}, geometry: g } as GeoJSON.Feature] : [])) } as GeoJSON.FeatureCollection;
    },
  );
  onMount(() => {
    const map = kaart();
    map.addSource('markering', { type: 'geojson', data: LEEG });
    map.addLayer({ id: 'markering-vlak', type: 'fill', source: 'markering', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': MARKERING, 'fill-opacity': 0.55 } });
    map.addLayer({ id: 'markering-lijn', type: 'line', source: 'markering', paint: { 'line-color': '#1a1a1a', 'line-width': 2.5 } });
    map.addLayer({ id: 'markering-punt', type: 'circle', source: 'markering', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': MARKERING, 'circle-radius': 7, 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 2 } });
  });
  createEffect(() => {
    const data = gekozen() ? gebied() : undefined;
    (kaart().getSource('markering') as GeoJSONSource).setData(data ?? LEEG);
  });
  return null;
}
