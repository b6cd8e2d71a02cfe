import { For, Show, createSignal } from 'solid-js';
import { Link } from '../app/Link.tsx';
import { naarRd, naarWgs84, inNederland } from '../kaart/rd.ts';
import { locatieserver, plaatsen, type Plaats } from '../viewer/api.ts';
import { useViewer, type Tekenmodus } from '../viewer/context.ts';

const MODI: { modus: Tekenmodus; naam: string; uitleg: string }[] = [
  { modus: 'punt', naam: 'Punt', uitleg: 'Klik op de kaart om een plek te kiezen.' },
  { modus: 'lijn', naam: 'Lijn', uitleg: 'Klik op de kaart voor elk punt van de lijn. Dubbelklik of kies Klaar om af te ronden.' },
  { modus: 'vlak', naam: 'Vlak', uitleg: 'Klik op de kaart voor elke hoek van het gebied. Dubbelklik of kies Klaar om af te ronden.' },
];

/**
 * Choosing the location: a place name (our own data, and PDOK Locatieserver when configured),
 * RD coordinates, or on the map a point, a line or an area.
 */
export function LocatieKiezer(props: { naarPlek: (centrum: [number, number], bbox?: [number, number, number, number]) => void }) {
  const { staat, zet, configuratie, modus, zetModus, schets, zetSchets } = useViewer();
  const [zoekterm, zetZoekterm] = createSignal('');
  const [gevonden, zetGevonden] = createSignal<Plaats[]>();
  const [melding, zetMelding] = createSignal('');
  const [x, zetX] = createSignal('');
  const [y, zetY] = createSignal('');

  const zoek = async (e: Event) => {
    e.preventDefault();
    const q = zoekterm().trim();
    if (q.length < 2) return zetMelding('Typ minstens 2 letters.');
    zetMelding('Zoeken…');
    const ls = configuratie()?.locatieserver;
    const [eigen, pdok] = await Promise.all([plaatsen(q).catch(() => []), ls ? locatieserver(ls, q) : Promise.resolve([])]);
    const alles = [...eigen, ...pdok];
    zetGevonden(alles);
    zetMelding(alles.length ? `${alles.length} ${alles.length === 1 ? 'plek' : 'plekken'} gevonden.` : `Geen plek gevonden voor "${q}".`);
  };
  const kies = (p: Plaats) => {
    const [px, py] = naarRd(p.centrum);
    zet({ locatie: { type: 'Point', coordinates: [Math.round(px * 100) / 100, Math.round(py * 100) / 100] }, regel: undefined });
    props.naarPlek(p.centrum, p.bbox);
    zetGevonden(undefined);
    zetMelding(`Locatie: ${p.naam}.`);
  };
  const coordinaten = (e: Event) => {
    e.preventDefault();
    const p: [number, number] = [Number(x().replace(',', '.')), Number(y().replace(',', '.'))];
    if (!p.every(Number.isFinite) || !inNederland(p)) return zetMelding('Deze coördinaten liggen niet in Nederland. RD-coördinaten zijn meters, bijvoorbeeld x 155000 en y 463000.');
    zet({ locatie: { type: 'Point', coordinates: p }, regel: undefined });
    props.naarPlek(naarWgs84(p));
    zetMelding(`Locatie: x ${p[0]}, y ${p[1]}.`);
  };
  const kiesModus = (m: Tekenmodus) => {
    zetModus(m);
    zetSchets([]);
  };
  const klaar = () => {
    const ps = schets();
    if (modus() === 'lijn' && ps.length >= 2) zet({ locatie: { type: 'LineString', coordinates: ps }, regel: undefined });
    else if (modus() === 'vlak' && ps.length >= 3) zet({ locatie: { type: 'Polygon', coordinates: [[...ps, ps[0]!]] }, regel: undefined });
    else return zetMelding(modus() === 'lijn' ? 'Een lijn heeft minstens 2 punten.' : 'Een vlak heeft minstens 3 punten.');
    zetSchets([]);
  };

  return (
    <section class="blok" aria-labelledby="kop-locatie">
      <h2 id="kop-locatie">Locatie</h2>
      <form role="search" onSubmit={zoek} class="rij">
        <label for="zoek-plek">Zoek een plaats, adres of gebied</label>
        <div class="invoer-met-knop">
          <input id="zoek-plek" type="search" autocomplete="off" value={zoekterm()} onInput={(e) => zetZoekterm(e.currentTarget.value)} />
          <button type="submit">Zoek</button>
        </div>
      </form>
      <p class="melding" role="status">{melding()}</p>
      <Show when={gevonden()?.length}>
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
      <details>
        <summary>RD-coördinaten invoeren</summary>
        <form onSubmit={coordinaten} class="coordinaten-invoer">
          <label>
            x <input inputmode="decimal" value={x()} onInput={(e) => zetX(e.currentTarget.value)} size="9" />
          </label>
          <label>
            y <input inputmode="decimal" value={y()} onInput={(e) => zetY(e.currentTarget.value)} size="9" />
          </label>
          <button type="submit">Toon</button>
        </form>
      </details>
      <fieldset class="modi">
        <legend>Kies op de kaart</legend>
        <For each={MODI}>
          {(m) => (
            <button type="button" aria-pressed={modus() === m.modus} onClick={() => kiesModus(m.modus)}>
              {m.naam}
            </button>
          )}
        </For>
        <p class="uitleg">{MODI.find((m) => m.modus === modus())!.uitleg}</p>
        <Show when={modus() !== 'punt'}>
          <p>
            {schets().length} {schets().length === 1 ? 'punt' : 'punten'} gezet.{' '}
            <button type="button" onClick={klaar}>Klaar</button> <button type="button" onClick={() => zetSchets([])}>Opnieuw</button>
          </p>
        </Show>
      </fieldset>
      <Show when={staat.locatie}>
        <p class="gekozen">
          Gekozen: {staat.locatie!.type === 'Point' ? `punt (x ${Math.round(staat.locatie!.coordinates[0] as number)}, y ${Math.round(staat.locatie!.coordinates[1] as number)})` : staat.locatie!.type === 'LineString' ? 'een lijn' : 'een gebied'}{' '}
          <button type="button" class="link" onClick={() => zet({ locatie: undefined, regel: undefined })}>Wissen</button>
        </p>
        <Show when={staat.locatie!.type === 'Point'}>
          <p>
            <Link href={`/vergunningcheck?punt=${(staat.locatie!.coordinates as number[]).join(',')}`}>Doe de vergunningcheck voor deze plek</Link>
          </p>
        </Show>
      </Show>
    </section>
  );
}
