import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import test from 'ava';
import { startTestApp, type TestApp } from './support/app.ts';
import { PROVINCIE, UTRECHT, provincieVaststelling, utrechtVaststelling } from './support/regelingen.ts';
import { WATERSCHAP, env, kort, leesTegel, schrijf, tegel, waterschapBesluit } from './support/tegels.ts';

interface Gegevens {
  app: TestApp;
  projecteer(): Promise<void>;
}

async function metGegevens(): Promise<Gegevens> {
  const app = await startTestApp({ env });
  const projecteer = async () => void (await app.runner.catchUp(app.runner.find('omgevingsdocumenten')!));
  for (const [code, regeling, body] of [
    ['gm0344', UTRECHT, utrechtVaststelling().data],
    ['pv26', PROVINCIE, provincieVaststelling()],
    ['ws0155', WATERSCHAP, waterschapBesluit],
  ] as const) {
    const res = await schrijf(app, code, regeling, body);
    if (res.status !== 201) throw new Error(`${regeling}: ${res.status} ${await res.text()}`);
  }
  await projecteer();
  return { app, projecteer };
}

test('TileJSON 3.0.0 per layer, with vector_layers from the function comment and versioned tile URLs', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const lagen = (await (await fetch(`${app.baseUrl}/tiles`)).json()) as { versie: string; lagen: { id: string }[] };
  t.deepEqual(lagen.lagen.map((l) => l.id), ['bestemmingsplannen', 'bestuursgrenzen', 'gebiedsaanwijzingen', 'omgevingsnormen', 'werkingsgebieden']);
  const res = await fetch(`${app.baseUrl}/tiles/werkingsgebieden.json?geldigOp=2025-01-01&bestuurslaag=gemeente,provincie`);
  t.is(res.status, 200);
  t.is(res.headers.get('access-control-allow-origin'), '*');
  const tj = (await res.json()) as { tilejson: string; tiles: string[]; minzoom: number; maxzoom: number; bounds: number[]; vector_layers: { id: string; fields: Record<string, string> }[] };
  t.is(tj.tilejson, '3.0.0');
  t.deepEqual(tj.vector_layers.map((l) => l.id), ['werkingsgebieden']);
  t.like(tj.vector_layers[0]!.fields, { regelingId: 'String', bestuurslaag: 'String', activiteiten: 'String', status: 'String' });
  t.is(tj.bounds.length, 4);
  t.true(tj.minzoom === 0 && tj.maxzoom >= 14);
  const url = new URL(tj.tiles[0]!.replace('{z}/{x}/{y}', '0/0/0'));
  t.is(url.searchParams.get('v'), lagen.versie, 'tile URLs carry the version of the read models');
  t.is(url.searchParams.get('geldigOp'), '2025-01-01');
  t.is(url.searchParams.get('bestuurslaag'), 'gemeente,provincie');
  t.regex(url.searchParams.get('inWerkingOp') ?? '', /^\d{4}-\d{2}-\d{2}$/, 'unset dates are given, so the URL fixes the content');
});

test('tiles decoded with @mapbox/vector-tile: layers, features, properties, geometry, and time travel', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const [z, x, y] = await tegel(app, 14, 138100, 456100);
  const pad = (laag: string, q = '') => `/tiles/${laag}/${z}/${x}/${y}.mvt?${q}`;

  const { lagen } = await leesTegel(app, pad('werkingsgebieden', 'geldigOp=2025-01-01'));
  t.deepEqual(Object.keys(lagen), ['werkingsgebieden']);
  const w = lagen.werkingsgebieden!;
  t.deepEqual(w.map(kort).sort(), ['gm0344:dakkapel', 'gm0344:dakkapel,kappen', 'pv26:geluid', 'ws0155:-', 'ws0155:-'], 'one feature per locatie: two dijkvakken');
  t.like(w.find((f) => kort(f) === 'gm0344:dakkapel,kappen')!.properties, { regelingId: UTRECHT, bevoegdGezag: 'gm0344', bestuurslaag: 'gemeente', documenttype: 'omgevingsplan', status: 'geldend' });
  // The park's geometry, from a tile that holds all of it (z14 cuts it at the tile's buffer).
  const [pz, px, py] = await tegel(app, 12, 138250, 456250);
  const park = (await leesTegel(app, `/tiles/werkingsgebieden/${pz}/${px}/${py}.mvt?geldigOp=2025-01-01`)).lagen.werkingsgebieden!.find((f) => kort(f) === 'gm0344:dakkapel,kappen')!;
  t.is(park.type, 3, 'a polygon');
  // The park is the square 138000–138500 × 456000–456500 in RD; in lon/lat, within 3 tile units (9 m at z12).
  const { rows } = await app.db.pool.query(
    `SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1 FROM ST_Transform(ST_MakeEnvelope(138000, 456000, 138500, 456500, 28992), 4326) g, box2d(g) b`,
  );
  const r = rows[0] as { x0: number; y0: number; x1: number; y1: number };
  const eenheid = 360 / 2 ** pz / 4096;
  for (const [a, b] of [[park.bbox[0], r.x0], [park.bbox[2], r.x1]] as const) t.true(Math.abs(a - b) < 3 * eenheid, `lon ${a} ≈ ${b}`);
  for (const [a, b] of [[park.bbox[1], r.y0], [park.bbox[3], r.y1]] as const) t.true(Math.abs(a - b) < 3 * eenheid, `lat ${a} ≈ ${b}`);

  // Before the omgevingsplan was in force (2024-02-01) but after the verordening (2024-01-15).
  const vroeg = (await leesTegel(app, pad('werkingsgebieden', 'geldigOp=2024-01-20&inWerkingOp=2024-01-20'))).lagen.werkingsgebieden ?? [];
  t.deepEqual(vroeg.map(kort), ['pv26:geluid'], 'a tile at a date before a regel existed does not contain it');
  const heelVroeg = await leesTegel(app, pad('werkingsgebieden', 'geldigOp=2023-06-01&inWerkingOp=2023-06-01'));
  t.is(heelVroeg.res.status, 204, 'nothing in force: an empty tile');

  const gemeente = (await leesTegel(app, pad('werkingsgebieden', 'bestuurslaag=gemeente'))).lagen.werkingsgebieden!;
  t.deepEqual([...new Set(gemeente.map((f) => f.properties.bestuurslaag))], ['gemeente']);
  const bouwen = (await leesTegel(app, pad('werkingsgebieden', 'activiteit=bouwen'))).lagen.werkingsgebieden!;
  t.deepEqual(bouwen.map(kort).sort(), ['gm0344:dakkapel', 'gm0344:dakkapel,kappen'], 'bouwen finds the dakkapel regels below it');
  const typen = (await leesTegel(app, pad('werkingsgebieden', 'documenttype=waterschapsverordening'))).lagen.werkingsgebieden!;
  t.deepEqual(typen.map(kort), ['ws0155:-', 'ws0155:-']);

  const g = (await leesTegel(app, pad('gebiedsaanwijzingen'))).lagen.gebiedsaanwijzingen!;
  t.deepEqual(g.map((f) => [f.properties.naam, f.properties.type, f.properties.bevoegdGezag]), [['wonen', 'Functie', 'gm0344']]);

  const n = (await leesTegel(app, pad('omgevingsnormen'))).lagen.omgevingsnormen!;
  const waarden = n.map((f) => [f.properties.naam, f.properties.waarde, f.properties.waardeGetal ?? null, f.properties.eenheid]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  t.deepEqual(waarden, [
    ['maximale overstromingskans', '0.001', 0.001, 'per jaar'],
    ['maximale overstromingskans', 'zeer klein', null, 'per jaar'],
  ], 'each value on its own locatie, reached through the groep the regel names');
});

test('zoomed out, locaties smaller than a cell of two pixels become that cell, one per regeling, without activiteiten', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const [z, x, y] = await tegel(app, 6, 138100, 456100);
  const w = (await leesTegel(app, `/tiles/werkingsgebieden/${z}/${x}/${y}.mvt`)).lagen.werkingsgebieden!;
  const utrecht = w.filter((f) => f.properties.bevoegdGezag === 'gm0344');
  t.true(utrecht.length >= 1 && utrecht.length <= 2, 'centrum and park (2 km apart) fall in one or two cells of about 5 km');
  t.true(utrecht.every((f) => f.properties.activiteiten === undefined), 'a cell stands for several locaties: no activiteiten of its own');
  t.truthy(w.find((f) => f.properties.bevoegdGezag === 'pv26')?.properties.activiteiten, 'the 5 km stiltegebied is larger than a cell and keeps its activiteiten');
  const cel = utrecht[0]!.bbox;
  const breedte = 360 / 2 ** z / 128;
  t.true(Math.abs(cel[2] - cel[0] - breedte) < breedte / 100, 'a cell is 1/128 of the tile wide');
  const kappen = (await leesTegel(app, `/tiles/werkingsgebieden/${z}/${x}/${y}.mvt?activiteit=boom%20kappen`)).lagen.werkingsgebieden!;
  t.deepEqual(kappen.map((f) => f.properties.bevoegdGezag), ['gm0344'], 'a filter still looks at every locatie: only the park has kappen');
});

test('ontwerpen appear only when asked, with status ontwerp; beschikbaarOp shows what was known then', async (t) => {
  const { app, projecteer } = await metGegevens();
  t.teardown(app.close);
  const [z, x, y] = await tegel(app, 14, 138100, 456100);
  const moment = new Date().toISOString();
  const ontwerp = {
    documenttype: 'omgevingsplan',
    citeertitel: 'Omgevingsplan gemeente Utrecht',
    doel: 'ontwerp-kappen',
    instrumentversie: `${UTRECHT}/nld@2026-11-01;o2`,
    bekendOp: '2026-11-01',
    terInzage: { van: '2026-11-02', tot: '2026-12-13' },
    mutatie: { plaats: { activiteiten: [{ identificatie: 'nl.imow-gm0344.activiteit.vellen', naam: 'houtopstand vellen', groep: 'kapactiviteit' }], juridischeRegels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art2', type: 'RegelVoorIedereen', regeltekst: 'gm0344_1__art_2', locaties: ['nl.imow-gm0344.gebied.park'], activiteiten: [{ activiteit: 'nl.imow-gm0344.activiteit.vellen', kwalificatie: 'vergunningplicht' }] }] } },
  };
  t.is((await schrijf(app, 'gm0344', UTRECHT, ontwerp, 'ontwerpen')).status, 201);
  await projecteer();
  const pad = (q: string) => `/tiles/werkingsgebieden/${z}/${x}/${y}.mvt?bestuurslaag=gemeente&${q}`;
  const zonder = (await leesTegel(app, pad(''))).lagen.werkingsgebieden!;
  t.deepEqual([...new Set(zonder.map((f) => f.properties.status))], ['geldend']);
  const met = (await leesTegel(app, pad('inclusiefOntwerp=true'))).lagen.werkingsgebieden!;
  const ontwerpen = met.filter((f) => f.properties.status === 'ontwerp');
  t.true(ontwerpen.some((f) => kort(f) === 'gm0344:dakkapel,vellen'), 'the ontwerp shows the changed regel');
  t.is(met.length - ontwerpen.length, zonder.length);
  const eerder = (await leesTegel(app, pad(`inclusiefOntwerp=true&beschikbaarOp=${encodeURIComponent(moment)}`))).lagen.werkingsgebieden!;
  t.false(eerder.some((f) => f.properties.status === 'ontwerp'), 'before the ontwerp was received');
});

test('cache: ETag and 304, gzip, immutable versioned URLs, a short max-age otherwise, and a new version after a publication', async (t) => {
  const { app, projecteer } = await metGegevens();
  t.teardown(app.close);
  const [z, x, y] = await tegel(app, 12, 138100, 456100);
  const tj = (await (await fetch(`${app.baseUrl}/tiles/werkingsgebieden.json`)).json()) as { tiles: string[] };
  const versioned = tj.tiles[0]!.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));

  const eerste = await fetch(versioned, { headers: { 'accept-encoding': 'gzip' } });
  t.is(eerste.status, 200);
  t.is(eerste.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
  t.is(eerste.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const etag = eerste.headers.get('etag')!;
  t.regex(etag, /^"[\w-]+-gz"$/);
  const body = Buffer.from(await eerste.arrayBuffer()); // fetch has already gunzipped it
  t.true(body.length > 0);
  t.is(eerste.headers.get('access-control-allow-origin'), '*', 'open data: any site may draw the tiles');
  const nogEens = await fetch(versioned, { headers: { 'if-none-match': etag, 'accept-encoding': 'gzip' } });
  t.is(nogEens.status, 304);
  t.deepEqual(Buffer.from(await (await fetch(versioned)).arrayBuffer()), body);
  // From the cache (answered before the rest of the app): the same tile and the same headers.
  const uitCache = await fetch(versioned, { headers: { 'accept-encoding': 'gzip' } });
  for (const kop of ['etag', 'cache-control', 'content-type', 'access-control-allow-origin', 'x-tile-version', 'vary']) {
    t.is(uitCache.headers.get(kop), eerste.headers.get(kop), kop);
  }

  // Without gzip: the same tile, plain, with its own ETag.
  const { request } = await import('node:http');
  const plain = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    request(versioned, { headers: { 'accept-encoding': 'identity' } }, (res) => {
      const delen: Buffer[] = [];
      res.on('data', (d: Buffer) => delen.push(d)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(delen) }));
    }).on('error', reject).end();
  });
  t.is(plain.status, 200);
  t.is(plain.headers['content-encoding'], undefined);
  t.deepEqual(plain.body, body);
  t.not(plain.headers.etag, etag);
  const gz = await new Promise<Buffer>((resolve, reject) => {
    request(versioned, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const delen: Buffer[] = [];
      res.on('data', (d: Buffer) => delen.push(d)).on('end', () => resolve(Buffer.concat(delen)));
    }).on('error', reject).end();
  });
  t.deepEqual(gunzipSync(gz), body, 'the gzipped body is the tile');

  const zonderVersie = await fetch(versioned.replace(/&v=[^&]+/, ''));
  t.is(zonderVersie.headers.get('cache-control'), 'public, max-age=60');

  // A publication: the projection advances, the version changes, the old versioned URL redirects.
  const v1 = new URL(versioned).searchParams.get('v')!;
  const events = await fetch(`${app.baseUrl}/api/events`);
  t.is(events.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const lezer = events.body!.getReader();
  const gezien: string[] = [];
  const wachtOpVersie = async (anders: string) => {
    let tekst = '';
    const tot = Date.now() + 15_000;
    while (Date.now() < tot) {
      const { value, done } = await lezer.read();
      if (done) break;
      tekst += new TextDecoder().decode(value);
      for (const m of tekst.matchAll(/event: tiles\nid: [^\n]+\ndata: (.+)\n\n/g)) {
        const v = (JSON.parse(m[1]!) as { v: string }).v;
        if (!gezien.includes(v)) gezien.push(v);
      }
      if (gezien.some((v) => v !== anders)) return gezien.find((v) => v !== anders)!;
    }
    throw new Error(`no new version on /api/events; saw ${gezien.join(', ')}`);
  };
  t.is(await wachtOpVersie('geen'), v1, 'the stream starts with the current version');
  t.is(
    (await schrijf(app, 'gm0344', UTRECHT, {
      ...utrechtVaststelling().data,
      doel: '/join/id/proces/gm0344/2025/kappen',
      instrumentversie: `${UTRECHT}/nld@2025-03-01;2`,
      bekendOp: '2025-03-01',
      juridischWerkendVanaf: '2025-03-15',
      mutatie: { verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art2'] } },
    })).status,
    201,
  );
  await projecteer();
  const v2 = await wachtOpVersie(v1);
  t.not(v2, v1, 'the event stream tells the viewer about the new version');
  await lezer.cancel();

  const oud = await fetch(versioned, { redirect: 'manual' });
  t.is(oud.status, 302, 'a versioned URL never serves a tile of another version');
  t.is(oud.headers.get('cache-control'), 'no-store');
  t.is(new URL(oud.headers.get('location')!, app.baseUrl).searchParams.get('v'), v2);
  const nieuw = await leesTegel(app, new URL(oud.headers.get('location')!, app.baseUrl).pathname + new URL(oud.headers.get('location')!, app.baseUrl).search);
  t.is(nieuw.res.headers.get('x-tile-version'), v2);
  t.false(nieuw.lagen.werkingsgebieden!.some((f) => kort(f) === 'gm0344:dakkapel,kappen'), 'the new version no longer has the kap regel');
  const tj2 = (await (await fetch(`${app.baseUrl}/tiles/werkingsgebieden.json`)).json()) as { tiles: string[] };
  t.is(new URL(tj2.tiles[0]!.replace('{z}/{x}/{y}', '0/0/0')).searchParams.get('v'), v2, 'new TileJSON URLs');
});

test('GDAL reads a tile through HTTP with its MVT driver', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const [z, x, y] = await tegel(app, 14, 138100, 456100);
  const uitvoer = async (laag: string) =>
    (await promisify(execFile)('ogrinfo', ['-ro', '-so', '-al', `MVT:${app.baseUrl}/tiles/${laag}/${z}/${x}/${y}.mvt?geldigOp=2025-01-01`], { timeout: 60_000 })).stdout;
  const w = await uitvoer('werkingsgebieden');
  t.regex(w, /Layer name: werkingsgebieden/);
  t.regex(w, /Feature Count: 5\b/);
  t.regex(w, /activiteiten: String/);
  t.regex(w, /bestuurslaag: String/);
  const n = await uitvoer('omgevingsnormen');
  t.regex(n, /Layer name: omgevingsnormen/);
  t.regex(n, /Feature Count: 2\b/);
  t.regex(n, /waardeGetal: Real/);
});

test('bad input: z, x, y out of range, unknown layer, malformed parameters; problem+json, never a 500', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const fout = async (pad: string, status: number, code: string, param?: string) => {
    const res = await fetch(`${app.baseUrl}${pad}`, { redirect: 'manual' });
    t.is(res.status, status, pad);
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8', pad);
    const body = (await res.json()) as { code: string; invalidParams?: { name: string }[] };
    t.is(body.code, code, pad);
    if (param) t.true(body.invalidParams?.some((p) => p.name === param), `${pad} names ${param}`);
  };
  await fout('/tiles/werkingsgebieden/23/0/0.mvt', 400, 'ongeldige_tegel', 'z');
  await fout('/tiles/werkingsgebieden/-1/0/0.mvt', 400, 'ongeldige_tegel', 'z');
  await fout('/tiles/werkingsgebieden/3/8/0.mvt', 400, 'ongeldige_tegel', 'x');
  await fout('/tiles/werkingsgebieden/3/0/8.mvt', 400, 'ongeldige_tegel', 'y');
  await fout('/tiles/werkingsgebieden/3/1.5/0.mvt', 400, 'ongeldige_tegel', 'x');
  await fout('/tiles/werkingsgebieden/3/abc/0.mvt', 400, 'ongeldige_tegel', 'x');
  await fout('/tiles/bestemmingsvlakken/3/0/0.mvt', 404, 'onbekende_laag');
  await fout('/tiles/bestemmingsvlakken.json', 404, 'onbekende_laag');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?geldigOp=2024-02-30', 400, 'ongeldige_parameters', 'geldigOp');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?inWerkingOp=gisteren', 400, 'ongeldige_parameters', 'inWerkingOp');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?beschikbaarOp=2024-13-01T00:00:00Z', 400, 'ongeldige_parameters', 'beschikbaarOp');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?geldigOp=2024-01-01&geldigOp=2025-01-01', 400, 'ongeldige_parameters', 'geldigOp');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?inclusiefOntwerp=ja', 400, 'ongeldige_parameters', 'inclusiefOntwerp');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?bestuurslaag=kerk', 400, 'ongeldige_parameters', 'bestuurslaag');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?activiteit=,', 400, 'ongeldige_parameters', 'activiteit');
  await fout('/tiles/werkingsgebieden/3/0/0.mvt?v=gisteren', 400, 'ongeldige_parameters', 'v');
  await fout('/tiles/werkingsgebieden.json?geldigOp=morgen', 400, 'ongeldige_parameters', 'geldigOp');
  t.false(app.logs.some((l) => l.level === 50), 'nothing was logged as a server error');
});
