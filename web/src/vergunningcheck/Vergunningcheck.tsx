import { For, Match, Show, Switch, createEffect, createResource, createSignal, on } from 'solid-js';
import { Link } from '../app/Link.tsx';
import { ga, zoekdeel } from '../app/router.ts';
import { PlaatsZoeker } from '../locatie/PlaatsZoeker.tsx';
import { configuratie } from '../viewer/api.ts';
import { uitZoekdeel, type RdPunt } from '../viewer/url.ts';
import { beantwoord, check, excelUrl, startCheck, terug, werkzaamheden, type Checktoestand, type Conclusie } from './api.ts';

/** What a conclusie means, in plain words. */
const UITLEG: Record<Conclusie, string> = {
  Vergunningplicht: 'U hebt een omgevingsvergunning nodig.',
  Meldingsplicht: 'U moet een melding doen voordat u begint.',
  Informatieplicht: 'U moet de overheid vooraf informatie geven.',
  Toestemmingsvrij: 'U hebt geen vergunning nodig en hoeft geen melding te doen.',
  Verbod: 'Dit mag hier niet.',
  NietVanToepassing: 'Deze regels gelden hier niet voor wat u wilt doen.',
  NietTeBepalen: 'De check kan dit niet bepalen.',
};

/** Markdown in toelichtingen, shown as plain text: links by their words, no marks. */
const gewoon = (tekst: string) =>
  tekst
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/!video\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_#]+/g, '')
    .trim();

/**
 * The Vergunningcheck: choose the place and what you want to do, answer one question at a
 * time, and see per overheid whether you need a vergunning or a melding, with the maatregelen
 * and what an aanvraag needs. The check is in the URL (?sessie=…), so a reload resumes it.
 */
export function Vergunningcheck() {
  const sessie = () => new URLSearchParams(zoekdeel()).get('sessie') ?? undefined;
  const [toestand, { mutate }] = createResource(sessie, check);
  const [fout, zetFout] = createSignal('');
  const bezig = async (werk: () => Promise<Checktoestand>) => {
    zetFout('');
    try {
      mutate(await werk());
      queueMicrotask(() => document.querySelector<HTMLElement>('main h1, main legend, main h2')?.focus());
    } catch (e) {
      zetFout((e as Error).message);
    }
  };
  return (
    <div class="pagina check">
      <Switch>
        <Match when={!sessie()}>
          <Kiezen />
        </Match>
        <Match when={toestand.error}>
          <h1 tabindex="-1">Vergunningcheck</h1>
          <p role="alert">{(toestand.error as Error).message}</p>
          <p>
            <Link href="/vergunningcheck">Begin een nieuwe check</Link>
          </p>
        </Match>
        <Match when={toestand()?.volgende}>
          <Vraagstap t={toestand()!} fout={fout()} antwoord={(s, a) => bezig(() => beantwoord(toestand()!.id, s, a))} terug={() => bezig(() => terug(toestand()!.id))} />
        </Match>
        <Match when={toestand()}>
          <Uitkomst t={toestand()!} terug={() => bezig(() => terug(toestand()!.id))} />
        </Match>
      </Switch>
    </div>
  );
}

/** Step 1: the place (from the map, or found by name) and the werkzaamheden. */
function Kiezen() {
  // A point chosen on the map comes in the URL, as the viewer writes it.
  const l = uitZoekdeel(zoekdeel()).locatie;
  const vanKaart = l?.type === 'Point' ? l.coordinates : undefined;
  const [punt, zetPunt] = createSignal<RdPunt | undefined>(vanKaart);
  const [plaatsnaam, zetPlaatsnaam] = createSignal(vanKaart ? `x ${Math.round(vanKaart[0])}, y ${Math.round(vanKaart[1])} (gekozen op de kaart)` : '');
  // For the place search: PDOK Locatieserver too, when configured.
  const [config] = createResource(configuratie);
  const [filter, zetFilter] = createSignal('');
  const [lijst] = createResource(filter, werkzaamheden);
  const [gekozen, zetGekozen] = createSignal<string[]>([]);
  const [fout, zetFout] = createSignal('');
  const [bezig, zetBezig] = createSignal(false);

  const start = async (e: Event) => {
    e.preventDefault();
    if (!punt()) return zetFout('Kies eerst de plek.');
    if (!gekozen().length) return zetFout('Kies minstens één werkzaamheid.');
    zetBezig(true);
    zetFout('');
    try {
      const t = await startCheck(punt()!, gekozen());
      ga(`/vergunningcheck?sessie=${t.id}`);
    } catch (error) {
      zetFout((error as Error).message);
    } finally {
      zetBezig(false);
    }
  };
  return (
    <>
      <h1 tabindex="-1">Vergunningcheck</h1>
      <p class="inleiding">Beantwoord een paar vragen. Dan ziet u of u een vergunning nodig hebt of een melding moet doen, bij elke overheid die erover gaat.</p>
      {/* Step 1 outside the form of the check: the place search is a form of its own. */}
      <fieldset>
        <legend>1. Waar wilt u het doen?</legend>
        <Show when={punt()} fallback={<p>Kies de plek op de <Link href="/kaart">kaart</Link>, of zoek hem hieronder.</p>}>
          <p class="gekozen">Plek: {plaatsnaam()}</p>
        </Show>
        <PlaatsZoeker
          configuratie={config.error ? undefined : config()}
          onKies={(p, rd) => {
            zetPunt(rd);
            zetPlaatsnaam(p.naam);
            zetFout('');
          }}
        />
      </fieldset>
      <form onSubmit={start}>
        <fieldset>
          <legend>2. Wat wilt u gaan doen?</legend>
          <div class="rij">
            <label for="check-werkzaamheid">Zoek, bijvoorbeeld "dakkapel" of "boom"</label>
            <input id="check-werkzaamheid" type="search" value={filter()} onInput={(e) => zetFilter(e.currentTarget.value)} />
          </div>
          <ul class="keuzes">
            <For each={lijst() ?? []}>
              {(w) => (
                <li>
                  <label class="schakelaar">
                    <input type="checkbox" checked={gekozen().includes(w.id)} onChange={(e) => zetGekozen((g) => (e.currentTarget.checked ? [...g, w.id] : g.filter((x) => x !== w.id)))} /> {w.naam}
                  </label>
                </li>
              )}
            </For>
          </ul>
        </fieldset>
        <p role="alert" class="fout">{fout()}</p>
        <button type="submit" class="knop-hoofd" disabled={bezig()}>
          Start de check
        </button>
      </form>
    </>
  );
}

/** One question per step, with its explanation, progress, and back. */
function Vraagstap(props: { t: Checktoestand; fout: string; antwoord: (sleutel: string, antwoord: unknown) => void; terug: () => void }) {
  const v = () => props.t.volgende!;
  const [waarde, zetWaarde] = createSignal<unknown>();
  // Each new question starts empty, or with the answer known from earlier in the project.
  createEffect(on(() => v().sleutel, () => zetWaarde(v().voorIngevuld)));
  const [meldingLeeg, zetMeldingLeeg] = createSignal('');
  const nummer = () => props.t.beantwoord.length + 1;
  const totaal = () => props.t.beantwoord.length + props.t.nogNodig;
  const verstuur = (e: Event) => {
    e.preventDefault();
    let a = waarde();
    if (v().type === 'number') a = typeof a === 'string' && a.trim() !== '' ? Number(a.replace(',', '.')) : a;
    if (a === undefined || a === '' || (typeof a === 'number' && !Number.isFinite(a))) return zetMeldingLeeg('Geef een antwoord op de vraag.');
    zetMeldingLeeg('');
    props.antwoord(v().sleutel, a);
  };
  return (
    <>
      <h1 tabindex="-1">Vergunningcheck: {props.t.werkzaamheden.map((w) => w.naam).join(', ')}</h1>
      <p class="voortgang">
        Vraag {nummer()} van ongeveer {totaal()}
        <progress max={totaal()} value={nummer() - 1} aria-hidden="true" />
      </p>
      <form onSubmit={verstuur} class="vraag">
        <fieldset>
          <legend tabindex="-1">{v().tekst}</legend>
          <Show when={v().toelichting && gewoon(v().toelichting!)}>
            <p class="uitleg">{gewoon(v().toelichting!)}</p>
          </Show>
          <Show when={v().voorIngevuld !== undefined}>
            <p class="uitleg">Ingevuld met uw eerdere antwoord. U kunt het veranderen.</p>
          </Show>
          <Switch fallback={<input aria-label={v().tekst} value={(waarde() as string) ?? ''} onInput={(e) => zetWaarde(e.currentTarget.value)} />}>
            <Match when={v().type === 'boolean'}>
              <label class="schakelaar"><input type="radio" name="antwoord" checked={waarde() === true} onChange={() => zetWaarde(true)} /> Ja</label>
              <label class="schakelaar"><input type="radio" name="antwoord" checked={waarde() === false} onChange={() => zetWaarde(false)} /> Nee</label>
            </Match>
            <Match when={v().opties?.length}>
              <For each={v().opties}>
                {(o) => (
                  <label class="schakelaar">
                    <input type="radio" name="antwoord" checked={waarde() === o.tekst} onChange={() => zetWaarde(o.tekst)} /> {o.tekst}
                    <Show when={o.toelichting}><span class="uitleg"> {gewoon(o.toelichting!)}</span></Show>
                  </label>
                )}
              </For>
            </Match>
            <Match when={v().type === 'number'}>
              <input type="text" inputmode="decimal" aria-label={v().tekst} value={(waarde() as string | number | undefined) ?? ''} onInput={(e) => zetWaarde(e.currentTarget.value)} />
            </Match>
            <Match when={v().type === 'date'}>
              <input type="date" aria-label={v().tekst} value={(waarde() as string) ?? ''} onInput={(e) => zetWaarde(e.currentTarget.value)} />
            </Match>
          </Switch>
        </fieldset>
        <p role="alert" class="fout">{meldingLeeg() || props.fout}</p>
        <div class="knoppen">
          <Show when={props.t.beantwoord.length > 0}>
            <button type="button" onClick={() => props.terug()}>Terug</button>
          </Show>
          <button type="submit" class="knop-hoofd">Volgende</button>
        </div>
      </form>
      <Show when={props.t.uitLocatie.length}>
        <details>
          <summary>Beantwoord met de plek ({props.t.uitLocatie.length})</summary>
          <ul>
            <For each={props.t.uitLocatie}>{(u) => <li>{u.tekst} <strong>{antwoordTekst(u.antwoord)}</strong></li>}</For>
          </ul>
        </details>
      </Show>
    </>
  );
}

/** The check's point as the viewer's URL names it, so a regel opens where the check was done. */
const plekVan = (t: Checktoestand) => (t.locatie.type === 'Point' ? `punt=${(t.locatie.coordinates as number[]).join(',')}&` : '');

const antwoordTekst = (a: unknown) => (a === true ? 'Ja' : a === false ? 'Nee' : String(a));

/** The outcome: per overheid and activiteit, overall, with maatregelen (also as Excel) and indieningsvereisten. */
function Uitkomst(props: { t: Checktoestand; terug: () => void }) {
  return (
    <>
      <h1 tabindex="-1">Uitkomst van de check</h1>
      <div class={`totaal totaal-${props.t.totaal}`}>
        <p>{UITLEG[props.t.totaal]}</p>
      </div>
      <h2>Per overheid</h2>
      <ul class="conclusies">
        <For each={props.t.conclusies}>
          {(c) => (
            <li class="conclusie">
              <h3>
                {c.activiteitNaam} <span class="sub">{c.bevoegdGezag}</span>
              </h3>
              <p>
                {UITLEG[c.conclusie]}
                <Show when={c.reden}> ({c.reden})</Show>
              </p>
              <Show when={c.regels.length}>
                <p class="uitleg">
                  Volgens:{' '}
                  <For each={c.regels}>{(r, i) => <>{i() > 0 ? ', ' : ''}<Link href={`/kaart?${plekVan(props.t)}regel=${encodeURIComponent(r.identificatie)}`}>{r.identificatie.split('.').at(-1)}</Link></>}</For>
                </p>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.t.maatregelen.length}>
        <h2>Maatregelen</h2>
        <table class="maatregelen">
          <thead>
            <tr>
              <th scope="col">Nummer</th>
              <th scope="col">Maatregel</th>
              <th scope="col">Thema</th>
              <th scope="col">Hoe vaak</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.t.maatregelen}>
              {(m) => (
                <tr>
                  <td>{m.nummer}</td>
                  <td>{m.tekst}</td>
                  <td>{m.thema}</td>
                  <td>{m.frequentie}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <p>
          <a href={excelUrl(props.t.id)} download="maatregelen.xlsx" class="knop-link">Download de maatregelen als Excel-bestand</a>
        </p>
      </Show>
      <Show when={props.t.indieningsvereisten.length}>
        <h2>Wat u bij een aanvraag moet geven</h2>
        <ul>
          <For each={props.t.indieningsvereisten}>{(i) => <li>{i.tekst}</li>}</For>
        </ul>
      </Show>
      <div class="knoppen niet-printen">
        <button type="button" onClick={() => props.terug()}>Terug naar de laatste vraag</button>
        <button type="button" onClick={() => window.print()}>Print de uitkomst</button>
        <Link href="/aanvragen" class="knop">Aanvraag opstellen</Link>
      </div>
      <p class="uitleg">Datum van de check: {props.t.datum}. De uitkomst is gebaseerd op uw antwoorden en de regels die op die datum gelden.</p>
    </>
  );
}
