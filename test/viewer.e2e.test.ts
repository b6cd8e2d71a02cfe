import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { RegelingService } from '../application/omgevingsdocumenten/regeling-service.ts';
import type { RegelingCommand } from '../domain/omgevingsdocumenten/decide.ts';
import { PostgresInhoudsindex } from '../infrastructure/omgevingsdocumenten/postgres-inhoudsindex.ts';
import { naarWgs84 } from '../web/src/kaart/rd.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { ernstigeToegankelijkheidsfouten, kaartKlaar, klikOpKaart, openBrowser, regelsKlaar, schermafdrukken, telPixels } from './support/browser.ts';
import { PROVINCIE, UTRECHT, provincieVaststelling, utrechtVaststelling, vierkant } from './support/regelingen.ts';

/**
 * The viewer in a real browser (Chromium, WebGL on SwiftShader) against the real app: the
 * Utrecht omgevingsplan (changed in 2025, with an ontwerp standing now), the provincial
 * verordening around it, and the Doornboom bestemmingsplan. Local base map, no network.
 */
const TOKENS = { gm0798: 'hilvarenbeek-token-0123456789' };
const env = { BASISKAART: 'lokaal', BEVOEGD_GEZAG_TOKENS: `gm0798:${TOKENS.gm0798}` };

/**
 * A stand-in for PDOK Locatieserver on this machine (the test has no internet): its free search
 * answers with one address, in the shape PDOK gives, and remembers what it was asked.
 */
async function locatieserver(): Promise<{ url: string; gevraagd: string[]; sluit(): void }> {
  const gevraagd: string[] = [];
  const server = createServer((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams.get('q') ?? '';
    gevraagd.push(q);
    const docs = /dom/i.test(q) ? [{ weergavenaam: 'Domplein 9, 3512JC Utrecht', type: 'adres', centroide_ll: `POINT(${naarWgs84(PARK).join(' ')})` }] : [];
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify({ response: { numFound: docs.length, docs } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bzk/locatieserver/search/v3_1/free`, gevraagd, sluit: () => server.close() };
}
/** In the park: art. 1 (through the groep) and, until the wijziging of 2025, art. 2; and the provincie's stiltegebied. */
const PARK: [number, number] = [138100, 456100];
/** The Noordweide, added by the wijziging of 2025. */
const NOORDWEIDE: [number, number] = [137200, 457700];
const DOORNBOOM_OOST: [number, number] = [137500, 388880];

const door = (bevoegdGezag: string, commandId: string) => ({ bevoegdGezag, actor: `${bevoegdGezag}:test`, commandId });

let pdok: Awaited<ReturnType<typeof locatieserver>>;

async function metGegevens(): Promise<TestApp> {
  pdok = await locatieserver();
  const app = await startTestApp({ env: { ...env, LOCATIESERVER_URL: pdok.url } });
  const service = new RegelingService(app.store, new PostgresInhoudsindex(app.db.pool));
  await service.handel(UTRECHT, utrechtVaststelling(), door('gm0344', 'v1'));
  await service.handel(PROVINCIE, { type: 'PubliceerBesluit', data: provincieVaststelling() } as RegelingCommand, door('pv26', 'p1'));
  await service.handel(
    UTRECHT,
    utrechtVaststelling({
      doel: 'wijziging-2025',
      instrumentversie: `${UTRECHT}/nld@2025-05-01;2`,
      bekendOp: '2025-05-01',
      juridischWerkendVanaf: '2025-06-01',
      mutatie: {
        verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art2'] },
        plaats: {
          regelteksten: [{ wId: 'gm0344_1__art_4', soort: 'artikel', nummer: '4', opschrift: 'Parkeren', tekst: 'Op de Noordweide is het verboden te parkeren.' }],
          locaties: [{ identificatie: 'nl.imow-gm0344.gebied.noordweide', type: 'Gebied', noemer: 'Noordweide', geometrie: vierkant(137000, 457500, 400) }],
          juridischeRegels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art4', type: 'RegelVoorIedereen', regeltekst: 'gm0344_1__art_4', locaties: ['nl.imow-gm0344.gebied.noordweide'] }],
        },
      },
    }),
    door('gm0344', 'w2025'),
  );
  await service.handel(
    UTRECHT,
    {
      type: 'PubliceerOntwerp',
      data: {
        documenttype: 'omgevingsplan',
        citeertitel: 'Omgevingsplan gemeente Utrecht',
        doel: 'ontwerp-bomen',
        instrumentversie: `${UTRECHT}/nld@2026-11-01;o3`,
        bekendOp: '2026-11-01',
        terInzage: { van: '2026-11-02', tot: '2026-12-13' },
        mutatie: {
          plaats: {
            regelteksten: [{ wId: 'gm0344_1__art_5', soort: 'artikel', nummer: '5', opschrift: 'Bomen', tekst: 'In het park is het verboden bomen te planten zonder toestemming.' }],
            juridischeRegels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art5', type: 'RegelVoorIedereen', regeltekst: 'gm0344_1__art_5', locaties: ['nl.imow-gm0344.gebied.park'] }],
          },
        },
      },
    },
    door('gm0344', 'o3'),
  );
  const gml = readFileSync(new URL('../../shared/data/imro-harvester/NL.IMRO.0798.BPDoornboom-ON01.gml', import.meta.url), 'utf8');
  const plan = await fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/bestemmingsplannen`, { method: 'POST', headers: { 'content-type': 'application/gml+xml', authorization: `Bearer ${TOKENS.gm0798}` }, body: gml });
  if (plan.status !== 201) throw new Error(`bestemmingsplan: ${plan.status}`);
  for (const p of ['omgevingsdocumenten', 'bestemmingsplannen']) await app.runner.catchUp(app.runner.find(p)!);
  return app;
}

let app: TestApp;
let browser: Browser;
test.before(async () => {
  [app, browser] = await Promise.all([metGegevens(), openBrowser()]);
});
test.after.always(async () => {
  pdok?.sluit();
  await browser?.close();
  await app?.close();
});

async function nieuwePagina(pad: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${app.baseUrl}${pad}`);
  return page;
}
const wgs = (p: [number, number]) => naarWgs84(p);
/** The titles of the documents and the headings of the regels in the list. */
async function lijst(page: Page): Promise<string[]> {
  await regelsKlaar(page);
  return page.$$eval('.regels .document', (ds) => ds.map((d) => `${d.querySelector('h3')!.childNodes[0]!.textContent!.trim()}: ${[...d.querySelectorAll('.regel .kop')].map((k) => k.textContent).join(' | ')}`));
}
/** The list once it has become what is expected (it follows a change a moment later), or as it is after 10 s. */
async function lijstWordt(page: Page, verwacht: (l: string[]) => boolean): Promise<string[]> {
  const tot = Date.now() + 10_000;
  for (;;) {
    const l = await lijst(page);
    if (verwacht(l) || Date.now() > tot) return l;
    await page.waitForTimeout(100);
  }
}
/** The bestuurslagen of the werkingsgebieden drawn at a point (or within `r` pixels of it: outlines), on the given layers. */
function getekendOp(page: Page, p: [number, number], lagen: string[], r = 0): Promise<string[]> {
  return page.evaluate(
    ({ p, lagen, r }) => {
      const k = (window as unknown as { omgevingsloketKaart: { project(p: number[]): { x: number; y: number }; queryRenderedFeatures(p: unknown, o: unknown): { properties: { bestuurslaag: string } }[] } }).omgevingsloketKaart;
      const { x, y } = k.project(p);
      const waar = r ? [[x - r, y - r], [x + r, y + r]] : [x, y];
      return [...new Set(k.queryRenderedFeatures(waar, { layers: lagen }).map((f) => f.properties.bestuurslaag))].sort();
    },
    { p: wgs(p), lagen, r },
  );
}
const zoomNaar = (page: Page, p: [number, number], zoom: number) =>
  page.evaluate(({ c, zoom }) => (window as unknown as { omgevingsloketKaart: { jumpTo(o: unknown): void } }).omgevingsloketKaart.jumpTo({ center: c, zoom }), { c: wgs(p), zoom });

test.serial('the landing page offers the three functions; the one to come says so; no serious accessibility problems', async (t) => {
  const page = await nieuwePagina('/');
  t.teardown(() => page.close());
  t.is(await page.title(), 'Omgevingsloket');
  t.deepEqual(await page.$$eval('.functie h2 a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')])), [
    ['Regels op de kaart', '/kaart'],
    ['Vergunningcheck', '/vergunningcheck'],
    ['Aanvragen', '/aanvragen'],
  ]);
  t.deepEqual(await ernstigeToegankelijkheidsfouten(page), []);
  await page.screenshot({ path: join(schermafdrukken, 'beginpagina.png') });
  await page.click('.functie a:has-text("Aanvragen")');
  await page.waitForURL('**/aanvragen');
  t.regex(await page.textContent('h1') ?? '', /Aanvragen\s*Binnenkort/);
  t.regex(await page.textContent('main') ?? '', /nog niet klaar/);
  const onbekend = await fetch(`${app.baseUrl}/bestaat-niet`, { headers: { accept: 'text/html' } });
  t.is(onbekend.status, 404, 'an unknown page is a 404, shown by the viewer');
  t.regex(await onbekend.text(), /<div id="app">/);
  const kaal = await fetch(`${app.baseUrl}/kaart`);
  t.is(kaal.status, 200, 'a page of the viewer also for a client that accepts anything');
  t.regex(kaal.headers.get('content-type') ?? '', /text\/html/);
});

test.serial('a click on the map lists the regels of provincie and gemeente; choosing one shows its text and its werkingsgebied in yellow', async (t) => {
  const page = await nieuwePagina('/kaart');
  t.teardown(() => page.close());
  await kaartKlaar(page);
  await zoomNaar(page, PARK, 13.5);
  await kaartKlaar(page);
  await klikOpKaart(page, wgs(PARK));
  t.deepEqual(await lijst(page), ['Omgevingsverordening provincie Utrecht: Artikel 3.1 Stiltegebied', 'Omgevingsplan gemeente Utrecht: Artikel 1 Bouwen']);
  t.regex(page.url(), /punt=138\d{3}(\.\d+)?%2C456\d{3}/, 'the location is in the URL');
  t.regex(await page.textContent('.regels') ?? '', /vergunning nodig\s*dakkapel plaatsen/);

  await kaartKlaar(page);
  const geel = (r: number, g: number, b: number) => r > 200 && g > 170 && b < 110;
  const kaartvak = (await page.$('.kaart'))!;
  const voor = telPixels(await kaartvak.screenshot(), geel);
  await page.click('button.regel:has-text("Artikel 1")');
  t.is(await page.getAttribute('button.regel:has-text("Artikel 1")', 'aria-pressed'), 'true');
  t.is(await page.textContent('#kop-artikel'), 'Artikel 1 Bouwen');
  t.regex(await page.textContent('.artikel') ?? '', /verboden zonder omgevingsvergunning een dakkapel te plaatsen/);
  await page.waitForFunction(() => (window as unknown as { omgevingsloketKaart: { querySourceFeatures(id: string): unknown[] } }).omgevingsloketKaart.querySourceFeatures('markering').length > 0);
  await kaartKlaar(page);
  const schot = await kaartvak.screenshot({ path: join(schermafdrukken, 'kaart-regel-gekozen.png') });
  const na = telPixels(schot, geel);
  t.is(voor, 0, 'nothing yellow before a regel is chosen');
  // Centrum (1 km) and park (500 m) at zoom 13.5: some 100 by 100 and 50 by 50 pixels.
  t.true(na > 5000, `the werkingsgebied of art. 1 (centrum and park) is yellow: ${na} pixels`);
  t.deepEqual(await ernstigeToegankelijkheidsfouten(page), []);
});

test.serial('geldig op a date before the wijziging: list and map change together; ontwerpen show as rules that may come', async (t) => {
  // Zoomed out so the Noordweide, 1.6 km north of the park, is in view.
  const page = await nieuwePagina(`/kaart?punt=${PARK.join(',')}&beeld=${wgs(PARK).map((c) => c.toFixed(5)).join(',')},12.5`);
  t.teardown(() => page.close());
  t.deepEqual(await lijst(page), ['Omgevingsverordening provincie Utrecht: Artikel 3.1 Stiltegebied', 'Omgevingsplan gemeente Utrecht: Artikel 1 Bouwen']);
  await kaartKlaar(page);
  t.deepEqual(await getekendOp(page, NOORDWEIDE, ['werking-vlak']), ['gemeente', 'provincie'], 'today: the Noordweide of 2025 is drawn');

  await page.fill('#geldig-op', '2025-01-01');
  await page.dispatchEvent('#geldig-op', 'change');
  t.deepEqual(await lijstWordt(page, (l) => l.join().includes('Artikel 2')), ['Omgevingsverordening provincie Utrecht: Artikel 3.1 Stiltegebied', 'Omgevingsplan gemeente Utrecht: Artikel 1 Bouwen | Artikel 2 Kappen']);
  t.regex(page.url(), /geldigOp=2025-01-01/);
  await page.waitForFunction(() => /geldigOp=2025-01-01/.test((window as unknown as { omgevingsloketKaart: { getSource(id: string): { url: string } } }).omgevingsloketKaart.getSource('werkingsgebieden').url));
  await kaartKlaar(page);
  t.deepEqual(await getekendOp(page, NOORDWEIDE, ['werking-vlak']), ['provincie'], 'in January 2025 the Noordweide had no regel of the gemeente');

  await page.click('button:has-text("Vandaag")');
  // As known the day before anything was published here: nothing, on the list and on the map.
  await page.click('summary:has-text("Zoals bekend op")');
  const gisteren = await page.evaluate(() => {
    const d = new Date(Date.now() - 86_400_000 - new Date().getTimezoneOffset() * 60_000);
    return d.toISOString().slice(0, 16);
  });
  await page.fill('#bekend-op', gisteren);
  await page.dispatchEvent('#bekend-op', 'change');
  t.deepEqual(await lijstWordt(page, (l) => l.length === 0), []);
  t.regex(await page.textContent('.regels [role=status]') ?? '', /geen regels/);
  t.regex(page.url(), /beschikbaarOp=/);
  await page.waitForFunction(() => /beschikbaarOp=/.test((window as unknown as { omgevingsloketKaart: { getSource(id: string): { url: string } } }).omgevingsloketKaart.getSource('werkingsgebieden').url));
  await kaartKlaar(page);
  t.deepEqual(await getekendOp(page, PARK, ['werking-vlak']), [], 'the map as known then: empty');
  await page.click('button:has-text("Nu")');
  t.is((await lijstWordt(page, (l) => l.length === 2)).length, 2);

  await page.check('text=Toon ook ontwerpen');
  const metOntwerp = await lijstWordt(page, (l) => l.join().includes('Artikel 5'));
  // The ontwerp is the whole regeling as it would become: art. 1 as it is, and the new art. 5.
  t.deepEqual(metOntwerp, ['Omgevingsverordening provincie Utrecht: Artikel 3.1 Stiltegebied', 'Omgevingsplan gemeente Utrecht: Artikel 1 Bouwen', 'Omgevingsplan gemeente Utrecht: Artikel 1 Bouwen | Artikel 5 Bomen']);
  t.is(await page.locator('.document.ontwerp .label.ontwerp').count(), 1, 'the ontwerp is marked as such');
  await page.waitForFunction(() => /inclusiefOntwerp=true/.test((window as unknown as { omgevingsloketKaart: { getSource(id: string): { url: string } } }).omgevingsloketKaart.getSource('werkingsgebieden').url));
  await kaartKlaar(page);
  t.deepEqual(await getekendOp(page, PARK, ['werking-ontwerp'], 25), ['gemeente'], 'the ontwerp is drawn dashed, on its own layer');
  await page.screenshot({ path: join(schermafdrukken, 'kaart-ontwerpen.png') });
});

test.serial('draw a line and an area, filter on bestuurslaag, and reload the shared URL to the same state', async (t) => {
  const page = await nieuwePagina(`/kaart?beeld=${wgs(PARK).map((c) => c.toFixed(5)).join(',')},13`);
  t.teardown(() => page.close());
  await kaartKlaar(page);
  // A line first: two points, a real double-click on the last ends it (its two clicks add that point twice more).
  await page.click('.modi button:has-text("Lijn")');
  await klikOpKaart(page, wgs([PARK[0] - 200, PARK[1]]));
  await page.waitForSelector('.modi p:has-text("1 punt gezet.")');
  const eind = wgs([PARK[0] + 200, PARK[1] + 100]);
  await klikOpKaart(page, eind);
  await page.waitForSelector('.modi p:has-text("2 punten gezet.")');
  await klikOpKaart(page, eind, { dubbel: true });
  await page.waitForSelector('.gekozen:has-text("een lijn")');
  t.regex(page.url(), /lijn=[\d.]+%2C[\d.]+%3B[\d.]+%2C[\d.]+(&|$)/, 'two points in the URL');
  const lijn = new URL(page.url()).searchParams.get('lijn')!.split(';').map((p) => p.split(',').map(Number));
  t.is(lijn.length, 2, 'the doubled last point is kept once');
  t.true(Math.hypot(lijn[1]![0]! - (PARK[0] + 200), lijn[1]![1]! - (PARK[1] + 100)) < 25, `the line ends where it was double-clicked: ${lijn[1]}`);
  t.deepEqual((await lijst(page)).map((d) => d.split(':')[0]), ['Omgevingsverordening provincie Utrecht', 'Omgevingsplan gemeente Utrecht']);

  await page.click('.modi button:has-text("Vlak")');
  for (const [dx, dy] of [[-300, -300], [300, -300], [300, 300], [-300, 300]] as const) await klikOpKaart(page, wgs([PARK[0] + dx, PARK[1] + dy]));
  await page.click('button:has-text("Klaar")');
  await page.waitForSelector('.gekozen');
  t.regex(page.url(), /vlak=([\d.]+%2C[\d.]+%3B){3}[\d.]+%2C[\d.]+(&|$)/, 'four corners in the URL');
  t.regex(await page.textContent('.gekozen') ?? '', /een gebied/);
  const beide = await lijst(page);
  t.deepEqual(beide.map((d) => d.split(':')[0]), ['Omgevingsverordening provincie Utrecht', 'Omgevingsplan gemeente Utrecht']);

  await page.click('summary:has-text("Filters")');
  await page.check('label:has-text("Gemeente") input');
  t.deepEqual((await lijstWordt(page, (l) => l.length === 1)).map((d) => d.split(':')[0]), ['Omgevingsplan gemeente Utrecht']);
  await page.waitForFunction(() => /bestuurslaag=gemeente/.test((window as unknown as { omgevingsloketKaart: { getSource(id: string): { url: string } } }).omgevingsloketKaart.getSource('werkingsgebieden').url));
  await kaartKlaar(page);
  t.deepEqual(await getekendOp(page, PARK, ['werking-vlak']), ['gemeente'], 'the map is filtered too');

  const gedeeld = page.url();
  t.regex(gedeeld, /bestuurslaag=gemeente/);
  const opnieuw = await nieuwePagina(new URL(gedeeld).pathname + new URL(gedeeld).search);
  t.teardown(() => opnieuw.close());
  t.deepEqual(await lijst(opnieuw), await lijst(page));
  t.true(await opnieuw.isChecked('label:has-text("Gemeente") input'));
  t.regex(await opnieuw.textContent('.gekozen') ?? '', /een gebied/);
  await kaartKlaar(opnieuw);
  t.deepEqual(await getekendOp(opnieuw, PARK, ['werking-vlak']), ['gemeente']);
});

test.serial('without a mouse: RD coordinates typed, or the map moved with the keys and its middle chosen; the pointer shows RD coordinates', async (t) => {
  const page = await nieuwePagina('/kaart');
  t.teardown(() => page.close());
  await kaartKlaar(page);
  await page.click('summary:has-text("RD-coördinaten")');
  await page.fill('label:has-text("x") input', '12');
  await page.fill('label:has-text("y") input', '52');
  await page.click('button:has-text("Toon")');
  t.regex(await page.textContent('#locatie-melding') ?? '', /niet in Nederland/, 'WGS84 degrees typed as RD are refused with a reason');
  await page.fill('label:has-text("x") input', String(PARK[0]));
  await page.fill('label:has-text("y") input', String(PARK[1]));
  await page.press('label:has-text("y") input', 'Enter');
  t.deepEqual((await lijst(page)).map((d) => d.split(':')[0]), ['Omgevingsverordening provincie Utrecht', 'Omgevingsplan gemeente Utrecht']);

  // The map by keyboard: focus it, move it east with the arrow key, choose its middle.
  await page.click('button:has-text("Wissen")');
  await zoomNaar(page, [PARK[0] - 400, PARK[1]], 14);
  await kaartKlaar(page);
  await page.focus('.maplibregl-canvas');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await kaartKlaar(page);
  const midden = await page.evaluate(() => (window as unknown as { omgevingsloketKaart: { getCenter(): { lng: number } } }).omgevingsloketKaart.getCenter().lng);
  t.true(midden > wgs([PARK[0] - 400, PARK[1]])[0], 'the arrow keys moved the map east');
  await page.focus('button:has-text("Kies het midden")');
  await page.keyboard.press('Enter');
  t.regex(await page.textContent('.gekozen') ?? '', /punt \(x 13\d{4}, y 456\d{3}\)/);
  await lijst(page);

  await page.mouse.move(900, 450);
  await page.mouse.move(905, 455);
  t.regex(await page.textContent('.coordinaten') ?? '', /^RD 1\d{5}, 4\d{5}$/, 'the pointer in RD New');

  // Another base map: the local outlines hidden, the chosen service's layer shown (its tiles need the internet, not this test).
  const zicht = () => page.evaluate(() => {
    const k = (window as unknown as { omgevingsloketKaart: { getLayoutProperty(l: string, p: string): string } }).omgevingsloketKaart;
    return ['grenzen-gemeente', 'basis-luchtfoto', 'basis-brt-grijs'].map((l) => k.getLayoutProperty(l, 'visibility'));
  });
  t.deepEqual(await zicht(), ['visible', 'none', 'none']);
  await page.selectOption('.kaartbalk select', 'luchtfoto');
  t.deepEqual(await zicht(), ['none', 'visible', 'none']);
  t.regex(page.url(), /basiskaart=luchtfoto/);
});

test.serial('a place name: found in our own data and in (a stand-in for) PDOK Locatieserver, chosen, and its regels listed', async (t) => {
  const page = await nieuwePagina('/kaart');
  t.teardown(() => page.close());
  await page.fill('#zoek-plek', 'noordwei');
  await page.press('#zoek-plek', 'Enter');
  await page.waitForSelector('.gevonden button');
  t.regex(await page.textContent('.gevonden') ?? '', /Noordweide\s*locatie/);
  await page.click('.gevonden button:has-text("Noordweide")');
  t.deepEqual(await lijst(page), ['Omgevingsverordening provincie Utrecht: Artikel 3.1 Stiltegebied', 'Omgevingsplan gemeente Utrecht: Artikel 4 Parkeren']);
  t.regex(await page.textContent('#zoek-plek-melding') ?? '', /Locatie: Noordweide/);
  // An address, from the (stand-in) Locatieserver, across origins as the CSP allows.
  await page.fill('#zoek-plek', 'domplein');
  await page.press('#zoek-plek', 'Enter');
  await page.waitForSelector('.gevonden button:has-text("Domplein 9")');
  t.true(pdok.gevraagd.includes('domplein'));
  await page.click('.gevonden button:has-text("Domplein 9")');
  t.deepEqual((await lijstWordt(page, (l) => l.join().includes('Artikel 1'))).map((d) => d.split(':')[0]), ['Omgevingsverordening provincie Utrecht', 'Omgevingsplan gemeente Utrecht']);
  t.regex(await page.textContent('.gekozen') ?? '', /punt \(x 1381\d\d, y 4561\d\d\)/, 'the address as a point, within a metre or so');

  await page.fill('#zoek-plek', 'bestaat nergens');
  await page.press('#zoek-plek', 'Enter');
  await page.waitForSelector('text=Geen plek gevonden');
  t.is(await page.locator('.gevonden button').count(), 0, 'nothing to choose when nothing is found');
});

test.serial('the Vergunningcheck finds places as the viewer does: in our own data and in the Locatieserver', async (t) => {
  const page = await nieuwePagina('/vergunningcheck');
  t.teardown(() => page.close());
  await page.fill('#zoek-plek', 'domplein');
  await page.press('#zoek-plek', 'Enter');
  await page.waitForSelector('.gevonden button:has-text("Domplein 9")');
  t.is(await page.textContent('.fout'), '', 'Enter searches; it does not start the check');
  await page.click('.gevonden button:has-text("Domplein 9")');
  t.regex(await page.textContent('.gekozen') ?? '', /Plek: Domplein 9, 3512JC Utrecht/);
  t.regex(await page.textContent('#zoek-plek-melding') ?? '', /Locatie: Domplein 9/);
  await page.fill('#zoek-plek', 'noordwei');
  await page.press('#zoek-plek', 'Enter');
  await page.click('.gevonden button:has-text("Noordweide")');
  t.regex(await page.textContent('.gekozen') ?? '', /Plek: Noordweide/);
  await page.fill('#zoek-plek', 'bestaat nergens');
  await page.press('#zoek-plek', 'Enter');
  await page.waitForSelector('#zoek-plek-melding:has-text("Geen plek gevonden")');
  t.is(await page.textContent('#zoek-plek-melding'), 'Geen plek gevonden voor "bestaat nergens".');
});

test.serial('the bestemmingsplannen layer: shown when switched on, and the plan at a point with its bestemming and maatvoering', async (t) => {
  const page = await nieuwePagina(`/kaart?punt=${DOORNBOOM_OOST.join(',')}&beeld=${wgs(DOORNBOOM_OOST).map((c) => c.toFixed(5)).join(',')},16`);
  t.teardown(() => page.close());
  await kaartKlaar(page);
  t.false(await page.isChecked('text=Bestemmingsplannen'));
  t.deepEqual(await getekendOp(page, DOORNBOOM_OOST, ['bp-procedure']), [], 'not drawn while switched off');
  await page.check('text=Bestemmingsplannen');
  await kaartKlaar(page);
  const procedure = await page.evaluate((p) => {
    const k = (window as unknown as { omgevingsloketKaart: { project(p: number[]): unknown; queryRenderedFeatures(p: unknown, o: unknown): { properties: { procedure: string; naam: string } }[] } }).omgevingsloketKaart;
    return k.queryRenderedFeatures(k.project(p), { layers: ['bp-procedure', 'bp-vigerend'] }).map((f) => `${f.properties.procedure}: ${f.properties.naam}`);
  }, wgs(DOORNBOOM_OOST));
  t.true(procedure.includes('in procedure: Wonen'), procedure.join(' / '));
  await page.waitForSelector('#kop-plannen');
  const paneel = await page.textContent('section:has(#kop-plannen)');
  t.regex(paneel ?? '', /In procedure/);
  t.regex(paneel ?? '', /Bestemming\s*Wonen/);
  t.regex(paneel ?? '', /Maatvoering/);
  await page.screenshot({ path: join(schermafdrukken, 'kaart-bestemmingsplan.png') });
});

test.serial('live: a publication while the viewer is open shows up in the list and on the map without a reload', async (t) => {
  const page = await nieuwePagina(`/kaart?punt=${PARK.join(',')}`);
  t.teardown(() => page.close());
  t.deepEqual((await lijst(page)).map((d) => d.split(':')[0]), ['Omgevingsverordening provincie Utrecht', 'Omgevingsplan gemeente Utrecht']);
  await kaartKlaar(page);
  t.deepEqual(await getekendOp(page, PARK, ['werking-vlak']), ['gemeente', 'provincie']);
  const WATERSCHAP = '/akn/nl/act/ws0155/2024/waterschapsverordening';
  await new RegelingService(app.store, new PostgresInhoudsindex(app.db.pool)).handel(
    WATERSCHAP,
    {
      type: 'PubliceerBesluit',
      data: {
        documenttype: 'waterschapsverordening',
        citeertitel: 'Waterschapsverordening Hoogheemraadschap De Stichtse Rijnlanden',
        doel: 'instelling',
        instrumentversie: `${WATERSCHAP}/nld@2024-01-01;1`,
        bekendOp: '2024-01-01',
        juridischWerkendVanaf: '2024-01-01',
        mutatie: {
          plaats: {
            regelteksten: [{ wId: 'ws_art_1', soort: 'artikel', nummer: '1', opschrift: 'Oevers', tekst: 'Het is verboden de oever te beschadigen.' }],
            locaties: [{ identificatie: 'nl.imow-ws0155.gebied.oever', type: 'Gebied', geometrie: vierkant(137900, 455900, 400) }],
            juridischeRegels: [{ identificatie: 'nl.imow-ws0155.juridischeregel.art1', type: 'RegelVoorIedereen', regeltekst: 'ws_art_1', locaties: ['nl.imow-ws0155.gebied.oever'] }],
          },
        },
      },
    },
    door('ws0155', 'live'),
  );
  await app.runner.catchUp(app.runner.find('omgevingsdocumenten')!);
  await page.waitForSelector('.document h3:has-text("Waterschapsverordening")', { timeout: 15_000 });
  t.deepEqual((await lijst(page)).map((d) => d.split(':')[0]), ['Omgevingsverordening provincie Utrecht', 'Waterschapsverordening Hoogheemraadschap De Stichtse Rijnlanden', 'Omgevingsplan gemeente Utrecht']);
  await page.waitForFunction(() => /[?&]v=/.test((window as unknown as { omgevingsloketKaart: { getSource(id: string): { url: string } } }).omgevingsloketKaart.getSource('werkingsgebieden').url));
  await kaartKlaar(page);
  t.deepEqual(await getekendOp(page, PARK, ['werking-vlak']), ['gemeente', 'provincie', 'waterschap']);
});
