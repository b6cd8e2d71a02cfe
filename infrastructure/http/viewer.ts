import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import type { HttpFeature } from './app.ts';
import { HttpProblem } from './problem.ts';

/** A base map the viewer can show under our layers: raster tiles of a public service, or the local one. */
export interface Basiskaart {
  id: string;
  naam: string;
  /** XYZ tile URLs in EPSG:3857; none for the local base map (our own bestuursgrenzen tiles). */
  tiles?: string[];
  maxzoom?: number;
  attributie: string;
}

/** PDOK's public services (Kadaster, Beeldmateriaal), and a base map that needs no network. */
export const BASISKAARTEN: readonly Basiskaart[] = [
  { id: 'brt-standaard', naam: 'Topografie', tiles: ['https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png'], maxzoom: 19, attributie: '© Kadaster (BRT-Achtergrondkaart, PDOK)' },
  { id: 'brt-grijs', naam: 'Topografie grijs', tiles: ['https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png'], maxzoom: 19, attributie: '© Kadaster (BRT-Achtergrondkaart, PDOK)' },
  { id: 'luchtfoto', naam: 'Luchtfoto', tiles: ['https://service.pdok.nl/hwh/luchtfotorgb/wmts/v1_0/Actueel_orthoHR/EPSG:3857/{z}/{x}/{y}.jpeg'], maxzoom: 19, attributie: '© Beeldmateriaal Nederland (PDOK)' },
  { id: 'kadastraal', naam: 'Kadastrale kaart', tiles: ['https://service.pdok.nl/kadaster/kadastralekaart/wmts/v5_0/kadastralekaart/EPSG:3857/{z}/{x}/{y}.png'], maxzoom: 21, attributie: '© Kadaster (Kadastrale kaart, PDOK)' },
  { id: 'lokaal', naam: 'Eenvoudig, zonder internet', attributie: 'Grenzen: CBS en Kadaster, uit het register van bestuursgrenzen' },
];

export interface Viewerinstellingen {
  /** The base map shown first (an id of BASISKAARTEN). */
  basiskaart: string;
  /** PDOK Locatieserver's free search, or undefined: place names only from our own data. */
  locatieserver?: string;
  /** The built viewer (web/dist). */
  map: string;
}

/** The origins the viewer fetches from besides its own: allowed by the Content-Security-Policy. */
export function externeBronnen(instellingen: Viewerinstellingen): string[] {
  const urls = [...BASISKAARTEN.flatMap((b) => b.tiles ?? []), ...(instellingen.locatieserver ? [instellingen.locatieserver] : [])];
  return [...new Set(urls.map((u) => new URL(u.replace(/[{}]/g, '')).origin))];
}

/** The paths of the viewer's pages; any other page is answered by the viewer with a 404. */
const PAGINAS = ['/', '/kaart', '/vergunningcheck', '/aanvragen'];

/**
 * The viewer (SolidJS, built by Vite to web/dist) on the same origin as the API: its files, its
 * pages (client-side routing: every page is index.html), and its configuration.
 */
export function viewerFeature(instellingen: Viewerinstellingen): HttpFeature {
  const router = Router();
  router.get('/api/viewer/v1/configuratie', (_req, res) => {
    res.set('Cache-Control', 'no-cache').json({
      basiskaarten: BASISKAARTEN,
      basiskaart: instellingen.basiskaart,
      ...(instellingen.locatieserver ? { locatieserver: instellingen.locatieserver } : {}),
    });
  });
  // Vite names its assets by content: they never change under the same URL.
  router.use('/assets', express.static(join(instellingen.map, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: true }));
  router.use(express.static(instellingen.map, { index: false, maxAge: '1h' }));
  router.get(/^\/(?!api\/|tiles\/|tiles$).*/, (req, res, next) => {
    // The viewer's pages for anyone; another path only for a browser asking for a page (an API
    // client, Accept */* or JSON, gets the API's 404 as problem+json).
    const pagina = PAGINAS.includes(req.path.replace(/\/$/, '') || '/');
    if (!pagina && req.accepts(['json', 'html']) !== 'html') return next();
    const index = join(instellingen.map, 'index.html');
    if (!existsSync(index)) throw new HttpProblem(503, 'viewer_niet_gebouwd', 'De viewer is nog niet gebouwd: voer npm run build:web uit.');
    res.status(pagina ? 200 : 404).set('Cache-Control', 'no-cache').sendFile(index);
  });
  return {
    router,
    openapi: {
      paths: {
        '/api/viewer/v1/configuratie': {
          get: {
            summary: 'Instellingen van de kaartviewer: de basiskaarten, welke eerst, en de locatieserver',
            operationId: 'getViewerConfiguratie',
            tags: ['Viewer'],
            responses: { '200': { description: 'De instellingen', content: { 'application/json': { schema: { type: 'object' } } } } },
          },
        },
      },
    },
  };
}
