/**
 * The viewer in a real browser (Chromium from Debian, headless, WebGL on SwiftShader, as the
 * e2e tests drive it) against the product in a process of its own, on one omgevingsplan of
 * 100,000 locaties: the delivery of the `import` benchmark (20 m squares in a grid near
 * Amersfoort, one artikel per 100 of them), imported with `npm run import` and projected.
 *
 *  - navigationToIdleMs: a fresh browser context (cold HTTP cache) opens
 *    `/kaart?punt=…&beeld=…,16` over the grid; from the start of `page.goto` until the map is
 *    idle with every tile drawn and the list shows the regel of the punt. Baselines: the same
 *    requests the page made, fetched from Node 6 at a time (what network and server cost, without
 *    the browser's chain of dependencies, parsing and drawing), and the landing page `/` opened
 *    the same way (a fresh context and the app's bundle, without the map).
 *  - clickToListMs: on one loaded page, a click on a square (through the map's own projection)
 *    until the first frame that shows the list of that square's regel, timed in the page.
 *    Baseline: the same `regeltekstannotaties/_zoek` call the viewer makes, from Node.
 *  - the peak JS heap of that page during the clicks (CDP Performance.getMetrics).
 *
 * Each figure is the median of 10 measurements, after one warm-up that is not counted. The
 * server runs with its tile cache off (TILE_CACHE_BYTES=0): every navigation pays for making
 * its tiles, as a visitor to a place nobody looked at lately would, and the baseline pays the
 * same. The data set is kept in the bench cluster under a name hashed from what shapes it
 * (BENCH_VIEWER_FRESH=1 imports again).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { bouwWebAlsNodig } from '../infrastructure/cli/bouw-web.ts';
import { loadConfig } from '../infrastructure/config.ts';
import { TYPES, createContainer } from '../infrastructure/container.ts';
import { createPool, migrateToLatest } from '../infrastructure/database/database.ts';
import { datumInAmsterdam } from '../infrastructure/http/tijdreis.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import type { ProjectionRunner } from '../projections/runner.ts';
import { kaartKlaar, lijstKlaarInPagina, openBrowser, regelsKlaar } from '../test/support/browser.ts';
import { naarWgs84 } from '../web/src/kaart/rd.ts';
import { genereer } from './import.ts';
import { ms, percentiel } from './regels.ts';
import type { BenchContext, TemplateContext } from './run.ts';

const LOCATIES = 100_000;
const METINGEN = 10;
const AIM = { navigationToIdleMs: 2000, clickToListMs: 300 };
/** As the e2e tests: the panel on the left, the map on the right. */
const VIEWPORT = { width: 1280, height: 860 };
const ZOOM = 16;
/** Chromium opens at most 6 connections to one host over HTTP/1.1; the baseline as many. */
const VERBINDINGEN = 6;

const say = (m: string) => process.stderr.write(`[bench] viewer: ${m}\n`);

/** The centre of square (kolom, rij) of the grid of `genereer` (RD New), and the number of its artikel. */
const vakje = (kolom: number, rij: number): [number, number] => [150000 + kolom * 25 + 10, 450000 + rij * 25 + 10];
const artikelVan = (kolom: number, rij: number) => Math.floor((rij * 400 + kolom) / 100) + 1;

// ---------------------------------------------------------------------------------------------
// The data set
// ---------------------------------------------------------------------------------------------

/** Set by template(): whether this run imported the data set, or found it from an earlier run. */
let geimporteerdDezeRun = false;

function generatieNaam(): string {
  const hash = createHash('sha256').update(String(LOCATIES));
  const eigen = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  hash.update(eigen.slice(0, eigen.indexOf('// Measuring')));
  hash.update(readFileSync(join(projectRoot, 'bench', 'import.ts')));
  // What the import stores and the projections make of it.
  for (const d of ['migrations', 'projections', 'domain/omgevingsdocumenten', 'application/omgevingsdocumenten', 'infrastructure/stop']) {
    for (const f of readdirSync(join(projectRoot, d)).sort()) if (f.endsWith('.ts') && !f.endsWith('.test.ts')) hash.update(readFileSync(join(projectRoot, d, f)));
  }
  return `bench_viewer_gen_${hash.digest('hex').slice(0, 16)}`;
}

/** `npm run import -- <map>` in a process of its own, as an operator would; its progress on the terminal. */
async function importeer(databaseUrl: string, map: string): Promise<void> {
  const kind = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'infrastructure', 'cli', 'import.ts'), map], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PUBLICATION_LIMIT_BYTES: String(1024 ** 3) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let uit = '';
  kind.stdout!.on('data', (d) => (uit = (uit + d).slice(-4000)));
  const [code] = (await once(kind, 'exit')) as [number];
  if (code !== 0) throw new Error(`import failed (${code}): ${uit}`);
}

export async function template(ctx: TemplateContext): Promise<string> {
  const naam = generatieNaam();
  const klaar = await ctx.admin(async (c) => {
    if (process.env.BENCH_VIEWER_FRESH === '1') await c.query(`DROP DATABASE IF EXISTS ${naam} WITH (FORCE)`);
    return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [naam])).rows.length > 0;
  });
  if (klaar) {
    const pool = createPool(ctx.urlFor(naam), 1);
    try {
      if ((await pool.query(`SELECT to_regclass('public.bench_viewer') IS NOT NULL AS af`)).rows[0].af) {
        say(`using the data set imported earlier in ${naam} (BENCH_VIEWER_FRESH=1 imports again)`);
        return naam;
      }
    } finally {
      await pool.end();
    }
    await ctx.admin((c) => c.query(`DROP DATABASE ${naam} WITH (FORCE)`));
  }
  // Data sets of an earlier version of the code are of no use any more.
  await ctx.admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_viewer\\_gen\\_%' AND datname <> $1`, [naam]);
    for (const { datname } of rows) await c.query(`DROP DATABASE ${datname} WITH (FORCE)`);
  });
  await ctx.admin((c) => c.query(`CREATE DATABASE ${naam}`));
  const url = ctx.urlFor(naam);
  const pool = createPool(url, 4);
  const map = join(tmpdir(), `bench-viewer-${process.pid}`);
  try {
    await migrateToLatest(pool);
    rmSync(map, { recursive: true, force: true });
    ctx.progress(`generate the delivery of ${LOCATIES} locaties`, 0, 1);
    await genereer(map, LOCATIES);
    ctx.progress(`generate the delivery of ${LOCATIES} locaties`, 1, 1);
    const t0 = performance.now();
    await importeer(url, map);
    const importS = (performance.now() - t0) / 1000;
    say(`imported in ${importS.toFixed(1)} s; projecting`);
    // The read models filled here, once, so the server of each run starts with no lag.
    const config = loadConfig({ LOG_LEVEL: 'warn', PROJECTION_BATCH_SIZE: '1000' }, { embeddedDataDir: '/nonexistent' });
    const container = createContainer({ config, databaseUrl: url, logger: createLogger(config.logLevel) });
    const runner = container.get<ProjectionRunner>(TYPES.ProjectionRunner);
    const events = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM es.events')).rows[0]!.n);
    for (const p of runner.projections) {
      await runner.catchUp(p, (n) => ctx.progress(`project ${p.name}`, Math.min(n, events - 1), events));
      ctx.progress(`project ${p.name}`, events, events);
    }
    await container.get<pg.Pool>(TYPES.Pool).end();
    await pool.query('VACUUM ANALYZE');
    await pool.query('CREATE TABLE public.bench_viewer (import_s real NOT NULL)');
    await pool.query('INSERT INTO public.bench_viewer VALUES ($1)', [importS]);
    geimporteerdDezeRun = true;
  } finally {
    rmSync(map, { recursive: true, force: true });
    await pool.end();
  }
  return naam;
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

async function vrijePoort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The product (role all: API, viewer, tiles and projector) in a process of its own; ready once no projection lags. */
async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await vrijePoort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'infrastructure/main.ts', '--role', 'all'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), BASISKAART: 'lokaal', LOCATIESERVER_URL: 'uit', DEMO_DATA: 'false', LOG_LEVEL: 'warn', TILE_CACHE_BYTES: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let klaar = false;
  // Said when it stops of itself (or is stopped by someone else): the measurements after it fail.
  child.once('exit', (code, signal) => klaar && !child.killed && say(`the server stopped during the run (${signal ?? code})`));
  for (const tot = Date.now() + 120_000; ; ) {
    if (child.exitCode !== null) throw new Error(`the server stopped (${child.exitCode})`);
    if (Date.now() > tot) throw new Error('the server did not become ready with all projections caught up within 120 s');
    const ready = await fetch(`${url}/api/ready`).then((r) => (r.ok ? (r.json() as Promise<{ projections: { lag: number }[] }>) : undefined), () => undefined);
    if (ready && ready.projections.length > 0 && ready.projections.every((p) => p.lag === 0)) {
      klaar = true;
      return { url, child };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The heading the list shows, alone, at a square of artikel `nummer`. */
const kopVan = (nummer: number) => `Artikel ${nummer} `;

/** Waits until the list shows the one regel of artikel `nummer` (not loading, no other result). */
const lijstMet = (page: Page, nummer: number) => regelsKlaar(page, kopVan(nummer), 20_000);

interface Verzoek {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

interface Navigatie {
  totaalMs: number;
  loadMs: number;
  lijstMs: number;
  kaartMs: number;
  /** When the first werkingsgebieden tile was asked for and the last one received, from the start of navigation. */
  eersteTegelMs: number;
  laatsteTegelMs: number;
  verzoeken: Verzoek[];
  tegels: number;
  zoekopdrachten: number;
  elders: string[];
}

/** Opens `pad` in a fresh context (cold cache) and waits until map and list are done. */
async function navigeer(browser: Browser, basis: string, pad: string, nummer: number): Promise<Navigatie> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const verzoeken: Verzoek[] = [];
    const elders: string[] = [];
    // Tiles are fetched in MapLibre's workers, outside the page's resource timing: timed here, as the events arrive.
    let t0 = 0;
    let eersteTegel = Infinity;
    let laatsteTegel = 0;
    const isTegel = (u: string) => u.includes('/tiles/werkingsgebieden/');
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(basis)) {
        if (!u.startsWith('data:') && !u.startsWith('blob:')) elders.push(u);
        return;
      }
      if (u.includes('/api/events')) return;
      // The page itself is asked for as a browser does, or the server answers as an API (404).
      const headers = r.isNavigationRequest() ? { ...r.headers(), accept: 'text/html' } : r.headers();
      verzoeken.push({ method: r.method(), url: u, headers, body: r.postData() });
      if (isTegel(u)) eersteTegel = Math.min(eersteTegel, performance.now() - t0);
    });
    page.on('requestfinished', (r) => {
      if (isTegel(r.url())) laatsteTegel = Math.max(laatsteTegel, performance.now() - t0);
    });
    t0 = performance.now();
    await page.goto(`${basis}${pad}`);
    const loadMs = performance.now() - t0;
    let lijstMs = 0;
    let kaartMs = 0;
    await Promise.all([lijstMet(page, nummer).then(() => (lijstMs = performance.now() - t0)), kaartKlaar(page).then(() => (kaartMs = performance.now() - t0))]);
    // The list may have been reloaded meanwhile (a new tiles version over /api/events): it must still show.
    await lijstMet(page, nummer);
    const totaalMs = performance.now() - t0;
    return {
      totaalMs,
      loadMs,
      lijstMs,
      kaartMs,
      eersteTegelMs: eersteTegel,
      laatsteTegelMs: laatsteTegel,
      verzoeken,
      tegels: verzoeken.filter((v) => isTegel(v.url)).length,
      zoekopdrachten: verzoeken.filter((v) => v.url.includes('/_zoek')).length,
      elders,
    };
  } finally {
    await context.close();
  }
}

/** The landing page in a fresh context, until its functions are shown. */
async function landingspagina(browser: Browser, basis: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${basis}/`);
    await page.waitForSelector('.functie h2 a');
    return performance.now() - t0;
  } finally {
    await context.close();
  }
}

/** The requests a navigation made, from Node, VERBINDINGEN at a time, each body read to its end. */
async function naspelen(verzoeken: Verzoek[]): Promise<number> {
  const rij = [...verzoeken];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: VERBINDINGEN }, async () => {
      for (let v = rij.shift(); v; v = rij.shift()) {
        const headers: Record<string, string> = {};
        for (const k of ['content-type', 'content-crs', 'accept']) if (v.headers[k]) headers[k] = v.headers[k];
        const r = await fetch(v.url, { method: v.method, headers, body: v.body ?? undefined });
        await r.arrayBuffer();
        if (r.status >= 400) throw new Error(`replay ${v.method} ${v.url}: ${r.status}`);
      }
    }),
  );
  return performance.now() - t0;
}

/** The call the viewer makes for the list at an RD point, from Node. */
async function zoekVanuitNode(basis: string, [x, y]: [number, number], dag: string): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(`${basis}/api/presenteren/v1/regeltekstannotaties/_zoek?${new URLSearchParams({ geldigOp: dag, inWerkingOp: dag, size: '100' })}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Crs': 'EPSG:28992' },
    body: JSON.stringify({ geo: { geometrie: { type: 'Point', coordinates: [x, y] } }, filters: {} }),
  });
  const body = (await r.json()) as { page?: { totalElements: number } };
  const ms = performance.now() - t0;
  if (!r.ok || body.page?.totalElements !== 1) throw new Error(`_zoek at ${x},${y}: ${r.status}, ${body.page?.totalElements} documents`);
  return ms;
}

/**
 * Clicks the map at an RD point and returns the time, in the page, from the mouse button going
 * down to the first frame whose list shows the regel of that point (with the URL's punt moved
 * there), and how long the browser's `_zoek` call took.
 */
async function klik(page: Page, punt: [number, number], nummer: number): Promise<{ ms: number; api: number }> {
  const scherm = await page.evaluate((p) => {
    const k = (window as unknown as { omgevingsloketKaart: { project(p: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement } }).omgevingsloketKaart;
    const q = k.project(p);
    const vak = k.getCanvas().getBoundingClientRect();
    return { x: vak.left + q.x, y: vak.top + q.y, binnen: q.x > 40 && q.y > 40 && q.x < vak.width - 40 && q.y < vak.height - 40 };
  }, naarWgs84(punt));
  if (!scherm.binnen) throw new Error(`${punt.join(',')} is not well inside the map`);
  // A frame loop rather than a MutationObserver: "shown" is the first frame that holds the list.
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    const punt = ${JSON.stringify(punt)};
    const meting = (window.meting = {});
    addEventListener('mousedown', () => (meting.klik = performance.now()), { capture: true, once: true });
    const klaar = () => {
      const p = (new URLSearchParams(location.search).get('punt') ?? '').split(',').map(Number);
      if (!(Math.abs(p[0] - punt[0]) < 2 && Math.abs(p[1] - punt[1]) < 2)) return false;
      return (${lijstKlaarInPagina})(${JSON.stringify(kopVan(nummer))});
    };
    const kijk = (nu) => {
      if (meting.klik !== undefined && klaar()) meting.lijst = nu;
      else requestAnimationFrame(kijk);
    };
    requestAnimationFrame(kijk);
  })()`);
  await page.mouse.click(scherm.x, scherm.y);
  await page.waitForFunction(() => (window as unknown as { meting: { lijst?: number } }).meting.lijst !== undefined, undefined, { timeout: 10_000 });
  return page.evaluate(() => {
    const { klik, lijst } = (window as unknown as { meting: { klik: number; lijst: number } }).meting;
    const zoek = performance.getEntriesByType('resource').filter((e) => e.name.includes('/_zoek')).at(-1)!;
    return { ms: lijst - klik, api: zoek.duration };
  });
}

const mediaan = (xs: number[]) => ms(percentiel(xs, 50));
const p90 = (xs: number[]) => ms(percentiel(xs, 90));
const max = (xs: number[]) => ms(Math.max(...xs));

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const { pool, progress } = ctx;
  const importS = (await pool.query<{ import_s: number }>('SELECT import_s FROM public.bench_viewer')).rows[0]!.import_s;
  await bouwWebAlsNodig(say);
  const server = await startServer(ctx.databaseUrl);
  const browser = await openBrowser();
  const fout = (wat: string, e: unknown) => say(`${wat} failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  try {
    const dag = datumInAmsterdam(new Date());
    // The middle of the grid; the view centred on it at z16 (about 1.2 by 1.3 km of the 10 by 6 km grid).
    const midden = vakje(200, 125);
    const [lon, lat] = naarWgs84(midden);
    const pad = `/kaart?punt=${midden.join(',')}&beeld=${lon.toFixed(5)},${lat.toFixed(5)},${ZOOM}`;
    const nummer = artikelVan(200, 125);

    // ---- navigation, landing page and replay, 10 times after one warm-up ----
    const warm = await navigeer(browser, server.url, pad, nummer);
    say(`first navigation (cold server and browser): ${Math.round(warm.totaalMs)} ms, ${warm.tegels} tiles, ${warm.verzoeken.length} requests`);
    await landingspagina(browser, server.url);
    const nav: Navigatie[] = [];
    const landing: number[] = [];
    const replay: number[] = [];
    let gebroken = 0;
    for (let i = 0; i < METINGEN; i++) {
      try {
        const n = await navigeer(browser, server.url, pad, nummer);
        nav.push(n);
        landing.push(await landingspagina(browser, server.url));
        replay.push(await naspelen(n.verzoeken));
      } catch (e) {
        gebroken++;
        fout(`navigation ${i + 1}`, e);
      }
      progress(`navigation, ${METINGEN} times (fresh context each)`, i + 1, METINGEN);
    }

    // ---- clicks on one loaded page, and the API call from Node, alternating ----
    // Squares within 150 m of the middle, on either side of an artikel's edge (every 100
    // squares of a row): each its own artikel, so each click changes the list.
    const punten = Array.from({ length: 2 * METINGEN + 2 }, (_, k) => ({ kolom: k % 2 ? 205 : 195, rij: 120 + Math.floor(k / 2) }));
    const context = await browser.newContext({ viewport: VIEWPORT });
    const klikken: number[] = [];
    const apiInBrowser: number[] = [];
    const apiVanuitNode: number[] = [];
    let heapPiek = 0;
    let heapNaLaden = 0;
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
      await page.goto(`${server.url}${pad}`);
      await Promise.all([lijstMet(page, nummer), kaartKlaar(page)]);
      heapNaLaden = await heap();
      // Warm-up: one click and one call, not counted.
      const [w0, w1] = punten.splice(0, 2);
      await klik(page, vakje(w0!.kolom, w0!.rij), artikelVan(w0!.kolom, w0!.rij));
      await zoekVanuitNode(server.url, vakje(w1!.kolom, w1!.rij), dag);
      await kaartKlaar(page);
      for (let i = 0; i < METINGEN; i++) {
        const viaKlik = punten[2 * i]!;
        const viaNode = punten[2 * i + 1]!;
        const meetKlik = async () => {
          try {
            const k = await klik(page, vakje(viaKlik.kolom, viaKlik.rij), artikelVan(viaKlik.kolom, viaKlik.rij));
            klikken.push(k.ms);
            apiInBrowser.push(k.api);
          } catch (e) {
            gebroken++;
            fout(`click ${i + 1}`, e);
          }
          heapPiek = Math.max(heapPiek, await heap());
        };
        const meetNode = async () => apiVanuitNode.push(await zoekVanuitNode(server.url, vakje(viaNode.kolom, viaNode.rij), dag));
        if (i % 2 === 0) {
          await meetKlik();
          await meetNode();
        } else {
          await meetNode();
          await meetKlik();
        }
        // The next click on a map at rest, as a user's would be.
        await kaartKlaar(page);
        progress(`clicks, ${METINGEN} times on one page`, i + 1, METINGEN);
      }
    } finally {
      await context.close();
    }

    const totaal = nav.map((n) => n.totaalMs);
    return {
      navigationToIdleMs: mediaan(totaal),
      navigationToIdleP90Ms: p90(totaal),
      navigationToIdleMaxMs: max(totaal),
      navigationReplayBaselineMs: mediaan(replay),
      navigationReplayBaselineP90Ms: p90(replay),
      navigationReplayBaselineMaxMs: max(replay),
      landingPageBaselineMs: mediaan(landing),
      landingPageBaselineP90Ms: p90(landing),
      landingPageBaselineMaxMs: max(landing),
      navigationLoadEventMs: mediaan(nav.map((n) => n.loadMs)),
      navigationFirstTileRequestMs: mediaan(nav.map((n) => n.eersteTegelMs)),
      navigationLastTileReceivedMs: mediaan(nav.map((n) => n.laatsteTegelMs)),
      navigationListShownMs: mediaan(nav.map((n) => n.lijstMs)),
      navigationMapIdleMs: mediaan(nav.map((n) => n.kaartMs)),
      navigationFirstColdMs: ms(warm.totaalMs),
      navigationRequests: mediaan(nav.map((n) => n.verzoeken.length)),
      navigationTileRequests: mediaan(nav.map((n) => n.tegels)),
      navigationZoekRequests: mediaan(nav.map((n) => n.zoekopdrachten)),
      navigationOffMachineRequests: Math.max(warm.elders.length, ...nav.map((n) => n.elders.length)),
      clickToListMs: mediaan(klikken),
      clickToListP90Ms: p90(klikken),
      clickToListMaxMs: max(klikken),
      clickApiInBrowserMs: mediaan(apiInBrowser),
      clickApiBaselineMs: mediaan(apiVanuitNode),
      clickApiBaselineP90Ms: p90(apiVanuitNode),
      clickApiBaselineMaxMs: max(apiVanuitNode),
      jsHeapAfterLoadMb: Math.round(heapNaLaden * 10) / 10,
      jsHeapPeakDuringClicksMb: Math.round(heapPiek * 10) / 10,
      navigationRuns: nav.length,
      clickRuns: klikken.length,
      brokenRuns: gebroken,
      locaties: LOCATIES,
      dataImportS: Math.round(importS * 10) / 10,
      dataImportedThisRun: geimporteerdDezeRun ? 1 : 0,
    };
  } finally {
    await browser.close();
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
  }
}

const f = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '' : x.toLocaleString('en-US', { maximumFractionDigits: x < 10 ? 1 : 0 }));

export function table(r: Record<string, number>): string[][] {
  return [
    ['viewer, headless Chromium (SwiftShader), 100,000 locaties', 'median ms', 'p90 ms', 'max ms', 'baseline median ms', 'baseline', 'aim'],
    ['navigation → map idle, list shown (fresh context)', f(r.navigationToIdleMs), f(r.navigationToIdleP90Ms), f(r.navigationToIdleMaxMs), f(r.navigationReplayBaselineMs), `its ${f(r.navigationRequests)} requests from Node, ${VERBINDINGEN} at a time`, `≤ ${f(AIM.navigationToIdleMs)}`],
    ['', '', '', '', f(r.landingPageBaselineMs), 'landing page / in a fresh context', ''],
    ['click → regels list shown (in the page)', f(r.clickToListMs), f(r.clickToListP90Ms), f(r.clickToListMaxMs), f(r.clickApiBaselineMs), 'the same _zoek POST from Node', `≤ ${f(AIM.clickToListMs)}`],
    ['', '', '', '', '', '', ''],
    ['navigation, medians: load event', f(r.navigationLoadEventMs), '', '', '', '', ''],
    ['  first werkingsgebieden tile requested', f(r.navigationFirstTileRequestMs), '', '', '', '', ''],
    ['  last werkingsgebieden tile received', f(r.navigationLastTileReceivedMs), '', '', '', '', ''],
    ['  list shown', f(r.navigationListShownMs), '', '', '', '', ''],
    ['  map idle', f(r.navigationMapIdleMs), '', '', '', '', ''],
    [`  requests: ${f(r.navigationRequests)}, tiles ${f(r.navigationTileRequests)}, _zoek ${f(r.navigationZoekRequests)}, off this machine ${f(r.navigationOffMachineRequests)}`, '', '', '', '', '', ''],
    ['  first navigation (warm-up, cold server)', f(r.navigationFirstColdMs), '', '', '', '', ''],
    ['click: the _zoek call in the browser', f(r.clickApiInBrowserMs), '', '', '', '', ''],
    [`JS heap MB: after load ${f(r.jsHeapAfterLoadMb)}, peak during the clicks ${f(r.jsHeapPeakDuringClicksMb)}`, '', '', '', '', '', ''],
    [`data: ${f(r.locaties)} locaties, imported in ${f(r.dataImportS)} s (${r.dataImportedThisRun ? 'this run' : 'kept from an earlier run'})`, '', '', '', '', '', ''],
  ];
}

export function failures(r: Record<string, number>): string[] {
  const uit: string[] = [];
  if (r.navigationRuns! < METINGEN) uit.push(`only ${r.navigationRuns} of ${METINGEN} navigations completed`);
  if (r.clickRuns! < METINGEN) uit.push(`only ${r.clickRuns} of ${METINGEN} clicks showed their regel`);
  if (r.navigationOffMachineRequests! > 0) uit.push(`the viewer asked for ${r.navigationOffMachineRequests} URLs off this machine`);
  return uit;
}
