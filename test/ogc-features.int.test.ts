import { execFile } from 'node:child_process';
import test from 'ava';
import { startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase } from './support/database.ts';
import { PROVINCIE, UTRECHT, provincieVaststelling, utrechtVaststelling } from './support/regelingen.ts';

const TOKENS = { gm0344: 'utrecht-token-0123456789', pv26: 'provincie-token-0123456789' };
const env = { BEVOEGD_GEZAG_TOKENS: Object.entries(TOKENS).map(([c, t]) => `${c}:${t}`).join(',') };
const OGC = '/api/ogc';
const RD = 'http://www.opengis.net/def/crs/EPSG/0/28992';
const WGS84 = 'http://www.opengis.net/def/crs/EPSG/0/4326';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

interface Feature {
  id: string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, string | null>;
  links?: { rel: string; href: string }[];
}
interface FeatureCollection {
  type: string;
  numberMatched: number;
  numberReturned: number;
  features: Feature[];
  links: { rel: string; href: string; type: string }[];
}

let app: TestApp;

function schrijf(code: keyof typeof TOKENS, regeling: string, stap: string, body: unknown) {
  return fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/regelingen/${encodeURIComponent(regeling)}/${stap}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS[code]}` },
    body: JSON.stringify(body),
  });
}

const haal = (pad: string) => fetch(`${app.baseUrl}${pad}`);
async function items(query = '', collectie = 'locaties'): Promise<FeatureCollection> {
  const res = await haal(`${OGC}/collections/${collectie}/items${query ? `?${query}` : ''}`);
  if (res.status !== 200) throw new Error(`items ${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as FeatureCollection;
}
const namen = (fc: FeatureCollection) => fc.features.map((f) => f.properties.identificatie!.split('.').at(-1)).sort();

/** Every x, y of a GeoJSON geometry. */
function punten(geometrie: { coordinates: unknown }): [number, number][] {
  const uit: [number, number][] = [];
  const loop = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') uit.push([c[0], c[1] as number]);
    else if (Array.isArray(c)) c.forEach(loop);
  };
  loop(geometrie.coordinates);
  return uit;
}

test.before(async () => {
  const db = await createTestDatabase();
  app = await startTestApp({ db, env });
  const moet = async (res: Response) => {
    if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${await res.text()}`);
  };
  await moet(await schrijf('gm0344', UTRECHT, 'besluiten', utrechtVaststelling().data));
  await moet(
    await schrijf('pv26', PROVINCIE, 'besluiten', provincieVaststelling()),
  );
  await app.runner.catchUp(app.runner.find('omgevingsdocumenten')!);
});

test.after.always(async () => {
  await app?.close();
});

test('landing page, conformance, collections and the OpenAPI document', async (t) => {
  const landing = await haal(OGC);
  t.is(landing.status, 200);
  t.regex(landing.headers.get('content-type') ?? '', /^application\/json/);
  const { links } = (await landing.json()) as { links: { rel: string; href: string }[] };
  t.deepEqual(links.map((l) => l.rel).sort(), ['conformance', 'data', 'self', 'service-desc']);
  t.is(links.find((l) => l.rel === 'service-desc')!.href, `${app.baseUrl}/api/openapi.json`);

  const { conformsTo } = (await (await haal(`${OGC}/conformance`)).json()) as { conformsTo: string[] };
  t.true(conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core'));
  t.true(conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson'));
  t.true(conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30'));
  t.true(conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs'));

  const { collections } = (await (await haal(`${OGC}/collections`)).json()) as {
    collections: { id: string; crs: string[]; storageCrs: string; extent: { spatial: { bbox: number[][] } }; links: { rel: string; href: string }[] }[];
  };
  t.deepEqual(collections.map((c) => c.id), ['locaties', 'juridische-regels']);
  const [minLon, minLat, maxLon, maxLat] = collections[0]!.extent.spatial.bbox[0]!;
  t.true(minLon! > 4.9 && maxLon! < 5.3 && minLat! > 51.9 && maxLat! < 52.2, `extent in CRS84 around Utrecht: ${collections[0]!.extent.spatial.bbox}`);
  t.deepEqual(collections[0]!.crs, [CRS84, RD, WGS84]);
  t.is(collections[0]!.storageCrs, RD);
  t.is(collections[1]!.links.find((l) => l.rel === 'items')!.href, `${app.baseUrl}${OGC}/collections/juridische-regels/items`);

  const een = await haal(`${OGC}/collections/juridische-regels?geldigOp=2024-03-01`);
  t.is(een.status, 200);
  t.regex(((await een.json()) as { links: { rel: string; href: string }[] }).links.find((l) => l.rel === 'items')!.href, /items\?geldigOp=2024-03-01$/, 'the moment asked for is kept in the links');

  const openapi = (await (await haal('/api/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: { properties: { properties: object } } }> } };
  t.deepEqual(Object.keys(openapi.components.schemas.OgcFeature_juridische_regels!.properties.properties.properties), [
    'identificatie', 'type', 'regeltekst', 'activiteiten', 'kwalificaties', 'themas', 'regelingId', 'instrumentversie', 'citeertitel', 'bevoegdGezag', 'bestuurslaag', 'documenttype',
  ]);
  for (const pad of ['', '/conformance', '/collections', '/collections/{collectionId}', '/collections/{collectionId}/items', '/collections/{collectionId}/items/{featureId}']) {
    t.truthy(openapi.paths[`${OGC}${pad}`], `OpenAPI has ${OGC}${pad}`);
  }
});

test('locaties: the leaf locaties in force, in CRS84 by default, with paging', async (t) => {
  const res = await haal(`${OGC}/collections/locaties/items`);
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /^application\/geo\+json/);
  t.is(res.headers.get('content-crs'), `<${CRS84}>`);
  const fc = (await res.json()) as FeatureCollection;
  t.is(fc.type, 'FeatureCollection');
  t.is(fc.numberMatched, 3);
  t.is(fc.numberReturned, 3);
  t.deepEqual(namen(fc), ['centrum', 'park', 'stilte'], 'leaves only: the gebiedengroep is not a feature');
  const centrum = fc.features.find((f) => f.properties.identificatie === 'nl.imow-gm0344.gebied.centrum')!;
  t.is(centrum.id, `${UTRECHT}/nl.imow-gm0344.gebied.centrum`);
  t.like(centrum.properties, {
    type: 'Gebied',
    noemer: 'Centrum',
    regelingId: UTRECHT,
    instrumentversie: `${UTRECHT}/nld@2024-01-10;1`,
    bevoegdGezag: 'gm0344',
    bestuurslaag: 'gemeente',
    documenttype: 'omgevingsplan',
  });
  t.is(centrum.geometry.type, 'Polygon');
  for (const [lon, lat] of punten(centrum.geometry)) t.true(lon > 5 && lon < 5.3 && lat > 52 && lat < 52.2, `lon, lat: ${lon}, ${lat}`);

  const eerste = await items('limit=2');
  t.is(eerste.numberMatched, 3);
  t.is(eerste.numberReturned, 2);
  const next = eerste.links.find((l) => l.rel === 'next')!;
  t.truthy(next, 'a next link while there is more');
  t.is(next.type, 'application/geo+json');
  t.regex(next.href, /offset=2/);
  t.regex(next.href, /beschikbaarOp=/, 'the next page is read at the same moment');
  const tweede = (await (await fetch(next.href)).json()) as FeatureCollection;
  t.is(tweede.numberReturned, 1);
  t.falsy(tweede.links.find((l) => l.rel === 'next'));
  t.truthy(tweede.links.find((l) => l.rel === 'prev'));
  t.deepEqual([...eerste.features, ...tweede.features].map((f) => f.id).sort(), fc.features.map((f) => f.id).sort());
  t.is((await items('limit=20000')).numberReturned, 3, 'a limit above the maximum is read as the maximum');
});

test('bbox and bbox-crs filter; crs gives coordinates in RD or in EPSG:4326 (latitude first)', async (t) => {
  t.deepEqual(namen(await items(`bbox=138100,456100,138200,456200&bbox-crs=${encodeURIComponent(RD)}`)), ['park', 'stilte']);
  t.deepEqual(namen(await items(`bbox=180000,500000,181000,501000&bbox-crs=${encodeURIComponent(RD)}`)), []);
  t.deepEqual(namen(await items('bbox=-170,-80,-160,-70')), [], 'far away in CRS84');
  t.deepEqual(namen(await items('bbox=-180,-90,180,90')), ['centrum', 'park', 'stilte'], 'the whole world');

  const { rows } = await app.db.pool.query(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM ST_Transform(ST_SetSRID(ST_Point(136500, 455500), 28992), 4326) p`);
  const { lon, lat } = rows[0] as { lon: number; lat: number };
  const d = 0.0005;
  t.deepEqual(namen(await items(`bbox=${lon - d},${lat - d},${lon + d},${lat + d}`)), ['centrum', 'stilte'], 'CRS84 bbox: lon, lat');
  t.deepEqual(namen(await items(`bbox=${lat - d},${lon - d},${lat + d},${lon + d}&bbox-crs=${encodeURIComponent(WGS84)}`)), ['centrum', 'stilte'], 'EPSG:4326 bbox: lat, lon');
  t.deepEqual(namen(await items(`bbox=${lon - d},${lat - d},${lon + d},${lat + d}`, 'juridische-regels')), ['art1', 'art3_1']);

  const rd = await haal(`${OGC}/collections/locaties/items?crs=${encodeURIComponent(RD)}`);
  t.is(rd.headers.get('content-crs'), `<${RD}>`);
  const rdFc = (await rd.json()) as FeatureCollection;
  const centrum = rdFc.features.find((f) => f.properties.identificatie === 'nl.imow-gm0344.gebied.centrum')!;
  const xy = punten(centrum.geometry);
  for (const [x, y] of xy) t.true(x >= -7000 && x <= 300000 && y >= 289000 && y <= 629000, `RD: ${x}, ${y}`);
  t.deepEqual(
    xy.map(([x, y]) => [Math.round(x), Math.round(y)]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
    [[136000, 455000], [136000, 455000], [136000, 456000], [137000, 455000], [137000, 456000]],
    'the stored RD geometry, unchanged',
  );
  const wgs = await haal(`${OGC}/collections/locaties/items?crs=EPSG:4326`);
  t.is(wgs.headers.get('content-crs'), `<${WGS84}>`);
  for (const [eerste, tweede] of punten(((await wgs.json()) as FeatureCollection).features[0]!.geometry)) t.true(eerste > 51 && eerste < 53 && tweede > 4 && tweede < 6, 'latitude first');
});

test('juridische regels: one feature per regel with the union of its werkingsgebied', async (t) => {
  const fc = await items('', 'juridische-regels');
  t.is(fc.numberMatched, 3);
  t.deepEqual(namen(fc), ['art1', 'art2', 'art3_1']);
  const art1 = fc.features.find((f) => f.properties.identificatie === 'nl.imow-gm0344.juridischeregel.art1')!;
  t.is(art1.geometry.type, 'MultiPolygon', 'centrum and park (through the gebiedengroep)');
  t.like(art1.properties, {
    type: 'RegelVoorIedereen',
    regeltekst: 'gm0344_1__art_1',
    activiteiten: 'dakkapel plaatsen',
    kwalificaties: 'vergunningplicht',
    themas: 'bouwen',
    regelingId: UTRECHT,
    instrumentversie: `${UTRECHT}/nld@2024-01-10;1`,
    bestuurslaag: 'gemeente',
  });
  const art3 = fc.features.find((f) => f.properties.identificatie === 'nl.imow-pv26.juridischeregel.art3_1')!;
  t.like(art3.properties, { activiteiten: 'geluid maken in stiltegebied', themas: 'geluid', bestuurslaag: 'provincie' });
  t.is(art3.geometry.type, 'Polygon');
});

test('one feature by its id, in the asked CRS and at the asked moment', async (t) => {
  const id = `${UTRECHT}/nl.imow-gm0344.juridischeregel.art2`;
  const res = await haal(`${OGC}/collections/juridische-regels/items/${encodeURIComponent(id)}?crs=${encodeURIComponent(RD)}`);
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /^application\/geo\+json/);
  t.is(res.headers.get('content-crs'), `<${RD}>`);
  const feature = (await res.json()) as Feature;
  t.is(feature.id, id);
  t.is(feature.properties.activiteiten, 'boom kappen');
  t.deepEqual(punten(feature.geometry).map(([x]) => x).sort((a, b) => a - b)[0], 138000);
  t.deepEqual(feature.links!.map((l) => l.rel).sort(), ['collection', 'self']);
  t.is((await fetch(feature.links!.find((l) => l.rel === 'self')!.href)).status, 200, 'the self link fetches it back');

  const locatie = await haal(`${OGC}/collections/locaties/items/${encodeURIComponent(`${PROVINCIE}/nl.imow-pv26.gebied.stilte`)}`);
  t.is(((await locatie.json()) as Feature).properties.noemer, 'Stiltegebied');

  const voorheen = await haal(`${OGC}/collections/locaties/items/${encodeURIComponent(`${PROVINCIE}/nl.imow-pv26.gebied.stilte`)}?geldigOp=2023-06-01`);
  t.is(voorheen.status, 404, 'not in force then');
  t.is(voorheen.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  t.is((await haal(`${OGC}/collections/locaties/items/${encodeURIComponent('nl.imow-gm0344.gebied.centrum')}`)).status, 404, 'an id needs its regeling');
  t.is((await haal(`${OGC}/collections/locaties/items/${encodeURIComponent(`${UTRECHT}/nl.imow-gm0344.gebiedengroep.alles`)}`)).status, 404, 'a groep is no feature');
});

test('time travel: before the regelingen were in force there are no features; in between only the provincie', async (t) => {
  const leeg = await items('geldigOp=2023-06-01');
  t.is(leeg.numberMatched, 0);
  t.deepEqual(leeg.features, []);
  t.is((await items('geldigOp=2023-06-01', 'juridische-regels')).numberMatched, 0);
  t.deepEqual(namen(await items('geldigOp=2024-01-20&inWerkingOp=2024-01-20')), ['stilte'], 'the omgevingsplan is in force from 2024-02-01');
  t.deepEqual(namen(await items('datetime=2024-01-20&inWerkingOp=2024-01-20')), ['stilte'], 'datetime as geldigOp');
  t.is((await items(`beschikbaarOp=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).numberMatched, 0, 'before this system received anything');
  const { collections } = (await (await haal(`${OGC}/collections?geldigOp=2023-06-01`)).json()) as { collections: { extent?: unknown }[] };
  t.is(collections[0]!.extent, undefined, 'no extent without features');
});

test('bad input gets a problem: unknown collection 404; bad bbox, limit, offset, crs, parameter 400', async (t) => {
  const problem = async (pad: string, status: number, code: string, param?: string) => {
    const res = await haal(pad);
    t.is(res.status, status, pad);
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const body = (await res.json()) as { code: string; invalidParams?: { name: string }[] };
    t.is(body.code, code, pad);
    if (param) t.deepEqual(body.invalidParams?.map((p) => p.name), [param], pad);
  };
  await problem(`${OGC}/collections/bestemmingsplannen`, 404, 'not_found');
  await problem(`${OGC}/collections/bestemmingsplannen/items`, 404, 'not_found');
  await problem(`${OGC}/collections/locaties/items?bbox=1,2,3`, 400, 'ongeldige_parameters', 'bbox');
  await problem(`${OGC}/collections/locaties/items?bbox=a,b,c,d`, 400, 'ongeldige_parameters', 'bbox');
  await problem(`${OGC}/collections/locaties/items?bbox=6,53,5,52`, 400, 'ongeldige_parameters', 'bbox');
  await problem(`${OGC}/collections/locaties/items?bbox=200,0,210,10`, 400, 'ongeldige_parameters', 'bbox');
  await problem(`${OGC}/collections/locaties/items?limit=0`, 400, 'ongeldige_parameters', 'limit');
  await problem(`${OGC}/collections/locaties/items?limit=tien`, 400, 'ongeldige_parameters', 'limit');
  await problem(`${OGC}/collections/locaties/items?offset=-1`, 400, 'ongeldige_parameters', 'offset');
  await problem(`${OGC}/collections/locaties/items?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/3857')}`, 400, 'crs_niet_ondersteund', 'crs');
  await problem(`${OGC}/collections/locaties/items?bbox=0,0,1,1&bbox-crs=EPSG:25831`, 400, 'crs_niet_ondersteund', 'bbox-crs');
  await problem(`${OGC}/collections/locaties/items?geldigOp=2023-02-30`, 400, 'ongeldige_parameters', 'geldigOp');
  await problem(`${OGC}/collections/locaties/items?datetime=2024-01-01/2024-02-01`, 400, 'ongeldige_parameters', 'datetime');
  await problem(`${OGC}/collections/locaties/items?geldgOp=2024-01-01`, 400, 'ongeldige_parameters', 'geldgOp');
});

// --- GDAL: a real client ---------------------------------------------------------------------

/** ogrinfo against our server only: a dead proxy for anything that is not this machine. */
function ogrinfo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const doodlopend = 'http://127.0.0.1:9';
  return new Promise((resolve) => {
    execFile(
      'ogrinfo',
      args,
      {
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GDAL_HTTP_TIMEOUT: '20',
          GDAL_HTTP_CONNECTTIMEOUT: '5',
          GDAL_HTTP_MAX_RETRY: '0',
          PROJ_NETWORK: 'OFF',
          CPL_DEBUG: 'OFF',
          http_proxy: doodlopend,
          https_proxy: doodlopend,
          HTTP_PROXY: doodlopend,
          HTTPS_PROXY: doodlopend,
          no_proxy: '127.0.0.1,localhost',
          NO_PROXY: '127.0.0.1,localhost',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

// Serial (ava runs these first), so the request log of this window is GDAL's alone.
test.serial('GDAL (ogrinfo) reads both collections as layers, with their feature counts', async (t) => {
  const versie = await ogrinfo(['--version']);
  if (versie.code !== 0) {
    t.fail('ogrinfo is missing: install GDAL with `apt-get install -y gdal-bin` (CI does this in .ci/run); this test needs a real OGC API Features client.');
    return;
  }
  const verzoeken = () => app.logs.filter((l) => l.msg === 'request') as { url: string; status: number }[];
  const al = verzoeken().length;
  const bron = `OAPIF:${app.baseUrl}${OGC}`;
  const lagen = await ogrinfo(['-ro', '-so', bron]);
  t.is(lagen.code, 0, lagen.stderr);
  t.regex(lagen.stdout, /1: locaties/);
  t.regex(lagen.stdout, /2: juridische-regels/);

  const locaties = await ogrinfo(['-ro', '-al', '-so', bron, 'locaties']);
  t.is(locaties.code, 0, locaties.stderr);
  t.regex(locaties.stdout, /Feature Count: 3/);
  t.regex(locaties.stdout, /identificatie: String/);
  t.regex(locaties.stdout, /bestuurslaag: String/);

  const regels = await ogrinfo(['-ro', '-al', bron, 'juridische-regels']);
  t.is(regels.code, 0, regels.stderr);
  t.is(regels.stdout.match(/OGRFeature\(juridische-regels\)/g)?.length, 3, 'every feature read');
  t.regex(regels.stdout, /activiteiten \(String\) = dakkapel plaatsen/);
  t.regex(regels.stdout, /MULTIPOLYGON/);

  const gdal = verzoeken().slice(al);
  t.deepEqual(gdal.filter((v) => v.status >= 400), [], 'GDAL asked nothing the API refused');
  const metTijd = verzoeken().length;
  const voorheen = await ogrinfo(['-ro', '-al', '-so', `OAPIF:${app.baseUrl}${OGC}?geldigOp=2023-06-01`, 'locaties']);
  t.is(voorheen.code, 0, voorheen.stderr);
  t.regex(voorheen.stdout, /Feature Count: 0/);
  const tijdreis = verzoeken().slice(metTijd);
  t.true(tijdreis.length > 0);
  t.deepEqual(tijdreis.filter((v) => v.url.includes('/collections') && !v.url.includes('geldigOp=2023-06-01')), [], 'the time parameters in the connection string reach every request');
  t.log(gdal.map((v) => `${v.status} ${v.url}`).join('\n'));
  t.log(lagen.stdout.trim());
  t.log(locaties.stdout.split('\n').filter((regel) => /^(Layer name|Geometry|Feature Count|Extent):/.test(regel)).join('\n'));
});
