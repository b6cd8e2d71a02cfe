/**
 * Vector tiles at national scale: the national history of the `regels` benchmark (13,873
 * regelingen, over 100,000 locaties) with its read models built, plus one omgevingsplan with
 * 400,000 locaties (Nijmegen expects about that many; today's Regels op de kaart stops drawing
 * above 110,000). For the `werkingsgebieden` layer at z6, z10, z14 and z16:
 *  - uncached tiles through the HTTP route of a tiles role in its own process (cache off),
 *    against the same tiles from the SQL function called directly (the baseline);
 *  - cached tiles per second over HTTP from a load generator on loopback (keep-alive, 32
 *    connections), against a tiles role with its cache on;
 *  - tile sizes (raw MVT bytes).
 *
 * The large regeling goes through `decide` like any besluit and is projected by the runner. The
 * database with both (read models built) is kept under a name hashed from what shapes it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { decide } from '../domain/omgevingsdocumenten/decide.ts';
import type { Locatie, Mutatie } from '../domain/omgevingsdocumenten/inhoud.ts';
import { beginToestand, regelingStream } from '../domain/omgevingsdocumenten/regeling.ts';
import { loadConfig } from '../infrastructure/config.ts';
import { TYPES, createContainer } from '../infrastructure/container.ts';
import { createPool, migrateToLatest } from '../infrastructure/database/database.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { datumInAmsterdam } from '../infrastructure/http/tijdreis.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import type { ProjectionRunner } from '../projections/runner.ts';
import * as regels from './regels.ts';
import type { BenchContext, TemplateContext } from './run.ts';

const GROOT_LOCATIES = Number(process.env.BENCH_TILES_LOCATIES ?? '400000');
const GROOT = '/akn/nl/act/gm0363/2024/omgevingsplan';
/** The large omgevingsplan covers 15 × 12 km of a city (RD New), like Amsterdam's. */
const STAD = { minX: 114_000, minY: 480_000, maxX: 129_000, maxY: 492_000 };
const PER_GROEP = 1000;
const ZOOMS = [6, 10, 14, 16] as const;
const TEGELS_PER_ZOOM = { 6: 8, 10: 40, 14: 150, 16: 150 } as const;
const LOAD_SECONDS = 10;
const LOAD_CONNECTIONS = 32;
const AIM = { z14UncachedP50Ms: 30, routeToSqlRatio: 0.8, cachedTilesPerSec: 5000, maxTileBytes: 500 * 1024 };

const say = (m: string) => process.stderr.write(`[bench] tiles: ${m}\n`);

/** mulberry32: the large regeling is the same in every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The large regeling
// ---------------------------------------------------------------------------------------------

const ACTIVITEITEN = ['bouwen', 'slopen', 'kappen', 'uitrit', 'reclame', 'evenement', 'horeca', 'opslag', 'grondwater', 'geluid'];

/**
 * Parcels of 10–25 m on a jittered grid over the city, gathered per block of the grid into
 * gebiedengroepen of about 1,000; a regel per groep with one or two activiteiten; functies
 * and a maximum bouwhoogte per groep.
 */
function grootPlan(): Mutatie {
  const r = rng(4000363);
  const groepen = Math.ceil(GROOT_LOCATIES / (PER_GROEP + 1));
  const gebieden = GROOT_LOCATIES - groepen;
  const breedte = STAD.maxX - STAD.minX;
  const hoogte = STAD.maxY - STAD.minY;
  const stap = Math.sqrt((breedte * hoogte) / gebieden);
  const kolommen = Math.ceil(breedte / stap);
  const blok = Math.round(Math.sqrt(PER_GROEP)); // parcels per block side
  const id = (soort: string, n: number) => `nl.imow-gm0363.${soort}.bench${n}`;
  const locaties: Locatie[] = [];
  const leden = new Map<number, string[]>();
  for (let i = 0; i < gebieden; i++) {
    const k = i % kolommen;
    const rij = Math.floor(i / kolommen);
    const x = STAD.minX + k * stap + r() * stap * 0.2;
    const y = STAD.minY + rij * stap + r() * stap * 0.2;
    const w = 10 + r() * 15;
    const h = 10 + r() * 15;
    const rond = (v: number) => Math.round(v * 100) / 100;
    const identificatie = id('gebied', i);
    locaties.push({ identificatie, type: 'Gebied', geometrie: { type: 'Polygon', coordinates: [[[rond(x), rond(y)], [rond(x + w), rond(y)], [rond(x + w), rond(y + h)], [rond(x), rond(y + h)], [rond(x), rond(y)]]] } });
    const g = (Math.floor(rij / blok) * Math.ceil(kolommen / blok) + Math.floor(k / blok)) % groepen;
    leden.set(g, [...(leden.get(g) ?? []), identificatie]);
  }
  const groepIds: string[] = [];
  for (let g = 0; g < groepen; g++) {
    groepIds.push(id('gebiedengroep', g));
    locaties.push({ identificatie: id('gebiedengroep', g), type: 'Gebiedengroep', noemer: `buurt ${g}`, groepselementen: leden.get(g) ?? [locaties[g]!.identificatie] });
  }
  const activiteiten = ACTIVITEITEN.map((a) => ({ identificatie: id(`activiteit`, ACTIVITEITEN.indexOf(a)), naam: a, groep: 'bouwactiviteit' }));
  const regelteksten = groepIds.map((_, g) => ({ wId: `gm0363_bench__art_${g + 1}`, soort: 'artikel' as const, nummer: String(g + 1), opschrift: `Buurt ${g}`, tekst: `Regels voor buurt ${g}.` }));
  const juridischeRegels = groepIds.map((groep, g) => ({
    identificatie: id('juridischeregel', g),
    type: 'RegelVoorIedereen' as const,
    regeltekst: regelteksten[g]!.wId,
    locaties: [groep],
    activiteiten: [...new Set([activiteiten[g % 10]!.identificatie, activiteiten[Math.floor(r() * 10)]!.identificatie])].map((activiteit) => ({ activiteit, kwalificatie: 'vergunningplicht' as const })),
  }));
  const functies = ['wonen', 'bedrijf', 'groen', 'centrum', 'verkeer'];
  const gebiedsaanwijzingen = functies.map((naam, f) => ({ identificatie: id('gebiedsaanwijzing', f), type: 'Functie', naam, groep: naam, locaties: groepIds.filter((_, g) => g % functies.length === f) }));
  const normen = [{ identificatie: id('omgevingsnorm', 0), type: 'Omgevingsnorm' as const, naam: 'maximum bouwhoogte', groep: 'maximum bouwhoogte', eenheid: 'm', normwaarden: groepIds.map((groep, g) => ({ locaties: [groep], waarde: 9 + (g % 6) * 3 })) }];
  return { plaats: { regelteksten, locaties, activiteiten, gebiedsaanwijzingen, normen, juridischeRegels } } as Mutatie;
}

async function voegGrootToe(pool: pg.Pool, databaseUrl: string): Promise<number> {
  const mutatie = grootPlan();
  const events = decide(
    {
      type: 'PubliceerBesluit',
      data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan gemeente Amsterdam (bench)', doel: '/join/id/proces/gm0363/2024/bench', instrumentversie: `${GROOT}/nld@2024-01-01;1`, bekendOp: '2024-01-01', juridischWerkendVanaf: '2024-01-01', mutatie },
    },
    beginToestand(),
    { bevoegdGezag: 'gm0363', regelingId: GROOT },
  );
  const store = new PostgresEventStore(pool, { databaseUrl, clock: () => new Date('2024-01-02T10:00:00Z') });
  let versie: bigint | 'no_stream' = 'no_stream';
  for (let i = 0; i < events.length; i += 20) {
    const r = await store.appendToStream(regelingStream(GROOT), versie, events.slice(i, i + 20).map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data })));
    versie = r.nextExpectedVersion;
  }
  return mutatie.plaats!.locaties!.length;
}

function generatieNaam(regelsNaam: string): string {
  const hash = createHash('sha256').update(regelsNaam).update(String(GROOT_LOCATIES));
  const eigen = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  hash.update(eigen.slice(0, eigen.indexOf('// Measuring')));
  for (const d of ['migrations', 'projections']) {
    for (const f of readdirSync(join(projectRoot, d)).sort()) if (f.endsWith('.ts') && !f.endsWith('.test.ts')) hash.update(readFileSync(join(projectRoot, d, f)));
  }
  return `bench_tiles_gen_${hash.digest('hex').slice(0, 16)}`;
}

export async function template(ctx: TemplateContext): Promise<string> {
  const regelsNaam = await regels.template(ctx);
  const naam = generatieNaam(regelsNaam);
  const klaar = await ctx.admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [naam])).rows.length > 0);
  if (klaar) {
    const pool = createPool(ctx.urlFor(naam), 1);
    try {
      if ((await pool.query(`SELECT to_regclass('public.bench_tiles') IS NOT NULL AS af`)).rows[0].af) {
        say(`using the read models built earlier in ${naam}`);
        return naam;
      }
    } finally {
      await pool.end();
    }
    await ctx.admin((c) => c.query(`DROP DATABASE ${naam} WITH (FORCE)`));
  }
  // Read models built by an earlier version of the code are of no use any more: gigabytes each.
  await ctx.admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_tiles\\_gen\\_%' AND datname <> $1`, [naam]);
    for (const { datname } of rows) await c.query(`DROP DATABASE ${datname} WITH (FORCE)`);
  });
  await ctx.admin((c) => c.query(`CREATE DATABASE ${naam} TEMPLATE ${regelsNaam}`));
  const url = ctx.urlFor(naam);
  const pool = createPool(url, 4);
  try {
    await migrateToLatest(pool);
    const config = loadConfig({ LOG_LEVEL: 'warn', PROJECTION_BATCH_SIZE: '1000' }, { embeddedDataDir: '/nonexistent' });
    const container = createContainer({ config, databaseUrl: url, logger: createLogger(config.logLevel) });
    const runner = container.get<ProjectionRunner>(TYPES.ProjectionRunner);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM es.events');
    const events = Number(rows[0]!.n);
    for (const p of runner.projections) await runner.rebuild(p, (n) => ctx.progress(`build read model ${p.name}`, n, events));
    const t0 = performance.now();
    const locaties = await voegGrootToe(pool, url);
    say(`the large regeling (${locaties} locaties) decided and appended in ${((performance.now() - t0) / 1000).toFixed(1)} s; projecting`);
    const t1 = performance.now();
    for (const p of runner.projections) await runner.catchUp(p);
    say(`projected in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    await container.get<pg.Pool>(TYPES.Pool).end();
    await pool.query('VACUUM ANALYZE');
    await pool.query('CREATE TABLE public.bench_tiles (locaties int NOT NULL)');
    await pool.query('INSERT INTO public.bench_tiles VALUES ($1)', [locaties]);
  } finally {
    await pool.end();
  }
  return naam;
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

interface Tegel {
  set: 'landelijk' | 'groot';
  z: number;
  x: number;
  y: number;
}

const MERC = 20037508.342789244;
const tegelVan = (z: number, mx: number, my: number) => {
  const n = 2 ** z;
  return { x: Math.min(n - 1, Math.floor(((mx + MERC) / (2 * MERC)) * n)), y: Math.min(n - 1, Math.floor(((MERC - my) / (2 * MERC)) * n)) };
};

/** A tiles role in a process of its own (as in production), on a free port, logging warnings only. */
async function tilesRole(databaseUrl: string, cacheBytes: number): Promise<{ url: string; child: ChildProcess }> {
  const vrij = createServer().listen(0, '127.0.0.1');
  await once(vrij, 'listening');
  const port = (vrij.address() as AddressInfo).port;
  await new Promise((resolve) => vrij.close(resolve));
  const child = spawn(process.execPath, ['--import', 'tsx', 'infrastructure/main.ts', '--role', 'tiles'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn', TILE_CACHE_BYTES: String(cacheBytes) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const tot = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null || Date.now() > tot) throw new Error('the tiles role did not start');
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return { url, child };
    await new Promise((r) => setTimeout(r, 200));
  }
}

function haal(agent: Agent, url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode!, bytes }));
    })
      .on('error', reject)
      .end();
  });
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const { pool, progress } = ctx;
  const groot = (await pool.query<{ locaties: number }>('SELECT locaties FROM public.bench_tiles')).rows[0]!.locaties;
  const vandaag = datumInAmsterdam(new Date());
  const params = { geldigOp: vandaag, inWerkingOp: vandaag, bekendOp: vandaag };
  const query = new URLSearchParams(params).toString();

  // ---- the tiles: around locaties of the national history, and in the large regeling ----
  const r = rng(20261129);
  const { rows: steekproef } = await pool.query<{ x: number; y: number }>(
    `SELECT ST_X(c) AS x, ST_Y(c) AS y FROM (SELECT ST_Centroid(geom_3857) AS c FROM rm.locaties TABLESAMPLE SYSTEM (1) REPEATABLE (7)
       WHERE geom_3857 IS NOT NULL AND regeling_id <> $1 LIMIT 2000) s`,
    [GROOT],
  );
  const { rows: stad } = await pool.query<{ x0: number; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1 FROM ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 28992), 3857) g, box2d(g) b`,
    [STAD.minX, STAD.minY, STAD.maxX, STAD.maxY],
  );
  const s = stad[0]!;
  const tegels: Tegel[] = [];
  for (const z of ZOOMS) {
    for (const set of ['landelijk', 'groot'] as const) {
      const gezien = new Set<string>();
      for (let i = 0; gezien.size < TEGELS_PER_ZOOM[z] && i < 5000; i++) {
        const p = set === 'landelijk' ? steekproef[Math.floor(r() * steekproef.length)]! : { x: s.x0 + r() * (s.x1 - s.x0), y: s.y0 + r() * (s.y1 - s.y0) };
        const t = tegelVan(z, p.x, p.y);
        const k = `${z}/${t.x}/${t.y}`;
        if (gezien.has(k)) continue;
        gezien.add(k);
        tegels.push({ set, z, ...t });
      }
    }
  }
  say(`${tegels.length} tiles: ${ZOOMS.map((z) => `z${z} ${tegels.filter((t) => t.z === z).length}`).join(', ')}`);

  const sql = async (t: Tegel) => {
    const { rows } = await pool.query<{ tile: Buffer }>({ name: 'tile-sql', text: 'SELECT tiles.werkingsgebieden($1, $2, $3, $4::json) AS tile', values: [t.z, t.x, t.y, JSON.stringify(params)] });
    return rows[0]!.tile.length;
  };
  // Warm PostgreSQL's buffers once over every tile, so neither way pays for the first read.
  let n = 0;
  for (const t of tegels) {
    await sql(t);
    progress('warm-up (SQL, every tile once)', ++n, tegels.length);
  }

  // ---- uncached: the route (tiles role, cache off) against the SQL function, alternating ----
  const ongecached = await tilesRole(ctx.databaseUrl, 0);
  const gecached = await tilesRole(ctx.databaseUrl, 512 * 1024 * 1024);
  const agent = new Agent({ keepAlive: true, maxSockets: LOAD_CONNECTIONS });
  try {
    const route = new Map<Tegel, number>();
    const functie = new Map<Tegel, number>();
    const grootte = new Map<Tegel, number>();
    n = 0;
    for (const [i, t] of tegels.entries()) {
      const viaRoute = async () => {
        const t0 = performance.now();
        const res = await haal(agent, `${ongecached.url}/tiles/werkingsgebieden/${t.z}/${t.x}/${t.y}.mvt?${query}`);
        route.set(t, performance.now() - t0);
        if (res.status !== 200 && res.status !== 204) throw new Error(`route ${t.z}/${t.x}/${t.y}: ${res.status}`);
      };
      const viaSql = async () => {
        const t0 = performance.now();
        grootte.set(t, await sql(t));
        functie.set(t, performance.now() - t0);
      };
      if (i % 2 === 0) {
        await viaRoute();
        await viaSql();
      } else {
        await viaSql();
        await viaRoute();
      }
      progress('uncached: route and SQL function, each tile', ++n, tegels.length);
    }

    // ---- cached: a load generator on loopback against the tiles role with its cache ----
    const urls = tegels.filter((t) => t.z >= 14).map((t) => `${gecached.url}/tiles/werkingsgebieden/${t.z}/${t.x}/${t.y}.mvt?${query}`);
    for (const u of urls) await haal(agent, u);
    let klaar = 0;
    let fouten = 0;
    const eind = performance.now() + LOAD_SECONDS * 1000;
    const start = performance.now();
    const verbinding = async (k: number) => {
      for (let i = k; performance.now() < eind; i += LOAD_CONNECTIONS) {
        const res = await haal(agent, urls[i % urls.length]!);
        if (res.status === 200 || res.status === 204) klaar++;
        else fouten++;
        if (klaar % 500 === 0) progress(`cached: ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s, requests`, Math.min(klaar, 10 ** 9), 10 ** 9);
      }
    };
    await Promise.all(Array.from({ length: LOAD_CONNECTIONS }, (_, k) => verbinding(k)));
    const cachedPerSec = klaar / ((performance.now() - start) / 1000);
    progress(`cached: ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s, requests`, 10 ** 9, 10 ** 9);

    const uit: Record<string, number> = { largeRegelingLocaties: groot, tiles: tegels.length };
    for (const z of ZOOMS) {
      for (const set of ['landelijk', 'groot'] as const) {
        const deze = tegels.filter((t) => t.z === z && t.set === set);
        const rt = deze.map((t) => route.get(t)!);
        const ft = deze.map((t) => functie.get(t)!);
        const p = `z${z}${set === 'groot' ? 'Large' : 'National'}`;
        uit[`${p}Tiles`] = deze.length;
        uit[`${p}RouteP50Ms`] = regels.ms(regels.percentiel(rt, 50));
        uit[`${p}RouteP99Ms`] = regels.ms(regels.percentiel(rt, 99));
        uit[`${p}SqlP50Ms`] = regels.ms(regels.percentiel(ft, 50));
        uit[`${p}SqlP99Ms`] = regels.ms(regels.percentiel(ft, 99));
        uit[`${p}RouteTilesPerSec`] = Math.round((deze.length / (rt.reduce((a, b) => a + b, 0) / 1000)) * 100) / 100;
        uit[`${p}MaxBytes`] = Math.max(...deze.map((t) => grootte.get(t)!));
        uit[`${p}AvgBytes`] = Math.round(deze.reduce((a, t) => a + grootte.get(t)!, 0) / deze.length);
      }
      const deze = tegels.filter((t) => t.z === z);
      uit[`z${z}UncachedP50Ms`] = regels.ms(regels.percentiel(deze.map((t) => route.get(t)!), 50));
      uit[`z${z}UncachedP99Ms`] = regels.ms(regels.percentiel(deze.map((t) => route.get(t)!), 99));
      uit[`z${z}SqlP50Ms`] = regels.ms(regels.percentiel(deze.map((t) => functie.get(t)!), 50));
    }
    const som = (m: Map<Tegel, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    uit.routeToSqlRatio = Math.round((som(functie) / som(route)) * 1000) / 1000;
    uit.cachedTilesPerSec = Math.round(cachedPerSec);
    uit.cachedErrors = fouten;
    uit.maxTileBytes = Math.max(...grootte.values());
    return uit;
  } finally {
    agent.destroy();
    for (const c of [ongecached.child, gecached.child]) c.kill('SIGTERM');
  }
}

const f = (x: number | undefined) => (x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: x < 10 ? 2 : 1 }));

export function table(r: Record<string, number>): string[][] {
  const rijen: string[][] = [['werkingsgebieden, uncached', 'route p50 / p99 ms', 'SQL p50 / p99 ms (baseline)', 'route tiles/s', 'max / avg bytes', 'tiles']];
  for (const z of ZOOMS) {
    for (const [set, naam] of [['National', 'national history'], ['Large', '400,000-locatie regeling']] as const) {
      const p = `z${z}${set}`;
      rijen.push([`z${z} ${naam}`, `${f(r[`${p}RouteP50Ms`])} / ${f(r[`${p}RouteP99Ms`])}`, `${f(r[`${p}SqlP50Ms`])} / ${f(r[`${p}SqlP99Ms`])}`, f(r[`${p}RouteTilesPerSec`]), `${f(r[`${p}MaxBytes`])} / ${f(r[`${p}AvgBytes`])}`, f(r[`${p}Tiles`])]);
    }
  }
  rijen.push(['', '', '', '', '', '']);
  rijen.push(['z14 uncached p50 / p99 (ms), both sets', `${f(r.z14UncachedP50Ms)} / ${f(r.z14UncachedP99Ms)}`, `${f(r.z14SqlP50Ms)} (SQL p50)`, `aim p50 ≤ ${AIM.z14UncachedP50Ms}`, '', '']);
  rijen.push(['route / SQL function (time ratio, all tiles)', f(r.routeToSqlRatio), '', `aim ≥ ${AIM.routeToSqlRatio}`, '', '']);
  rijen.push([`cached tiles/s over HTTP (${LOAD_CONNECTIONS} connections, loopback)`, f(r.cachedTilesPerSec), `errors ${f(r.cachedErrors)}`, `aim ≥ ${f(AIM.cachedTilesPerSec)}`, '', '']);
  rijen.push(['largest tile (bytes)', f(r.maxTileBytes), '', `aim ≤ ${f(AIM.maxTileBytes)}`, '', '']);
  rijen.push(['locaties in the large regeling', f(r.largeRegelingLocaties), '', '', '', '']);
  return rijen;
}

export function failures(r: Record<string, number>): string[] {
  const uit: string[] = [];
  if (r.maxTileBytes! > AIM.maxTileBytes) uit.push(`a tile is ${r.maxTileBytes} bytes, over ${AIM.maxTileBytes}`);
  if (r.cachedErrors !== 0) uit.push(`${r.cachedErrors} cached requests failed`);
  return uit;
}

