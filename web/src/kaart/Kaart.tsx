import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Show, onCleanup, onMount, type Accessor, type JSX } from 'solid-js';
import { useViewer } from '../viewer/context.ts';
import type { RdPunt, Zoeklocatie } from '../viewer/url.ts';
import { naarWgs84 } from './rd.ts';
import { basisstijl } from './stijl.ts';

maplibregl.setWorkerUrl(workerUrl);

/** The map, for the layers and controls inside `<Kaart>` (made only once the map is ready). */
export function useKaart(): Accessor<maplibregl.Map> {
  const { kaart } = useViewer();
  return () => kaart()!;
}

/** The Netherlands, as the map first shows it without a location. */
const NEDERLAND: [number, number, number, number] = [3.3, 50.7, 7.3, 53.6];

/** The middle of a location's points (their average: enough to show it). */
function middenVan(l: Zoeklocatie): RdPunt {
  const ps = l.type === 'Point' ? [l.coordinates] : l.type === 'LineString' ? l.coordinates : l.coordinates[0]!;
  return [ps.reduce((s, p) => s + p[0], 0) / ps.length, ps.reduce((s, p) => s + p[1], 0) / ps.length];
}
const lonLat = (p: RdPunt) => {
  const [lon, lat] = naarWgs84(p);
  return { lon, lat };
};

/**
 * The MapLibre map, made once; it is in the viewer's context as soon as its style is read, and
 * then its children (layers, controls) add what they show in the order they are written.
 */
export function Kaart(props: { children: JSX.Element }) {
  const { staat, zet, configuratie, kaart, zetKaart } = useViewer();
  let vak!: HTMLDivElement;
  onMount(() => {
    // The view in the link; else the chosen location, close by; else the whole country.
    const beeld = staat.beeld ?? (staat.locatie ? { ...lonLat(middenVan(staat.locatie)), zoom: 14 } : undefined);
    const map = new maplibregl.Map({
      container: vak,
      style: basisstijl(configuratie()!, staat.basiskaart ?? configuratie()!.basiskaart),
      ...(beeld ? { center: [beeld.lon, beeld.lat], zoom: beeld.zoom } : { bounds: NEDERLAND }),
      attributionControl: { compact: false },
      maxBounds: [-2, 49, 12, 56],
      dragRotate: false,
      pitchWithRotate: false,
      // Keeps the drawing buffer, so a screenshot (and a test) sees what is drawn.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.getCanvas().setAttribute('aria-label', 'Kaart. Gebruik de pijltjestoetsen om te schuiven en plus en min om in en uit te zoomen.');
    // The layers are added as soon as the style is there, not after the base map's first tiles (load).
    map.once('style.load', () => zetKaart(map));
    // For the browser tests and the developer console: the map, to ask what it shows.
    (window as unknown as { omgevingsloketKaart?: maplibregl.Map }).omgevingsloketKaart = map;
    map.on('moveend', () => {
      const c = map.getCenter();
      zet('beeld', { lon: c.lng, lat: c.lat, zoom: map.getZoom() });
    });
    onCleanup(() => map.remove());
  });
  return (
    <div class="kaart" ref={vak}>
      <Show when={kaart()}>{props.children}</Show>
    </div>
  );
}
