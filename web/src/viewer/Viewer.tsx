import { Show, createEffect, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { Filters } from '../filters/Filters.tsx';
import { Bestemmingsplannen } from '../kaart/Bestemmingsplannen.tsx';
import { Kaart } from '../kaart/Kaart.tsx';
import { Kaartbalk } from '../kaart/Kaartbalk.tsx';
import { Markering } from '../kaart/Markering.tsx';
import { Werkingsgebieden } from '../kaart/Werkingsgebieden.tsx';
import { Zoeklocatie } from '../kaart/Zoeklocatie.tsx';
import { LocatieKiezer } from '../locatie/LocatieKiezer.tsx';
import { Artikel } from '../regels/Artikel.tsx';
import { PlannenOpLocatie } from '../regels/PlannenOpLocatie.tsx';
import { RegelsLijst } from '../regels/RegelsLijst.tsx';
import { Tijdreis } from '../tijd/Tijdreis.tsx';
import { configuratie as laadConfiguratie, regelsOp } from './api.ts';
import { ViewerContext, type Tekenmodus } from './context.ts';
import { naarZoekdeel, uitZoekdeel, type RdPunt, type Viewerstaat } from './url.ts';

/**
 * Regels op de kaart: choose a location, a moment and filters; see the regels of every
 * overheid there in a list and their werkingsgebieden on the map. The state is the URL.
 */
export function Viewer() {
  const [staat, zet] = createStore<Viewerstaat>(uitZoekdeel(location.search));
  const [configuratie] = createResource(laadConfiguratie);
  const [versie, zetVersie] = createSignal<string>();
  const [modus, zetModus] = createSignal<Tekenmodus>('punt');
  const [schets, zetSchets] = createSignal<RdPunt[]>([]);

  // The URL follows the state, so a link (or a reload) opens the same view.
  createEffect(() => {
    const q = naarZoekdeel(staat);
    if (location.pathname === '/kaart') history.replaceState(null, '', q ? `/kaart?${q}` : '/kaart');
  });

  const vraag = () => {
    if (!staat.locatie) return undefined;
    // Everything the list depends on, read here so the resource follows it (not the view, not the chosen regel).
    return { ...structuredClone(unwrap({ locatie: staat.locatie, geldigOp: staat.geldigOp, ontwerpen: staat.ontwerpen, beschikbaarOp: staat.beschikbaarOp, filters: staat.filters })), v: versie(), f: JSON.stringify(staat.filters) };
  };
  let lopend: AbortController | undefined;
  const [regels] = createResource(vraag, async (v) => {
    lopend?.abort();
    lopend = new AbortController();
    return regelsOp(v.locatie!, { ...staat, ...v }, lopend.signal);
  });

  onMount(() => {
    // New publications: the server says the map data moved on; map and list follow.
    // The first message tells the version the page already shows; only a later, other one is news.
    const bron = new EventSource('/api/events');
    let bekend: string | undefined;
    bron.addEventListener('tiles', (e) => {
      const v = JSON.parse((e as MessageEvent).data).v as string;
      if (bekend !== undefined && v !== bekend) zetVersie(v);
      bekend = v;
    });
    onCleanup(() => bron.close());
  });

  let naarPlek: (centrum: [number, number], bbox?: [number, number, number, number]) => void = () => {};
  const waarde = { staat, zet, configuratie, regels, versie, modus, zetModus, schets, zetSchets };
  return (
    <ViewerContext.Provider value={waarde}>
      <div class="viewer">
        <div class="paneel">
          <h1 tabindex="-1">Regels op de kaart</h1>
          <LocatieKiezer naarPlek={(c, b) => naarPlek(c, b)} />
          <Tijdreis />
          <Filters />
          <RegelsLijst />
          <PlannenOpLocatie />
        </div>
        <section class="kaartvak" aria-label="Kaart">
          <Show when={configuratie()} fallback={<p class="melding">{configuratie.error ? 'De kaart kan niet worden geladen.' : 'Kaart laden…'}</p>}>
            <Kaart>
              <KaartHulp zetNaarPlek={(f) => (naarPlek = f)} />
              <Bestemmingsplannen />
              <Werkingsgebieden />
              <Markering />
              <Zoeklocatie />
              <Kaartbalk />
            </Kaart>
          </Show>
          <Artikel />
        </section>
      </div>
    </ViewerContext.Provider>
  );
}

import { useKaart } from '../kaart/Kaart.tsx';

/** Lets the panel move the map to a place found by name or coordinates. */
function KaartHulp(props: { zetNaarPlek: (f: (centrum: [number, number], bbox?: [number, number, number, number]) => void) => void }) {
  const kaart = useKaart();
  props.zetNaarPlek((centrum, bbox) => {
    if (bbox) kaart().fitBounds(bbox, { padding: 40, maxZoom: 15 });
    else kaart().flyTo({ center: centrum, zoom: Math.max(kaart().getZoom(), 15) });
  });
  return null;
}
