import { readFileSync } from 'node:fs';
import { VectorTile } from '@mapbox/vector-tile';
import test from 'ava';
import { PbfReader } from 'pbf';
import { startTestApp, type TestApp } from './support/app.ts';
import { vierkant } from './support/regelingen.ts';
import type { Geometrie, Mutatie } from '../domain/omgevingsdocumenten/inhoud.ts';

const DOORNBOOM_GML = readFileSync(new URL('../../shared/data/imro-harvester/NL.IMRO.0798.BPDoornboom-ON01.gml', import.meta.url), 'utf8');
const PLAN = 'NL.IMRO.0798.BPDoornboom-ON01';
const TOKENS = { gm0798: 'hilvarenbeek-token-0123456789', gm0363: 'amsterdam-token-0123456789' };
const env = { BEVOEGD_GEZAG_TOKENS: Object.entries(TOKENS).map(([c, t]) => `${c}:${t}`).join(','), PUBLICATION_LIMIT_BYTES: String(200 * 1024) };
const RP = '/api/ruimtelijkeplannen/v1/plannen';
const OMGEVINGSPLAN = '/akn/nl/act/gm0798/2024/omgevingsplan';
/** In the Wonen bestemming (the south-east block) and in the west Verkeer - Verblijfsgebied. */
const OOST = { type: 'Point', coordinates: [137500, 388880] };
const WEST = { type: 'Point', coordinates: [137445, 388915] };

function lever(app: TestApp, gml: string, { code = 'gm0798' as keyof typeof TOKENS | null, type = 'application/gml+xml' } = {}) {
  return fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/bestemmingsplannen`, {
    method: 'POST',
    headers: { 'content-type': type, ...(code ? { authorization: `Bearer ${TOKENS[code]}` } : {}) },
    body: gml,
  });
}

type Plan = { identificatie: string; procedure: string; planstatusInfo: { planstatus: string; datum: string }; objectenOpLocatie: { identificatie: string; type: string; naam: string; waarden: { waardeType: string; waarde: string }[] }[] };
async function zoek(app: TestApp, geometrie: unknown, query = '', crs: string | null = 'EPSG:28992') {
  const res = await fetch(`${app.baseUrl}${RP}/_zoek?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(crs ? { 'content-crs': crs } : {}) },
    body: JSON.stringify({ _geo: { intersects: geometrie } }),
  });
  return { status: res.status, body: (await res.json()) as { _embedded: { plannen: Plan[] }; page: { totalElements: number }; invalidParams?: { name: string }[] } };
}

async function metDoornboom() {
  const app = await startTestApp({ env });
  const res = await lever(app, DOORNBOOM_GML);
  if (res.status !== 201) throw new Error(`levering: ${res.status} ${await res.text()}`);
  await app.runner.catchUp(app.runner.find('bestemmingsplannen')!);
  return app;
}

test('the real Doornboom plan: uploaded, projected with the counts of SOURCES.md, found at a known point with its bestemming and maatvoering', async (t) => {
  const app = await metDoornboom();
  t.teardown(app.close);
  const { rows } = await app.db.pool.query(`SELECT o.type, count(*)::int AS n FROM rm.planobjecten o GROUP BY o.type ORDER BY o.type`);
  t.deepEqual(Object.fromEntries(rows.map((r) => [r.type, r.n])), { Bouwaanduiding: 4, Enkelbestemming: 4, Figuur: 7, Maatvoering: 12 });

  const { status, body } = await zoek(app, OOST);
  t.is(status, 200);
  t.is(body.page.totalElements, 1);
  const plan = body._embedded.plannen[0]!;
  t.is(plan.identificatie, PLAN);
  t.deepEqual(plan.planstatusInfo, { planstatus: 'ontwerp', datum: '2015-06-10' });
  t.is(plan.procedure, 'in procedure');
  const hier = plan.objectenOpLocatie.map((o) => `${o.type}:${o.naam}`);
  t.true(hier.includes('Enkelbestemming:Wonen'), hier.join(' | '));
  const maat = plan.objectenOpLocatie.find((o) => o.identificatie === 'NL.IMRO.81f674c4adc74658958d4cab1cfcd06b');
  t.deepEqual(maat?.waarden, [{ waardeType: 'maximum goothoogte (m)', waarde: '6' }, { waardeType: 'maximum bouwhoogte (m)', waarde: '9' }]);
  t.deepEqual((await zoek(app, { type: 'Point', coordinates: [140000, 390000] })).body._embedded.plannen, []);

  // In WGS84, and a polygon over the whole plan.
  const wgs = await app.db.pool.query(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_Point(137500, 388880), 28992), 4326) p`);
  t.is((await zoek(app, { type: 'Point', coordinates: [wgs.rows[0].x, wgs.rows[0].y] }, '', 'EPSG:4326')).body._embedded.plannen[0]?.identificatie, PLAN);
  t.is((await zoek(app, vierkant(137400, 388800, 200))).body._embedded.plannen[0]?.objectenOpLocatie.length, 27);

  const heel = await fetch(`${app.baseUrl}${RP}/${PLAN}?crs=EPSG:4326`);
  t.is(heel.headers.get('content-crs'), 'EPSG:4326');
  const p = (await heel.json()) as { geometrie: { type: string; coordinates: number[][][][] }; geponst: number; bestemmingsvlakken: { identificatie: string; naam: string; objecten: { type: string }[] }[]; overigeObjecten: unknown[] };
  t.is(p.geometrie.type, 'MultiPolygon');
  t.true(Math.abs(p.geometrie.coordinates[0]![0]![0]![0]! - 5.1) < 0.2, 'longitude near 5.1');
  t.is(p.geponst, 0);
  t.deepEqual(p.bestemmingsvlakken.map((v) => v.naam).sort(), ['Verkeer - Verblijfsgebied', 'Verkeer - Verblijfsgebied', 'Wonen', 'Wonen']);
  t.is(p.bestemmingsvlakken.reduce((n, v) => n + v.objecten.length, 0), 23, 'every aanduiding, maatvoering and figuur hangs in its bestemmingsvlak');
  t.deepEqual(p.overigeObjecten, []);
});

test('the same plan again stores nothing; a vastgesteld plan is a new delivery, vigerend, and the earlier one stays visible with beschikbaarOp', async (t) => {
  const app = await metDoornboom();
  t.teardown(app.close);
  const tel = async () => (await app.db.pool.query(`SELECT count(*)::int AS n FROM es.events`)).rows[0].n as number;
  const voor = await tel();
  const nogEens = await lever(app, DOORNBOOM_GML);
  t.is(nogEens.status, 200);
  t.deepEqual(((await nogEens.json()) as { events: unknown[] }).events, []);
  t.is(await tel(), voor);

  const tussen = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  const vastgesteld = DOORNBOOM_GML.replace('<imro:planstatus>ontwerp</imro:planstatus>', '<imro:planstatus>vastgesteld</imro:planstatus>').replace('<imro:datum>2015-06-10</imro:datum>', '<imro:datum>2015-10-01</imro:datum>');
  t.not(vastgesteld, DOORNBOOM_GML);
  t.is((await lever(app, vastgesteld)).status, 201);
  await app.runner.catchUp(app.runner.find('bestemmingsplannen')!);

  const nu = (await zoek(app, OOST)).body._embedded.plannen[0]!;
  t.deepEqual([nu.procedure, nu.planstatusInfo.planstatus, nu.planstatusInfo.datum], ['vigerend', 'vastgesteld', '2015-10-01']);
  const toen = (await zoek(app, OOST, `beschikbaarOp=${encodeURIComponent(tussen)}`)).body._embedded.plannen[0]!;
  t.deepEqual([toen.procedure, toen.planstatusInfo.planstatus], ['in procedure', 'ontwerp']);
  t.is((await zoek(app, OOST, 'procedure=in%20procedure')).body.page.totalElements, 0);
  t.is((await zoek(app, OOST, 'procedure=vigerend')).body.page.totalElements, 1);
  t.is((await zoek(app, OOST, 'beschikbaarOp=2001-01-01')).body.page.totalElements, 0, 'before the first delivery');
  t.is((await fetch(`${app.baseUrl}${RP}/${PLAN}?beschikbaarOp=2001-01-01`)).status, 404);
});

const WEST_VLAK = { type: 'Polygon', coordinates: [[[137400, 388800], [137487, 388800], [137487, 388960], [137400, 388960], [137400, 388800]]] };

/** A vaststelling of the Hilvarenbeek omgevingsplan in force from 2025-01-01, with this content, projected. */
async function omgevingsplan(app: TestApp, doel: string, plaats: Mutatie['plaats']) {
  const res = await fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/regelingen/${encodeURIComponent(OMGEVINGSPLAN)}/besluiten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.gm0798}` },
    body: JSON.stringify({
      documenttype: 'omgevingsplan',
      citeertitel: 'Omgevingsplan Hilvarenbeek',
      doel: `/join/id/proces/gm0798/2024/${doel}`,
      instrumentversie: `${OMGEVINGSPLAN}/nld@2024-12-01;1`,
      bekendOp: '2024-12-01',
      juridischWerkendVanaf: '2025-01-01',
      mutatie: { plaats: { regelteksten: [{ wId: 'gm0798_1__art_1', soort: 'artikel', nummer: '1', tekst: 'Wonen is toegestaan.' }], ...plaats } },
    }),
  });
  if (res.status !== 201) throw new Error(`omgevingsplan: ${res.status} ${await res.text()}`);
  await app.runner.catchUp(app.runner.find('omgevingsdocumenten')!);
}

/** An omgevingsplan of Hilvarenbeek over the west part of Doornboom. */
const omgevingsplanWest = (app: TestApp) =>
  omgevingsplan(app, 'doornboom-west', {
    locaties: [{ identificatie: 'nl.imow-gm0798.gebied.west', type: 'Gebied', noemer: 'Doornboom west', geometrie: WEST_VLAK as Geometrie }],
    juridischeRegels: [{ identificatie: 'nl.imow-gm0798.juridischeregel.art1', type: 'RegelVoorIedereen', regeltekst: 'gm0798_1__art_1', locaties: ['nl.imow-gm0798.gebied.west'] }],
  });

test('the pons: where the omgevingsplan is in force the bestemmingsplan is no longer returned or drawn; before that date it is', async (t) => {
  const app = await metDoornboom();
  t.teardown(app.close);
  await omgevingsplanWest(app);

  t.is((await zoek(app, WEST)).body.page.totalElements, 0, 'west: the omgevingsplan applies');
  t.is((await zoek(app, OOST)).body.page.totalElements, 1, 'east: the bestemmingsplan still applies');
  const voor = 'geldigOp=2024-12-31&inWerkingOp=2024-12-31';
  t.is((await zoek(app, WEST, voor)).body.page.totalElements, 1, 'before the omgevingsplan was in force');
  // A search area over both parts: only the objects east of the pons.
  const beide = (await zoek(app, vierkant(137400, 388800, 200))).body._embedded.plannen[0]!;
  t.true(beide.objectenOpLocatie.length < 27 && beide.objectenOpLocatie.length > 0, String(beide.objectenOpLocatie.length));
  t.false(beide.objectenOpLocatie.some((o) => o.identificatie === 'NL.IMRO.b712fa227a38402c9ecb2049a372195a'), 'the west Verkeer vlak lies wholly in the pons');

  const plan = (await (await fetch(`${app.baseUrl}${RP}/${PLAN}`)).json()) as { geponst: number };
  t.true(plan.geponst > 0.2 && plan.geponst < 0.8, String(plan.geponst));
  t.is(((await (await fetch(`${app.baseUrl}${RP}/${PLAN}?${voor}`)).json()) as { geponst: number }).geponst, 0);

  // The tile at z18 over the plan: nothing drawn west of the pons' edge (x 137487) now, and before, there is.
  const { rows } = await app.db.pool.query(
    `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM ST_Transform(ST_SetSRID(ST_Point(137487, 388890), 28992), 4326) c`,
  );
  const z = 17;
  const x = Math.floor(((rows[0].lon + 180) / 360) * 2 ** z);
  const latRad = (rows[0].lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * 2 ** z);
  const grens = await app.db.pool.query(
    `SELECT (ST_X(ST_Transform(ST_SetSRID(ST_Point(137487, 388890), 28992), 3857)) - ST_XMin(e)) / (ST_XMax(e) - ST_XMin(e)) * 4096 AS rand FROM ST_TileEnvelope($1, $2, $3) e`,
    [z, x, y],
  );
  const rand = grens.rows[0].rand as number;
  const westelijksteX = async (query: string) => {
    const res = await fetch(`${app.baseUrl}/tiles/bestemmingsplannen/${z}/${x}/${y}.mvt?${query}`);
    t.is(res.status, 200);
    const tegel = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer()))); // fetch has gunzipped it
    const laag = tegel.layers.bestemmingsplannen!;
    let minX = Infinity;
    const typen = new Set<string>();
    for (let i = 0; i < laag.length; i++) {
      const f = laag.feature(i);
      typen.add(String(f.properties.objecttype));
      for (const ring of f.loadGeometry()) for (const p of ring) minX = Math.min(minX, p.x);
    }
    return { minX, typen, procedure: laag.feature(0).properties.procedure };
  };
  const nu = await westelijksteX('');
  // The RD grid is turned against Web Mercator here, so the straight edge wanders a few units.
  t.true(nu.minX >= rand - 10, `${nu.minX} ≥ ${rand}`);
  t.true(nu.typen.has('Enkelbestemming') && nu.typen.has('Bestemmingsplangebied'));
  t.is(nu.procedure, 'in procedure');
  const eerder = await westelijksteX(voor);
  t.true(eerder.minX < rand - 50, `${eerder.minX} < ${rand}`);
  const vigerend = await fetch(`${app.baseUrl}/tiles/bestemmingsplannen/${z}/${x}/${y}.mvt?procedure=vigerend`);
  t.is(vigerend.status, 204, 'an ontwerp is not vigerend');
});

/**
 * An omgevingsplan of Hilvarenbeek over the whole of Doornboom, whose Pons covers only the west
 * part (through a Gebiedengroep): the gemeente takes over from the bestemmingsplan there only.
 */
async function omgevingsplanHeelMetPonsWest(app: TestApp) {
  const gemeente = 'nl.imow-gm0798';
  await omgevingsplan(app, 'doornboom-pons-west', {
    locaties: [
      { identificatie: `${gemeente}.gebied.doornboom`, type: 'Gebied', noemer: 'Doornboom', geometrie: vierkant(137300, 388700, 400) },
      { identificatie: `${gemeente}.gebied.west`, type: 'Gebied', noemer: 'Doornboom west', geometrie: WEST_VLAK as Geometrie },
      { identificatie: `${gemeente}.gebiedengroep.pons`, type: 'Gebiedengroep', groepselementen: [`${gemeente}.gebied.west`] },
    ],
    juridischeRegels: [{ identificatie: `${gemeente}.juridischeregel.art1`, type: 'RegelVoorIedereen', regeltekst: 'gm0798_1__art_1', locaties: [`${gemeente}.gebied.doornboom`] }],
    ponsen: [{ identificatie: `${gemeente}.pons.west`, locaties: [`${gemeente}.gebiedengroep.pons`] }],
  });
}

test('the pons of a version with a Pons is its Pons: an omgevingsplan over the whole plan punches out only the west part its Pons names', async (t) => {
  const app = await metDoornboom();
  t.teardown(app.close);
  await omgevingsplanHeelMetPonsWest(app);

  t.is((await zoek(app, WEST)).body.page.totalElements, 0, 'west: in the Pons');
  t.is((await zoek(app, OOST)).body.page.totalElements, 1, 'east: covered by the omgevingsplan, but not by its Pons');
  const voor = 'geldigOp=2024-12-31&inWerkingOp=2024-12-31';
  t.is((await zoek(app, WEST, voor)).body.page.totalElements, 1, 'before the omgevingsplan was in force');
  const plan = (await (await fetch(`${app.baseUrl}${RP}/${PLAN}`)).json()) as { geponst: number };
  t.true(plan.geponst > 0.2 && plan.geponst < 0.8, `only part of the plan is punched out: ${plan.geponst}`);

  // The function itself, in both SRIDs of its box.
  const { rows } = await app.db.pool.query(
    `SELECT ST_Area(rm.pons('gm0798', ST_MakeEnvelope(137000, 388500, 138000, 389500, 28992), now(), '2025-06-01', '2025-06-01', '2025-06-01')) AS rd,
            ST_Area(rm.pons('gm0798', ST_Transform(ST_MakeEnvelope(137000, 388500, 138000, 389500, 28992), 3857), now(), '2025-06-01', '2025-06-01', '2025-06-01')) > 0 AS mercator`,
  );
  t.true(Math.abs(rows[0].rd - 87 * 160) < 1, `the west vlak only (87 × 160 m): ${rows[0].rd}`);
  t.true(rows[0].mercator);
});

test('bad deliveries and questions: each a clear problem, nothing stored', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  const tel = async () => (await app.db.pool.query(`SELECT count(*)::int AS n FROM es.events`)).rows[0].n as number;
  const problem = async (res: Response, status: number, code: string) => {
    t.is(res.status, status, code);
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const body = (await res.json()) as { code: string; detail: string; invalidParams?: { name: string; reason: string }[] };
    t.is(body.code, code);
    return body;
  };
  await problem(await lever(app, DOORNBOOM_GML, { code: null }), 401, 'niet_aangemeld');
  await problem(await lever(app, DOORNBOOM_GML, { code: 'gm0363' }), 403, 'niet_bevoegd');
  await problem(await lever(app, DOORNBOOM_GML, { type: 'text/plain' }), 415, 'geen_gml');
  const afgekapt = await problem(await lever(app, DOORNBOOM_GML.slice(0, 30000)), 400, 'ongeldige_imro');
  t.regex(afgekapt.detail, /Geen geldige XML/);
  const status = await problem(await lever(app, DOORNBOOM_GML.replace('<imro:planstatus>ontwerp</imro:planstatus>', '<imro:planstatus>bijna klaar</imro:planstatus>')), 422, 'ongeldige_inhoud');
  t.deepEqual(status.invalidParams?.map((p) => p.name), [`Bestemmingsplangebied/${PLAN}`]);
  t.regex(status.invalidParams![0]!.reason, /onbekende planstatus "bijna klaar"/);
  const crs = await problem(await lever(app, DOORNBOOM_GML.replace(/srsName="[^"]*28992"/, 'srsName="urn:ogc:def:crs:EPSG::4258"')), 400, 'ongeldige_imro');
  t.regex(crs.invalidParams![0]!.reason, /4258/);
  await problem(await lever(app, DOORNBOOM_GML + ' '.repeat(200 * 1024)), 413, 'payload_too_large');
  t.is(await tel(), 0, 'nothing stored');

  await problem((await fetch(`${app.baseUrl}${RP}/_zoek`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ _geo: { intersects: OOST } }) })), 400, 'crs_ontbreekt');
  const leeg = await fetch(`${app.baseUrl}${RP}/_zoek`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-crs': 'EPSG:28992' }, body: '{}' });
  await problem(leeg, 400, 'geometrie_ontbreekt');
  const strik = { type: 'Polygon', coordinates: [[[137400, 388800], [137500, 388900], [137500, 388800], [137400, 388900], [137400, 388800]]] };
  const ongeldig = await zoek(app, strik);
  t.is(ongeldig.status, 400);
  t.deepEqual(ongeldig.body.invalidParams?.map((p) => p.name), ['_geo.intersects']);
  t.is((await zoek(app, OOST, 'procedure=misschien')).status, 400);
  await problem(await fetch(`${app.baseUrl}${RP}/NL.IMRO.0000.Bestaatniet`), 404, 'not_found');
  t.is((await fetch(`${app.baseUrl}/tiles/bestemmingsplannen/17/0/0.mvt?procedure=bijna`)).status, 400);
});
