import { For, Match, Show, Switch } from 'solid-js';
import { LAAGKLEUR, LAAGNAAM } from '../kaart/kleuren.ts';
import type { JuridischeRegel } from '../viewer/api.ts';
import { useViewer } from '../viewer/context.ts';

/** "Artikel 2.1 Bouwen", or "Lid 2 van artikel 2.1". */
export function kopVan(r: JuridischeRegel): string {
  const t = r.regeltekst;
  const soort = t.soort === 'lid' ? 'Lid' : t.soort === 'divisietekst' ? '' : 'Artikel';
  return [soort, t.nummer, t.opschrift].filter(Boolean).join(' ');
}

const KWALIFICATIE: Record<string, string> = {
  vergunningplicht: 'vergunning nodig',
  meldingsplicht: 'melding nodig',
  informatieplicht: 'informatie geven',
  gebod: 'gebod',
  verbod: 'verbod',
  toegestaan: 'toegestaan',
  'anders geduid': 'anders geregeld',
};

/** What a regel says about activities, areas and values, in a few words. */
export function Annotaties(props: { regel: JuridischeRegel }) {
  return (
    <ul class="annotaties">
      <For each={props.regel.activiteiten}>{(a) => <li><span class="tag">{KWALIFICATIE[a.kwalificatie] ?? a.kwalificatie}</span> {a.naam}</li>}</For>
      <For each={props.regel.gebiedsaanwijzingen}>{(g) => <li><span class="tag">{g.type}</span> {g.naam}</li>}</For>
      <For each={props.regel.normen}>
        {(n) => (
          <li>
            <span class="tag">{n.type === 'Omgevingswaarde' ? 'omgevingswaarde' : 'norm'}</span> {n.naam}:{' '}
            {[...new Set(n.normwaarden.map((w) => `${w.waarde}${n.eenheid ? ` ${n.eenheid}` : ''}`))].join(', ')}
          </li>
        )}
      </For>
    </ul>
  );
}

/**
 * The regels at the chosen location, of every overheid, one section per document. Choosing a
 * regel shows its text and highlights where it applies. Usable without the map.
 */
export function RegelsLijst() {
  const { staat, zet, regels } = useViewer();
  return (
    <section class="blok regels" aria-labelledby="kop-regels" aria-busy={regels.loading}>
      <h2 id="kop-regels">Regels op deze locatie</h2>
      <div role="status" class="melding">
        <Switch>
          <Match when={!staat.locatie}>Kies een locatie: zoek een plek, of klik op de kaart.</Match>
          <Match when={regels.loading}>Regels laden…</Match>
          <Match when={regels.error}>{(regels.error as Error).message}</Match>
          <Match when={regels()?.totaal === 0}>Hier gelden geen regels voor deze datum en filters.</Match>
          <Match when={regels()}>{`${regels()!.documenten.reduce((n, d) => n + d.juridischeRegels.length, 0)} regels in ${regels()!.totaal} documenten.`}</Match>
        </Switch>
      </div>
      <Show when={!regels.error && regels()}>
        <For each={regels()!.documenten}>
          {(d) => (
            <section class={`document ${d.status}`} style={{ '--laag': LAAGKLEUR[d.bevoegdGezag.bestuurslaag] ?? '#444' }}>
              <h3>
                {d.citeertitel}
                <span class="sub">
                  {LAAGNAAM[d.bevoegdGezag.bestuurslaag] ?? d.bevoegdGezag.bestuurslaag} · {d.documenttype}
                  {d.status === 'ontwerp' ? ' · ' : ''}
                  <Show when={d.status === 'ontwerp'}><span class="label ontwerp">Ontwerp</span></Show>
                </span>
              </h3>
              <ul class="regellijst">
                <For each={d.juridischeRegels}>
                  {(r) => (
                    <li>
                      <button type="button" class="regel" aria-pressed={staat.regel === r.identificatie} onClick={() => zet('regel', staat.regel === r.identificatie ? undefined : r.identificatie)}>
                        <span class="kop">{kopVan(r)}</span>
                        <Annotaties regel={r} />
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </Show>
    </section>
  );
}
