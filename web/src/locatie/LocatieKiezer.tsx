import { For, Show, createSignal } from 'solid-js';
import { Link } from '../app/Link.tsx';
import { naarWgs84, inNederland } from '../kaart/rd.ts';
import { useViewer, type Tekenmodus } from '../viewer/context.ts';
import { PlaatsZoeker } from './PlaatsZoeker.tsx';

const MODI: { modus: Tekenmodus; naam: string; uitleg: string }[] = [
  { modus: 'punt', naam: 'Punt', uitleg: 'Klik op de kaart om een plek te kiezen.' },
  { modus: 'lijn', naam: 'Lijn', uitleg: 'Klik op de kaart voor elk punt van de lijn. Dubbelklik of kies Klaar om af te ronden.' },
  { modus: 'vlak', naam: 'Vlak', uitleg: 'Klik op de kaart voor elke hoek van het gebied. Dubbelklik of kies Klaar om af te ronden.' },
];

/**
 * Choosing the location: a place name (our own data, and PDOK Locatieserver when configured),
 * RD coordinates, or on the map a point, a line or an area.
 */
export function LocatieKiezer() {
  const { staat, zet, configuratie, kaart, modus, zetModus, schets, zetSchets, rondTekeningAf, locatiemelding, zetLocatiemelding } = useViewer();
  const [x, zetX] = createSignal('');
  const [y, zetY] = createSignal('');

  /** Moves the map to a place found by name or coordinates (once the map is there). */
  const naarPlek = (centrum: [number, number], bbox?: [number, number, number, number]) => {
    const k = kaart();
    if (!k) return;
    if (bbox) k.fitBounds(bbox, { padding: 40, maxZoom: 15 });
    else k.flyTo({ center: centrum, zoom: Math.max(k.getZoom(), 15) });
  };
  const coordinaten = (e: Event) => {
    e.preventDefault();
    const p: [number, number] = [Number(x().replace(',', '.')), Number(y().replace(',', '.'))];
    if (!p.every(Number.isFinite) || !inNederland(p)) return zetLocatiemelding('Deze coördinaten liggen niet in Nederland. RD-coördinaten zijn meters, bijvoorbeeld x 155000 en y 463000.');
    zet({ locatie: { type: 'Point', coordinates: p }, regel: undefined });
    naarPlek(naarWgs84(p));
    zetLocatiemelding(`Locatie: x ${p[0]}, y ${p[1]}.`);
  };
  const kiesModus = (m: Tekenmodus) => {
    zetModus(m);
    zetSchets([]);
  };

  return (
    <section class="blok" aria-labelledby="kop-locatie">
      <h2 id="kop-locatie">Locatie</h2>
      <PlaatsZoeker
        configuratie={configuratie.error ? undefined : configuratie()}
        onKies={(p, punt) => {
          zet({ locatie: { type: 'Point', coordinates: punt }, regel: undefined });
          naarPlek(p.centrum, p.bbox);
          zetLocatiemelding('');
        }}
      />
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
            <button type="button" onClick={rondTekeningAf}>Klaar</button> <button type="button" onClick={() => zetSchets([])}>Opnieuw</button>
          </p>
        </Show>
      </fieldset>
      <p id="locatie-melding" class="melding" role="status">{locatiemelding()}</p>
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
