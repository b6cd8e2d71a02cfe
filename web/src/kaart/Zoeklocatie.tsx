import type { GeoJSONSource } from 'maplibre-gl';
import { createEffect, onCleanup, onMount } from 'solid-js';
import { useViewer } from '../viewer/context.ts';
import type { RdPunt } from '../viewer/url.ts';
import { useKaart } from './Kaart.tsx';
import { ZOEKLOCATIE } from './kleuren.ts';
import { naarWgs84, rdPunt } from './rd.ts';

const LEEG: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const wgs = (ps: RdPunt[]) => ps.map((p) => naarWgs84(p));

/**
 * The chosen location on the map (a point, line or area), the line or area being drawn, and
 * what a click does: choose a point, or add a point to the drawing (double-click finishes it).
 */
export function Zoeklocatie() {
  const kaart = useKaart();
  const { staat, zet, modus, schets, zetSchets, rondTekeningAf } = useViewer();
  onMount(() => {
    const map = kaart();
    map.addSource('zoeklocatie', { type: 'geojson', data: LEEG });
    map.addLayer({ id: 'zoeklocatie-vlak', type: 'fill', source: 'zoeklocatie', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': ZOEKLOCATIE, 'fill-opacity': 0.08 } });
    map.addLayer({ id: 'zoeklocatie-lijn', type: 'line', source: 'zoeklocatie', paint: { 'line-color': ZOEKLOCATIE, 'line-width': 3 } });
    map.addLayer({ id: 'zoeklocatie-punt', type: 'circle', source: 'zoeklocatie', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': ZOEKLOCATIE, 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });

    const klik = (e: { lngLat: { lng: number; lat: number } }) => {
      const punt = rdPunt([e.lngLat.lng, e.lngLat.lat]);
      if (modus() === 'punt') zet({ locatie: { type: 'Point', coordinates: punt }, regel: undefined });
      else zetSchets([...schets(), punt]);
    };
    const dubbel = (e: { preventDefault(): void }) => {
      if (modus() === 'punt') return;
      e.preventDefault();
      rondTekeningAf();
    };
    map.on('click', klik);
    map.on('dblclick', dubbel);
    onCleanup(() => {
      map.off('click', klik);
      map.off('dblclick', dubbel);
    });
  });

  createEffect(() => {
    const l = staat.locatie;
    const s = schets();
    const features: GeoJSON.Feature[] = [];
    if (l?.type === 'Point') features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: naarWgs84(l.coordinates) } });
    if (l?.type === 'LineString') features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: wgs(l.coordinates) } });
    if (l?.type === 'Polygon') features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [wgs(l.coordinates[0]!)] } });
    if (s.length > 0) {
      features.push(...s.map((p): GeoJSON.Feature => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: naarWgs84(p) } })));
      if (s.length > 1) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: wgs(modus() === 'vlak' ? [...s, s[0]!] : s) } });
    }
    (kaart().getSource('zoeklocatie') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  });
  createEffect(() => {
    // While drawing, a double-click finishes the drawing instead of zooming in.
    if (modus() === 'punt') kaart().doubleClickZoom.enable();
    else kaart().doubleClickZoom.disable();
  });
  return null;
}
