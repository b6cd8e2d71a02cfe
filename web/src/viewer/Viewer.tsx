import type { Map as MaplibreKaart } from 'maplibre-gl';
import { Show, createMemo, createResource, createEffect, createSignal, onCleanup, onMount } from 'solid-js';
import { createStore } from 'solid-js/store';
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
import { configuratie as laadConfiguratie, regelsOp, type Regelvraag } from './api.ts';
import { ViewerContext, type Tekenmodus, type ViewerContextWaarde } from './context.ts';
import { naarZoekdeel, uitZoekdeel, type RdPunt, type Viewerstaat, type Zoeklocatie as Locatie } from './url.ts';

/**
 * Regels op de kaart: choose a location, a moment and filters; see the regels of every
 * overheid there in a list and their werkingsgebieden on the map. The state is the URL.
 */
export function Viewer() {
  const [staat, zet] = createStore<Viewerstaat>(uitZoekdeel(location.search));
  const [configuratie] = createResource(laadConfiguratie);
  const [versie, zetVersie] = createSignal<string>();
  const [kaart, zetKaart] = createSignal<MaplibreKaart>();
  const [modus, zetModus] = createSignal<Tekenmodus>('punt');
  const [schets, zetSchets] = createSignal<RdPunt[]>([]);
  const [locatiemelding, zetLocatiemelding] = createSignal('');

  // The URL follows the state, so a link (or a reload) opens the same view.
  createEffect(() => {
    const q = naarZoekdeel(staat);
    if (location.pathname === '/kaart') history.replaceState(null, '', q ? `/kaart?${q}` : '/kaart');
  });

  // Everything the list depends on (not the view, not the chosen regel), as one text: reading it
  // all tracks it, and an equal text asks nothing again.
  const vraag = () => (staat.locatie ? JSON.stringify({ locatie: staat.locatie, geldigOp: staat.geldigOp, ontwerpen: staat.ontwerpen, beschikbaarOp: staat.beschikbaarOp, filters: staat.filters, v: versie() }) : undefined);
  let lopend: AbortController | undefined;
  const [regels] = createResource(vraag, async (tekst) => {
    lopend?.abort();
    lopend = new AbortController();
    const v = JSON.parse(tekst) as Regelvraag & { locatie: Locatie };
    return regelsOp(v.locatie, v, lopend.signal);
  });
  const gekozenRegel = createMemo(() => {
    for (const d of regels()?.documenten ?? []) for (const r of d.juridischeRegels) if (r.identificatie === staat.regel) return { d, r };
    return undefined;
  });

  /** A double-click adds its point twice (two clicks), Klaar after one may too: once is enough. */
  const rondTekeningAf = () => {
    if (modus() === 'punt') return;
    const ps = schets().filter((p, i, a) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]);
    if (modus() === 'lijn' && ps.length >= 2) zet({ locatie: { type: 'LineString', coordinates: ps }, regel: undefined });
    else if (modus() === 'vlak' && ps.length >= 3) zet({ locatie: { type: 'Polygon', coordinates: [[...ps, ps[0]!]] }, regel: undefined });
    else {
      zetSchets(ps);
      zetLocatiemelding(modus() === 'lijn' ? 'Een lijn heeft minstens 2 punten.' : 'Een vlak heeft minstens 3 punten.');
      return;
    }
    zetSchets([]);
    zetLocatiemelding('');
  };

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

  const waarde: ViewerContextWaarde = { staat, zet, configuratie, regels, gekozenRegel, versie, kaart, zetKaart, modus, zetModus, schets, zetSchets, rondTekeningAf, locatiemelding, zetLocatiemelding };
  return (
    <ViewerContext.Provider value={waarde}>
      <div class="viewer">
        <div class="paneel">
          <h1 tabindex="-1">Regels op de kaart</h1>
          <LocatieKiezer />
          <Tijdreis />
          <Filters />
          <RegelsLijst />
          <PlannenOpLocatie />
        </div>
        <section class="kaartvak" aria-label="Kaart">
          <Show when={!configuratie.error && configuratie()} fallback={<p class="melding">{configuratie.error ? 'De kaart kan niet worden geladen.' : 'Kaart laden…'}</p>}>
            <Kaart>
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
