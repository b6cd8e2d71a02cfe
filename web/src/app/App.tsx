import { Match, Switch, createEffect, on } from 'solid-js';
import { Binnenkort } from '../binnenkort/Binnenkort.tsx';
import { Landing } from '../landing/Landing.tsx';
import { Vergunningcheck } from '../vergunningcheck/Vergunningcheck.tsx';
import { Viewer } from '../viewer/Viewer.tsx';
import { Link } from './Link.tsx';
import { pad } from './router.ts';

/** The loket: a header with the main functions, the page of the path, and a footer. */
export function App() {
  // After moving to another page, the keyboard and screen reader start at its heading.
  createEffect(
    on(pad, () => queueMicrotask(() => document.querySelector<HTMLElement>('main h1')?.focus()), { defer: true }),
  );
  const huidig = (p: string) => (pad() === p ? 'page' : undefined);
  return (
    <>
      <a class="naar-inhoud" href="#inhoud">Naar de inhoud</a>
      <header class="paginakop">
        <Link href="/" class="merk">Omgevingsloket</Link>
        <nav aria-label="Hoofdmenu">
          <ul>
            <li><Link href="/kaart" aria-current={huidig('/kaart')}>Regels op de kaart</Link></li>
            <li><Link href="/vergunningcheck" aria-current={huidig('/vergunningcheck')}>Vergunningcheck</Link></li>
            <li><Link href="/aanvragen" aria-current={huidig('/aanvragen')}>Aanvragen</Link></li>
          </ul>
        </nav>
      </header>
      <main id="inhoud" class={pad() === '/kaart' ? 'inhoud inhoud-kaart' : 'inhoud'}>
        <Switch fallback={<NietGevonden />}>
          <Match when={pad() === '/'}><Landing /></Match>
          <Match when={pad() === '/kaart'}><Viewer /></Match>
          <Match when={pad() === '/vergunningcheck'}><Vergunningcheck /></Match>
          <Match when={pad() === '/aanvragen'}>
            <Binnenkort titel="Aanvragen" uitleg="Hier vraagt u straks een vergunning aan of doet u een melding, bij de juiste overheid." />
          </Match>
        </Switch>
      </main>
      {pad() !== '/kaart' && (
        <footer class="voet">
          <p>Omgevingsloket, open source. De kaart en de regels komen uit de officiële publicaties van Rijk, provincies, waterschappen en gemeenten.</p>
        </footer>
      )}
    </>
  );
}

function NietGevonden() {
  return (
    <div class="pagina">
      <h1 tabindex="-1">Deze pagina bestaat niet</h1>
      <p>
        Misschien is het adres verkeerd getypt. Ga naar de <Link href="/">beginpagina</Link>.
      </p>
    </div>
  );
}
