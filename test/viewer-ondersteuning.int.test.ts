import test from 'ava';
import { AmbtsgebiedService } from '../application/bestuursgrenzen/ambtsgebied-service.ts';
import { VERSIE_SQL } from '../tiles/version.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase } from './support/database.ts';
import { PROVINCIE, UTRECHT, provincieVaststelling, utrechtVaststelling, vierkant } from './support/regelingen.ts';
import { WATERSCHAP, env, kort, leesTegel, lonLat, schrijf, tegel, waterschapBesluit } from './support/tegels.ts';

/**
 * What the viewer needs of the server: the bestuursgrenzen tile layer (its base map without
 * network), the thema and regeltype filters of the werkingsgebieden layer, and the place search.
 */

const AMERSFOORT = '/akn/nl/act/gm0307/2024/omgevingsplan';
const NEDERLAND = { type: 'Polygon' as const, coordinates: [[[10000, 300000], [280000, 300000], [280000, 620000], [10000, 620000], [10000, 300000]]] };
const rechthoek = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon' as const, coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

/** The register (RD New): squares, so what a tile or a bbox must hold can be worked out. */
const AMBTSGEBIEDEN = [
  { code: 'pv26', naam: 'Provincie Utrecht', geometrie: rechthoek(120000, 430000, 170000, 480000) },
  { code: 'gm0344', naam: 'Gemeente Utrecht', geometrie: rechthoek(130000, 448000, 142000, 464000) },
  { code: 'gm1581', naam: 'Gemeente Utrechtse Heuvelrug', geometrie: rechthoek(150000, 440000, 165000, 455000) },
  { code: 'ws0155', naam: 'Hoogheemraadschap De Stichtse Rijnlanden', geometrie: rechthoek(125000, 440000, 160000, 465000) },
  { code: 'gm1900', naam: 'Gemeente Súdwest-Fryslân', geometrie: rechthoek(160000, 540000, 180000, 560000) },
  // Every ministerie has the Rijk's area: drawn once.
  { code: 'mnre1034', naam: 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties', geometrie: NEDERLAND },
  { code: 'mnre1130', naam: 'Ministerie van Infrastructuur en Waterstaat', geometrie: NEDERLAND },
];

/**
 * Two small gebieden 30 m apart, each named by one regel: west an Instructieregel on thema
 * water, east a RegelVoorIedereen on thema bouwen. Zoomed out they share one pixel cell.
 */
const amersfoortBesluit = {
  documenttype: 'omgevingsplan',
  citeertitel: 'Omgevingsplan gemeente Amersfoort',
  doel: '/join/id/proces/gm0307/2024/instelling',
  instrumentversie: `${AMERSFOORT}/nld@2024-03-01;1`,
  bekendOp: '2024-03-01',
  juridischWerkendVanaf: '2024-03-15',
  mutatie: {
    plaats: {
      regelteksten: [
        { wId: 'gm0307_1__art_1', soort: 'artikel', nummer: '1', opschrift: 'Grondwater', tekst: 'Bij het bepalen van het peil wordt rekening gehouden met het grondwater.' },
        { wId: 'gm0307_1__art_2', soort: 'artikel', nummer: '2', opschrift: 'Bouwhoogte', tekst: 'De bouwhoogte is ten hoogste 10 meter.' },
      ],
      locaties: [
        { identificatie: 'nl.imow-gm0307.gebied.utrechtseweg', type: 'Gebied', noemer: 'Utrechtseweg', geometrie: vierkant(155000, 462000, 20) },
        { identificatie: 'nl.imow-gm0307.gebied.oudutrecht', type: 'Gebied', noemer: 'Oud Utrecht', geometrie: vierkant(155050, 462000, 20) },
      ],
      juridischeRegels: [
        { identificatie: 'nl.imow-gm0307.juridischeregel.art1', type: 'Instructieregel', regeltekst: 'gm0307_1__art_1', locaties: ['nl.imow-gm0307.gebied.utrechtseweg'], themas: ['water'] },
        { identificatie: 'nl.imow-gm0307.juridischeregel.art2', type: 'RegelVoorIedereen', regeltekst: 'gm0307_1__art_2', locaties: ['nl.imow-gm0307.gebied.oudutrecht'], themas: ['bouwen'] },
      ],
    },
  },
};

const door = (commandId: string) => ({ actor: 'system:test', commandId });

/**
 * Applies every stored event to the read models. One catch-up can stop early: the store's read
 * horizon waits for transactions of tests running in other databases of the cluster.
 */
async function bijwerken(app: TestApp): Promise<void> {
  const { rows } = await app.db.pool.query<{ laatste: string | null }>('SELECT max(global_position)::text AS laatste FROM es.events');
  const laatste = BigInt(rows[0]!.laatste ?? 0);
  for (const naam of ['ambtsgebieden', 'omgevingsdocumenten']) {
    const projectie = app.runner.find(naam)!;
    while (BigInt((await app.runner.checkpoint(projectie)).globalPosition) < laatste) {
      await app.runner.catchUp(projectie);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

interface Gegevens {
  app: TestApp;
  ambtsgebieden: AmbtsgebiedService;
}

/** The app with the place search mounted, the register above and four regelingen, all projected. */
async function metGegevens(): Promise<Gegevens> {
  const db = await createTestDatabase();
  const app = await startTestApp({ env, db });
  const ambtsgebieden = new AmbtsgebiedService(app.store);
  for (const a of AMBTSGEBIEDEN) await ambtsgebieden.handel({ type: 'StelAmbtsgebiedVast', data: { ...a, bron: 'test' } }, door(`test:${a.code}`));
  for (const [code, regeling, body] of [
    ['gm0344', UTRECHT, utrechtVaststelling().data],
    ['pv26', PROVINCIE, provincieVaststelling()],
    ['ws0155', WATERSCHAP, waterschapBesluit],
    ['gm0307', AMERSFOORT, amersfoortBesluit],
  ] as const) {
    const res = await schrijf(app, code, regeling, body);
    if (res.status !== 201) throw new Error(`${regeling}: ${res.status} ${await res.text()}`);
  }
  await bijwerken(app);
  return { app, ambtsgebieden };
}

const LIJN = 2; // VectorTileFeature.type of a (multi)linestring

// ---------------------------------------------------------------------------------------------
// bestuursgrenzen

test('bestuursgrenzen: a TileJSON layer of its own, found in schema tiles like the others', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const lagen = (await (await fetch(`${app.baseUrl}/tiles`)).json()) as { lagen: { id: string }[] };
  t.true(lagen.lagen.some((l) => l.id === 'bestuursgrenzen'));
  const tj = (await (await fetch(`${app.baseUrl}/tiles/bestuursgrenzen.json`)).json()) as { tiles: string[]; vector_layers: { id: string; fields: Record<string, string> }[] };
  t.deepEqual(tj.vector_layers.map((l) => [l.id, l.fields]), [['bestuursgrenzen', { code: 'String', naam: 'String', bestuurslaag: 'String' }]]);
  t.regex(tj.tiles[0]!, /\/tiles\/bestuursgrenzen\/\{z\}\/\{x\}\/\{y\}\.mvt\?/);
});

test('bestuursgrenzen: a gemeente is its outline, a line with code, naam and bestuurslaag, where its boundary runs', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  // On the west boundary of the gemeente (x = 130000), 8 km from its other sides; a z12 tile is 6 km.
  const [z, x, y] = await tegel(app, 12, 130000, 456000);
  const { lagen } = await leesTegel(app, `/tiles/bestuursgrenzen/${z}/${x}/${y}.mvt`);
  t.deepEqual(Object.keys(lagen), ['bestuursgrenzen']);
  const grenzen = lagen.bestuursgrenzen!;
  const utrecht = grenzen.filter((f) => f.properties.code === 'gm0344');
  t.is(utrecht.length, 1);
  t.deepEqual(utrecht[0]!.properties, { code: 'gm0344', naam: 'Gemeente Utrecht', bestuurslaag: 'gemeente' });
  t.is(utrecht[0]!.type, LIJN, 'an outline, not an area');
  // The part of the boundary in the tile is the line x = 130000: its longitudes are those of that line.
  const zuid = await lonLat(app, 130000, 448000);
  const noord = await lonLat(app, 130000, 464000);
  const eenheid = 360 / 2 ** z / 4096;
  const [lon0, , lon1] = utrecht[0]!.bbox;
  t.true(lon0 > Math.min(zuid.lon, noord.lon) - 3 * eenheid && lon1 < Math.max(zuid.lon, noord.lon) + 3 * eenheid, `${lon0}–${lon1} on the line x = 130000`);
  t.true(lon1 - lon0 < 0.01, 'a line along the boundary, not the whole gemeente');
  const codes = grenzen.map((f) => f.properties.code);
  for (const verder of ['pv26', 'gm1581', 'mnre1034', 'mnre1130', 'gm1900']) t.false(codes.includes(verder), `${verder}: its boundary is not in this tile`);

  const alleenGemeenten = (await leesTegel(app, `/tiles/bestuursgrenzen/${z}/${x}/${y}.mvt?bestuurslaag=gemeente`)).lagen.bestuursgrenzen!;
  t.deepEqual(alleenGemeenten.map((f) => f.properties.code), ['gm0344'], 'the bestuurslaag filter');

  // Within the gemeente, kilometres from any boundary: nothing to draw.
  const [bz, bx, by] = await tegel(app, 14, 136000, 457000);
  t.is((await leesTegel(app, `/tiles/bestuursgrenzen/${bz}/${bx}/${by}.mvt`)).res.status, 204);
});

test('bestuursgrenzen: below zoom 7 only provincies and the Rijk (once, though every ministerie has that area); from zoom 7 gemeenten and waterschappen too', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const laag = async (z: number) => {
    const [, x, y] = await tegel(app, z, 136000, 456000);
    return (await leesTegel(app, `/tiles/bestuursgrenzen/${z}/${x}/${y}.mvt`)).lagen.bestuursgrenzen ?? [];
  };
  t.deepEqual((await laag(0)).map((f) => f.properties.code), ['mnre1034'], 'z0: the 50 km provincie of this test is simplified away, the Rijk drawn once');
  for (const z of [3, 6]) {
    const grenzen = await laag(z);
    t.deepEqual(grenzen.map((f) => f.properties.code).sort(), ['mnre1034', 'pv26'], `z${z}`);
    t.true(grenzen.every((f) => f.type === LIJN));
  }
  const rijk = (await laag(6)).find((f) => f.properties.bestuurslaag === 'rijk')!;
  t.deepEqual(rijk.properties, { code: 'mnre1034', naam: 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties', bestuurslaag: 'rijk' });

  const z7 = await laag(7);
  t.deepEqual(
    z7.map((f) => `${f.properties.bestuurslaag}:${f.properties.code}`).sort(),
    ['gemeente:gm0344', 'gemeente:gm1581', 'provincie:pv26', 'rijk:mnre1034', 'waterschap:ws0155'],
  );
  t.deepEqual(z7.find((f) => f.properties.code === 'ws0155')!.properties, { code: 'ws0155', naam: 'Hoogheemraadschap De Stichtse Rijnlanden', bestuurslaag: 'waterschap' });
});

test('bestuursgrenzen: a new ambtsgebied gives a new tile version, and the tile of that version shows it', async (t) => {
  const { app, ambtsgebieden } = await metGegevens();
  t.teardown(app.close);
  const versie = async () => ((await app.db.pool.query<{ v: string }>(`SELECT ${VERSIE_SQL} AS v`)).rows[0]!.v);
  const [z, x, y] = await tegel(app, 12, 150000, 462000);
  const pad = (v: string) => `/tiles/bestuursgrenzen/${z}/${x}/${y}.mvt?v=${v}`;
  const v1 = await versie();
  const voor = await leesTegel(app, pad(v1));
  t.false((voor.lagen.bestuursgrenzen ?? []).some((f) => f.properties.code === 'gm0307'));

  await ambtsgebieden.handel({ type: 'StelAmbtsgebiedVast', data: { code: 'gm0307', naam: 'Gemeente Amersfoort', geometrie: rechthoek(150000, 458000, 160000, 468000), bron: 'test' } }, door('test:gm0307'));
  await bijwerken(app);
  const v2 = await versie();
  t.not(v2, v1, 'the version holds the ambtsgebieden checkpoint');
  const na = await leesTegel(app, pad(v2));
  t.is(na.res.headers.get('x-tile-version'), v2);
  t.deepEqual(na.lagen.bestuursgrenzen!.find((f) => f.properties.code === 'gm0307')?.properties, { code: 'gm0307', naam: 'Gemeente Amersfoort', bestuurslaag: 'gemeente' });
  t.is((await fetch(`${app.baseUrl}${pad(v1)}`, { redirect: 'manual' })).status, 302, 'the old version is redirected, never served');
});

// ---------------------------------------------------------------------------------------------
// werkingsgebieden: thema and regeltype

test('werkingsgebieden: thema and regeltype keep the locaties of the regels that have them, alone and with the other filters', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const [z, x, y] = await tegel(app, 14, 138100, 456100);
  const w = async (q: string) => {
    const { res, lagen } = await leesTegel(app, `/tiles/werkingsgebieden/${z}/${x}/${y}.mvt?${q}`);
    return res.status === 204 ? [] : lagen.werkingsgebieden!.map(kort).sort();
  };
  t.deepEqual(await w(''), ['gm0344:dakkapel', 'gm0344:dakkapel,kappen', 'pv26:geluid', 'ws0155:-', 'ws0155:-'], 'without filters, as in tiles.int.test.ts');
  // Utrecht's art1 (thema bouwen) names the groep of centrum and park; art2 (kappen, no thema) the park.
  t.deepEqual(await w('thema=bouwen'), ['gm0344:dakkapel', 'gm0344:dakkapel,kappen'], 'the park stays with the activiteiten of all its regels');
  t.deepEqual(await w('thema=geluid'), ['pv26:geluid']);
  t.deepEqual(await w('thema=geluid,bouwen'), ['gm0344:dakkapel', 'gm0344:dakkapel,kappen', 'pv26:geluid']);
  t.deepEqual(await w('thema=natuur'), []);
  t.deepEqual(await w('regeltype=Omgevingswaarderegel'), ['ws0155:-', 'ws0155:-']);
  t.deepEqual(await w('regeltype=RegelVoorIedereen'), ['gm0344:dakkapel', 'gm0344:dakkapel,kappen', 'pv26:geluid']);
  t.deepEqual(await w('regeltype=Instructieregel'), []);
  t.deepEqual(await w('regeltype=Omgevingswaarderegel,Instructieregel&bestuurslaag=waterschap'), ['ws0155:-', 'ws0155:-']);
  // Per regel, as the regels op de locatie: no one regel of the park is about bouwen and kappen.
  t.deepEqual(await w(`thema=bouwen&activiteit=${encodeURIComponent('boom kappen')}`), []);
  t.deepEqual(await w('thema=bouwen&activiteit=bouwen'), ['gm0344:dakkapel', 'gm0344:dakkapel,kappen']);
  t.deepEqual(await w('thema=bouwen&regeltype=Omgevingswaarderegel'), []);

  // Amersfoort: one gebied per regel; each filter keeps the right one of the two.
  const [az, ax, ay] = await tegel(app, 14, 155035, 462010);
  const amersfoort = async (q: string) => ((await leesTegel(app, `/tiles/werkingsgebieden/${az}/${ax}/${ay}.mvt?bestuurslaag=gemeente&${q}`)).lagen.werkingsgebieden ?? []).map((f) => f.bbox);
  const beide = (await amersfoort('')).sort((a, b) => a[0] - b[0]);
  t.is(beide.length, 2);
  const [west, oost] = beide;
  t.deepEqual(await amersfoort('thema=water'), [west]);
  t.deepEqual(await amersfoort('regeltype=Instructieregel'), [west]);
  t.deepEqual(await amersfoort('thema=bouwen'), [oost]);
  t.deepEqual(await amersfoort('regeltype=RegelVoorIedereen'), [oost]);
  t.deepEqual(await amersfoort('thema=water&regeltype=RegelVoorIedereen'), []);
});

test('werkingsgebieden: zoomed out, thema and regeltype look at every locatie in a pixel cell, not at the one standing for it', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const [z, x, y] = await tegel(app, 6, 155035, 462010);
  const amersfoort = async (q: string) =>
    ((await leesTegel(app, `/tiles/werkingsgebieden/${z}/${x}/${y}.mvt?${q}`)).lagen.werkingsgebieden ?? []).filter((f) => f.properties.bevoegdGezag === 'gm0307');
  const zonder = await amersfoort('');
  t.is(zonder.length, 1, 'the two gebieden share one cell, and one of them stands for it');
  // Whichever stands for the cell without filters, each filter finds the cell through its own gebied.
  t.is((await amersfoort('thema=water')).length, 1);
  t.is((await amersfoort('thema=bouwen')).length, 1);
  t.is((await amersfoort('regeltype=Instructieregel')).length, 1);
  t.is((await amersfoort('regeltype=RegelVoorIedereen')).length, 1);
  t.is((await amersfoort('regeltype=Omgevingswaarderegel')).length, 0);
  t.deepEqual((await amersfoort('thema=water'))[0]!.bbox, zonder[0]!.bbox, 'the same cell');
});

test('werkingsgebieden: thema and regeltype are checked, sorted into the tile URL and its cache key', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const tj = (await (await fetch(`${app.baseUrl}/tiles/werkingsgebieden.json?thema=geluid,bouwen&regeltype=RegelVoorIedereen,Instructieregel`)).json()) as { tiles: string[] };
  const url = new URL(tj.tiles[0]!.replace('{z}/{x}/{y}', '0/0/0'));
  t.is(url.searchParams.get('thema'), 'bouwen,geluid');
  t.is(url.searchParams.get('regeltype'), 'Instructieregel,RegelVoorIedereen');
  const fout = async (q: string, param: string) => {
    const res = await fetch(`${app.baseUrl}/tiles/werkingsgebieden/3/0/0.mvt?${q}`);
    t.is(res.status, 400, q);
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const body = (await res.json()) as { code: string; invalidParams: { name: string }[] };
    t.is(body.code, 'ongeldige_parameters');
    t.deepEqual(body.invalidParams.map((p) => p.name), [param]);
  };
  await fout('regeltype=Gebod', 'regeltype');
  await fout('regeltype=RegelVoorIedereen,regelvooriedereen', 'regeltype');
  await fout('thema=,', 'thema');
});

// ---------------------------------------------------------------------------------------------
// plaatsen

type Plaats = { naam: string; soort: string; code?: string; regelingId?: string; identificatie?: string; bbox: number[]; centrum: number[] };
async function zoek(app: TestApp, query: string): Promise<{ status: number; type: string | null; body: { plaatsen: Plaats[] } & { code?: string; invalidParams?: { name: string }[] } }> {
  const res = await fetch(`${app.baseUrl}/api/viewer/v1/plaatsen?${query}`);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as never };
}
const namen = async (app: TestApp, query: string) => {
  const { status, body } = await zoek(app, query);
  if (status !== 200) throw new Error(`${query}: ${status} ${JSON.stringify(body)}`);
  return body.plaatsen.map((p) => `${p.soort}:${p.naam}`);
};

test('plaatsen: exact names first, then names that begin with the text, then names that hold it; shorter first; gemeenten before provincies before locaties', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  t.deepEqual(await namen(app, 'q=utrecht'), [
    'gemeente:Gemeente Utrecht', // "utrecht" is the name without "Gemeente"
    'provincie:Provincie Utrecht',
    'locatie:Utrechtseweg', // begins with it, 12 characters
    'gemeente:Gemeente Utrechtse Heuvelrug', // begins with it (after "Gemeente"), 19
    'locatie:Oud Utrecht', // holds it
  ]);
  t.deepEqual(await namen(app, 'q=utrecht&limit=3'), ['gemeente:Gemeente Utrecht', 'provincie:Provincie Utrecht', 'locatie:Utrechtseweg']);
  t.deepEqual(await namen(app, 'q=utr'), ['gemeente:Gemeente Utrecht', 'provincie:Provincie Utrecht', 'locatie:Utrechtseweg', 'gemeente:Gemeente Utrechtse Heuvelrug', 'locatie:Oud Utrecht']);
  t.deepEqual(await namen(app, 'q=stichtse'), ['waterschap:Hoogheemraadschap De Stichtse Rijnlanden']);
  t.deepEqual(await namen(app, 'q=dijkvak'), ['locatie:Dijkvak 1', 'locatie:Dijkvak 2']);
  t.deepEqual(await namen(app, 'q=ministerie'), [], 'the Rijk is no place to go to');
});

test('plaatsen: case and accents do not matter, and % and _ are plain characters', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  for (const q of ['sudwest', 'SÚDWEST', 'Súdwest-Fryslân', 'fryslan', 'FRYSLÂN', 'súdwest-fryslan']) {
    t.deepEqual(await namen(app, `q=${encodeURIComponent(q)}`), ['gemeente:Gemeente Súdwest-Fryslân'], q);
  }
  t.deepEqual(await namen(app, 'q=UTRECHTSEWEG'), ['locatie:Utrechtseweg']);
  // Decomposed (as some keyboards send it): ú as u + combining acute.
  t.deepEqual(await namen(app, `q=${encodeURIComponent('su\u0301dwest')}`), ['gemeente:Gemeente Súdwest-Fryslân']);
  const leeg = await zoek(app, `q=${encodeURIComponent('%%')}`);
  t.is(leeg.status, 200);
  t.deepEqual(leeg.body, { plaatsen: [] }, 'no name holds %%: a wildcard would have found all');
  t.deepEqual(await namen(app, `q=${encodeURIComponent('_t')}`), []);
});

test('plaatsen: each with naam, soort, code or regeling, its bbox and a point inside it in EPSG:4326', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const { status, type, body } = await zoek(app, 'q=utrecht');
  t.is(status, 200);
  t.regex(type ?? '', /^application\/json/);
  const [gemeente, , locatie] = body.plaatsen;
  t.deepEqual(Object.keys(gemeente!).sort(), ['bbox', 'centrum', 'code', 'naam', 'soort']);
  t.like(gemeente, { naam: 'Gemeente Utrecht', soort: 'gemeente', code: 'gm0344' });
  const { rows } = await app.db.pool.query(
    `SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1 FROM Box2D(ST_Transform(ST_MakeEnvelope(130000, 448000, 142000, 464000, 28992), 4326)) b`,
  );
  const r = rows[0] as { x0: number; y0: number; x1: number; y1: number };
  const verwacht = [r.x0, r.y0, r.x1, r.y1];
  gemeente!.bbox.forEach((v, i) => t.true(Math.abs(v - verwacht[i]!) < 1e-5, `bbox[${i}] ${v} ≈ ${verwacht[i]}`));
  const [lon, lat] = gemeente!.centrum as [number, number];
  t.true(lon > r.x0 && lon < r.x1 && lat > r.y0 && lat < r.y1, 'centrum in the gemeente');

  t.deepEqual(Object.keys(locatie!).sort(), ['bbox', 'centrum', 'identificatie', 'naam', 'regelingId', 'soort']);
  t.like(locatie, { naam: 'Utrechtseweg', soort: 'locatie', regelingId: AMERSFOORT, identificatie: 'nl.imow-gm0307.gebied.utrechtseweg' });
  const hoek = await lonLat(app, 155000, 462000);
  t.true(Math.abs(locatie!.bbox[0]! - hoek.lon) < 1e-5 && Math.abs(locatie!.bbox[1]! - hoek.lat) < 1e-5, 'the south-west corner of the 20 m square');
  t.true(locatie!.bbox[2]! - locatie!.bbox[0]! < 0.001, 'a bbox of 20 m');
});

test('plaatsen: the centrum of a horseshoe-shaped gemeente lies in it, not in the bay where its centroid is', async (t) => {
  const { app, ambtsgebieden } = await metGegevens();
  t.teardown(app.close);
  // 10 × 10 km with a bay of 4 × 7 km from the north: the centroid (205000, 504417) lies in the bay.
  const hoefijzer = { type: 'Polygon' as const, coordinates: [[[200000, 500000], [210000, 500000], [210000, 510000], [207000, 510000], [207000, 503000], [203000, 503000], [203000, 510000], [200000, 510000], [200000, 500000]]] };
  await ambtsgebieden.handel({ type: 'StelAmbtsgebiedVast', data: { code: 'gm0999', naam: 'Gemeente Hoefijzer', geometrie: hoefijzer, bron: 'test' } }, door('test:gm0999'));
  await bijwerken(app);
  const [plaats] = (await zoek(app, 'q=hoefijzer')).body.plaatsen;
  t.is(plaats?.code, 'gm0999');
  const { rows } = await app.db.pool.query(
    `SELECT ST_Contains(a.geom, ST_Transform(ST_SetSRID(ST_Point($1, $2), 4326), 28992)) AS erin,
            ST_Contains(a.geom, ST_Centroid(a.geom)) AS zwaartepunt_erin
       FROM rm.ambtsgebieden a WHERE a.code = 'gm0999'`,
    plaats!.centrum,
  );
  t.deepEqual(rows[0], { erin: true, zwaartepunt_erin: false });
});

test('plaatsen: locaties of the version in force at the time parameters', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  t.deepEqual(await namen(app, 'q=park'), ['locatie:Park']);
  // The omgevingsplan of Utrecht is in force from 2024-02-01, the provincial verordening from 2024-01-15.
  const vroeg = 'geldigOp=2024-01-20&inWerkingOp=2024-01-20';
  t.deepEqual(await namen(app, `q=park&${vroeg}`), []);
  t.deepEqual(await namen(app, `q=stilte&${vroeg}`), ['locatie:Stiltegebied']);
  t.deepEqual(await namen(app, `q=utrecht&limit=2&${vroeg}`), ['gemeente:Gemeente Utrecht', 'provincie:Provincie Utrecht'], 'ambtsgebieden have no time axes');
  t.is((await zoek(app, 'q=park&geldigOp=gisteren')).status, 400);
});

test('plaatsen: limit defaults to 10 and goes up to 50', async (t) => {
  const { app, ambtsgebieden } = await metGegevens();
  t.teardown(app.close);
  for (let i = 1; i <= 12; i++) {
    const code = `gm90${String(i).padStart(2, '0')}`;
    await ambtsgebieden.handel({ type: 'StelAmbtsgebiedVast', data: { code, naam: `Gemeente Proefdorp ${String(i).padStart(2, '0')}`, geometrie: vierkant(200000 + i * 1000, 400000, 500), bron: 'test' } }, door(`test:${code}`));
  }
  await bijwerken(app);
  const standaard = await namen(app, 'q=proefdorp');
  t.deepEqual(standaard, Array.from({ length: 10 }, (_, i) => `gemeente:Gemeente Proefdorp ${String(i + 1).padStart(2, '0')}`));
  t.is((await namen(app, 'q=proefdorp&limit=50')).length, 12);
  t.deepEqual(await namen(app, 'q=proefdorp 07'), ['gemeente:Gemeente Proefdorp 07']);
});

test('plaatsen: q of fewer than 2 or more than 100 characters, or a bad limit, is a 400 problem naming the parameter', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const fout = async (query: string, params: string[]) => {
    const { status, type, body } = await zoek(app, query);
    t.is(status, 400, query);
    t.is(type, 'application/problem+json; charset=utf-8', query);
    t.is(body.code, 'ongeldige_parameters', query);
    t.deepEqual(body.invalidParams?.map((p) => p.name), params, query);
  };
  await fout('', ['q']);
  await fout('q=', ['q']);
  await fout('q=u', ['q']);
  await fout(`q=${encodeURIComponent(' u ')}`, ['q']);
  await fout(`q=${'a'.repeat(101)}`, ['q']);
  await fout('q=ut&q=recht', ['q']);
  await fout('q=utrecht&limit=0', ['limit']);
  await fout('q=utrecht&limit=51', ['limit']);
  await fout('q=utrecht&limit=tien', ['limit']);
  await fout('q=u&limit=-1', ['q', 'limit']);
  t.is((await zoek(app, 'q=ut')).status, 200, 'two characters are enough');
  t.is((await zoek(app, `q=${'a'.repeat(100)}`)).status, 200, 'a hundred are not too many');
  t.is((await zoek(app, `q=${'é'.repeat(100)}`)).status, 200, 'characters, not bytes');

  const openapi = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, { get?: { parameters: { name: string }[] } }> };
  t.deepEqual(openapi.paths['/api/viewer/v1/plaatsen']?.get?.parameters.slice(0, 2).map((p) => p.name), ['q', 'limit']);
  t.false(app.logs.some((l) => l.level === 50), 'nothing was logged as a server error');
});
