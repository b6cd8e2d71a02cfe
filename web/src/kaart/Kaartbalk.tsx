import { For, createEffect, createSignal, on, onCleanup, onMount } from 'solid-js';
import { useViewer } from '../viewer/context.ts';
import { useKaart } from './Kaart.tsx';
import { naarRd, rdPunt } from './rd.ts';
import { basislagen } from './stijl.ts';

/**
 * Controls on the map: the base map, the bestemmingsplannen layer, and the RD coordinates of
 * the pointer (or of the map's centre, for keyboard users).
 */
export function Kaartbalk() {
  const kaart = useKaart();
  const { staat, zet, configuratie } = useViewer();
  const gekozen = () => staat.basiskaart ?? configuratie()!.basiskaart;
  const [rd, zetRd] = createSignal<[number, number]>();
  createEffect(
    on(gekozen, (nieuw, oud) => {
      const map = kaart();
      for (const id of oud ? basislagen(oud) : []) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'none');
      for (const id of basislagen(nieuw)) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'visible');
    }),
  );
  /** For keyboard users: the point in the middle of the map (shown by the cross-hair) becomes the location. */
  const kiesMidden = () => {
    const c = kaart().getCenter();
    zet({ locatie: { type: 'Point', coordinates: rdPunt([c.lng, c.lat]) }, regel: undefined });
  };
  onMount(() => {
    const map = kaart();
    const beweeg = (e: { lngLat: { lng: number; lat: number } }) => zetRd(naarRd([e.lngLat.lng, e.lngLat.lat]));
    const midden = () => {
      const c = map.getCenter();
      zetRd(naarRd([c.lng, c.lat]));
    };
    midden();
    map.on('mousemove', beweeg);
    map.on('moveend', midden);
    onCleanup(() => {
      map.off('mousemove', beweeg);
      map.off('moveend', midden);
    });
  });
  return (
    <>
      <div class="kaartbalk">
        <label>
          Achtergrond{' '}
          <select value={gekozen()} onChange={(e) => zet('basiskaart', e.currentTarget.value)}>
            <For each={configuratie()!.basiskaarten}>{(b) => <option value={b.id}>{b.naam}</option>}</For>
          </select>
        </label>
        <label class="schakelaar">
          <input type="checkbox" checked={staat.bestemmingsplannen} onChange={(e) => zet('bestemmingsplannen', e.currentTarget.checked)} /> Bestemmingsplannen
        </label>
        <button type="button" onClick={kiesMidden} title="Schuif de kaart met de pijltjestoetsen; deze knop kiest het punt in het midden">
          Kies het midden
        </button>
      </div>
      <div class="vizier" aria-hidden="true" />
      <p class="coordinaten" aria-hidden="true">
        RD {rd() ? `${Math.round(rd()![0])}, ${Math.round(rd()![1])}` : ''}
      </p>
    </>
  );
}
