import { For, Show, createSignal } from 'solid-js';
import { inNederland, rdPunt } from '../kaart/rd.ts';
import { zoekPlaatsen, type Configuratie, type Plaats } from '../viewer/api.ts';
import type { RdPunt } from '../viewer/url.ts';

/**
 * Searching a place by name: in our own data, and in PDOK Locatieserver when the configuration
 * has one. Choosing one found gives it, with its point in RD, to `onKies`; a place outside the
 * Netherlands is refused. Used by the viewer and by the Vergunningcheck.
 */
export function PlaatsZoeker(props: { configuratie?: Configuratie; onKies: (plaats: Plaats, punt: RdPunt) => void }) {
  const [zoekterm, zetZoekterm] = createSignal('');
  const [gevonden, zetGevonden] = createSignal<Plaats[]>([]);
  const [melding, zetMelding] = createSignal('');

  const zoek = async (e: Event) => {
    e.preventDefault();
    const q = zoekterm().trim();
    zetGevonden([]);
    if (q.length < 2) return zetMelding('Typ minstens 2 letters.');
    zetMelding('Zoeken…');
    try {
      const alles = await zoekPlaatsen(q, props.configuratie);
      zetGevonden(alles);
      zetMelding(alles.length ? `${alles.length} ${alles.length === 1 ? 'plek' : 'plekken'} gevonden.` : `Geen plek gevonden voor "${q}".`);
    } catch (fout) {
      zetMelding((fout as Error).message);
    }
  };
  const kies = (p: Plaats) => {
    const punt = rdPunt(p.centrum);
    if (!inNederland(punt)) return zetMelding(`${p.naam} ligt niet in Nederland.`);
    props.onKies(p, punt);
    zetGevonden([]);
    zetMelding(`Locatie: ${p.naam}.`);
  };

  return (
    <>
      <form role="search" onSubmit={zoek} class="rij">
        <label for="zoek-plek">{props.configuratie?.locatieserver ? 'Zoek een plaats, adres of gebied' : 'Zoek een plaats of gebied'}</label>
        <div class="invoer-met-knop">
          <input id="zoek-plek" type="search" autocomplete="off" value={zoekterm()} onInput={(e) => zetZoekterm(e.currentTarget.value)} />
          <button type="submit">Zoek</button>
        </div>
      </form>
      <p id="zoek-plek-melding" class="melding" role="status">{melding()}</p>
      <Show when={gevonden().length}>
        <ul class="gevonden" aria-label="Gevonden plekken">
          <For each={gevonden()}>
            {(p) => (
              <li>
                <button type="button" class="link" onClick={() => kies(p)}>
                  {p.naam} <span class="soort">{p.soort}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
