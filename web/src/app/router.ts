import { createSignal } from 'solid-js';

/**
 * Client-side routing for a handful of pages: the path and query as signals, moved by links
 * and by the browser's back and forward buttons.
 */
const [pad, zetPad] = createSignal(location.pathname);
const [zoekdeel, zetZoekdeel] = createSignal(location.search);

window.addEventListener('popstate', () => {
  zetPad(location.pathname);
  zetZoekdeel(location.search);
});

/** Goes to another page of the viewer without loading it again. */
export function ga(naar: string): void {
  history.pushState(null, '', naar);
  zetPad(location.pathname);
  zetZoekdeel(location.search);
  window.scrollTo(0, 0);
}

export { pad, zoekdeel };
