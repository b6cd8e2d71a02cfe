import { For, Show, createEffect } from 'solid-js';
import { LAAGNAAM } from '../kaart/kleuren.ts';
import { useViewer } from '../viewer/context.ts';
import { Annotaties, kopVan } from './RegelsLijst.tsx';

/** The text of the chosen regel's artikel or lid, beside the map, with what it says where. */
export function Artikel() {
  const { zet, gekozenRegel: gekozen } = useViewer();
  let kop: HTMLHeadingElement | undefined;
  createEffect(() => {
    if (gekozen()) queueMicrotask(() => kop?.focus());
  });
  return (
    <Show when={gekozen()}>
      {(g) => (
        <aside class="artikel" aria-labelledby="kop-artikel">
          <p class="bron">
            {g().d.citeertitel} · {LAAGNAAM[g().d.bevoegdGezag.bestuurslaag]}
            {g().d.status === 'ontwerp' ? ' · ontwerp' : ''}
          </p>
          <h2 id="kop-artikel" tabindex="-1" ref={kop}>{kopVan(g().r)}</h2>
          <For each={g().r.regeltekst.tekst.split('\n').filter(Boolean)}>{(alinea) => <p>{alinea}</p>}</For>
          <Annotaties regel={g().r} />
          <p class="uitleg">Waar deze regel geldt, is geel op de kaart.</p>
          <button type="button" onClick={() => zet('regel', undefined)}>Sluiten</button>
        </aside>
      )}
    </Show>
  );
}
