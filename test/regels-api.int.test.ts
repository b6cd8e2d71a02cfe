import test from 'ava';
import { omgevingsdocumenten } from '../projections/omgevingsdocumenten.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { PROVINCIE, UTRECHT, provincieVaststelling, utrechtVaststelling, vierkant } from './support/regelingen.ts';

const TOKENS = { gm0344: 'utrecht-token-0123456789', pv26: 'provincie-token-0123456789', gm0363: 'amsterdam-token-0123456789' };
const env = { BEVOEGD_GEZAG_TOKENS: Object.entries(TOKENS).map(([c, t]) => `${c}:${t}`).join(',') };
const BG = '/api/bevoegd-gezag/v1/regelingen';
const ZOEK = '/api/presenteren/v1/regeltekstannotaties/_zoek';

function schrijf(app: TestApp, code: keyof typeof TOKENS, regeling: string, stap: string, body: unknown, sleutel?: string) {
  return fetch(`${app.baseUrl}${BG}/${encodeURIComponent(regeling)}/${stap}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS[code]}`, ...(sleutel ? { 'idempotency-key': sleutel } : {}) },
    body: JSON.stringify(body),
  });
}

function zoek(app: TestApp, geometrie: unknown, { crs = 'EPSG:28992', query = '', filters }: { crs?: string | null; query?: string; filters?: unknown } = {}) {
  return fetch(`${app.baseUrl}${ZOEK}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(crs ? { 'content-crs': crs } : {}) },
    body: JSON.stringify({ geo: { geometrie }, filters }),
  });
}

const punt = (x: number, y: number) => ({ type: 'Point', coordinates: [x, y] });
type Uitkomst = { _embedded: { documenten: { regelingId: string; instrumentversie: string; status: string; juridischeRegels: { identificatie: string; regeltekst: { tekst: string }; activiteiten: { naam: string; kwalificatie: string }[]; gebiedsaanwijzingen: { naam: string }[] }[] }[] }; page: { totalElements: number } };
const regels = (u: Uitkomst) => u._embedded.documenten.flatMap((d) => d.juridischeRegels.map((r) => `${d.regelingId.split('/')[4]}:${r.identificatie.split('.').at(-1)}`));

async function metGegevens() {
  const app = await startTestApp({ env });
  const projecteer = () => app.runner.catchUp(app.runner.find('omgevingsdocumenten')!);
  const vaststelling = utrechtVaststelling().data;
  t0(await schrijf(app, 'gm0344', UTRECHT, 'besluiten', vaststelling, 'utrecht-instelling'), 201);
  const provincie = provincieVaststelling();
  t0(await schrijf(app, 'pv26', PROVINCIE, 'besluiten', provincie), 201);
  await projecteer();
  return { app, projecteer };
}

function t0(res: Response, status: number) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}`);
}

test('regels of two bestuurslagen at a point, grouped per document, in RD and in WGS84', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const rd = (await (await zoek(app, punt(138100, 456100))).json()) as Uitkomst;
  t.deepEqual(regels(rd), ['pv26:art3_1', 'gm0344:art1', 'gm0344:art2'], 'provincie before gemeente');
  const art1 = rd._embedded.documenten[1]!.juridischeRegels[0]!;
  t.regex(art1.regeltekst.tekst, /dakkapel/);
  t.deepEqual(art1.activiteiten.map((a) => [a.naam, a.kwalificatie]), [['dakkapel plaatsen', 'vergunningplicht']]);
  t.deepEqual(art1.gebiedsaanwijzingen.map((g) => g.naam), ['wonen']);
  t.is(rd.page.totalElements, 2);
  // What a viewer shows per document, and the locaties that make up a regel's werkingsgebied.
  const [provincie, gemeente] = rd._embedded.documenten as unknown as { citeertitel: string; documenttype: string; bevoegdGezag: { code: string; bestuurslaag: string } }[];
  t.like(gemeente, { citeertitel: 'Omgevingsplan gemeente Utrecht', documenttype: 'omgevingsplan', bevoegdGezag: { code: 'gm0344', bestuurslaag: 'gemeente' } });
  t.like(provincie, { bevoegdGezag: { code: 'pv26', bestuurslaag: 'provincie' } });
  t.deepEqual((art1 as unknown as { locaties: string[] }).locaties, ['nl.imow-gm0344.gebiedengroep.alles']);

  const { rows } = await app.db.pool.query(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_Point(138100, 456100), 28992), 4326) p`);
  const wgs = (await (await zoek(app, punt(rows[0].x, rows[0].y), { crs: 'http://www.opengis.net/def/crs/EPSG/0/4326' })).json()) as Uitkomst;
  t.deepEqual(regels(wgs), regels(rd));

  const lijn = { type: 'LineString', coordinates: [[136500, 455500], [138200, 456200]] };
  t.deepEqual(regels((await (await zoek(app, lijn)).json()) as Uitkomst), ['pv26:art3_1', 'gm0344:art1', 'gm0344:art2']);
  const buiten = (await (await zoek(app, punt(180000, 500000))).json()) as Uitkomst;
  t.deepEqual(regels(buiten), []);
});

test('filters on bestuurslaag, activiteit (with its onderliggende), thema and regeltype; paging over documents', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const p = punt(138100, 456100);
  const met = async (filters: unknown, query = '') => regels((await (await zoek(app, p, { filters, query })).json()) as Uitkomst);
  t.deepEqual(await met({ bestuurslaag: ['gemeente'] }), ['gm0344:art1', 'gm0344:art2']);
  t.deepEqual(await met({ activiteit: ['bouwen'] }), ['gm0344:art1'], 'bouwen finds the dakkapel regel below it');
  t.deepEqual(await met({ thema: ['geluid'] }), ['pv26:art3_1']);
  t.deepEqual(await met({ regeltype: ['Instructieregel'] }), []);
  t.deepEqual(await met({ documenttype: ['omgevingsplan'] }), ['gm0344:art1', 'gm0344:art2']);
  const pagina2 = (await (await zoek(app, p, { query: 'size=1&page=2' })).json()) as Uitkomst & { _links: Record<string, { href: string }> };
  t.deepEqual(regels(pagina2), ['gm0344:art1', 'gm0344:art2']);
  t.truthy(pagina2._links.prev);
  t.is(pagina2._links.next, undefined);
  const fout = await zoek(app, p, { filters: { bestuurslaag: 'gemeente' } });
  t.is(fout.status, 200, 'a single string is read as a list of one');
  t.is((await zoek(app, p, { filters: { bestuurslaag: [1] } })).status, 400);
});

test('time travel through the API: a rectificatie, an ontwerp, and the versies history', async (t) => {
  const { app, projecteer } = await metGegevens();
  t.teardown(app.close);
  const doel = '/join/id/proces/gm0344/2024/instelling';
  t.is((await schrijf(app, 'gm0344', UTRECHT, 'rectificaties', { doel, instrumentversie: `${UTRECHT}/nld@2024-01-10;1a`, bekendOp: '2024-01-25', mutatie: { verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art2'] } } })).status, 201);
  const moment = new Date().toISOString();
  t.is(
    (await schrijf(app, 'gm0344', UTRECHT, 'ontwerpen', { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan gemeente Utrecht', doel: 'ontwerp-kappen', instrumentversie: `${UTRECHT}/nld@2026-11-01;o2`, bekendOp: '2026-11-01', terInzage: { van: '2026-11-02', tot: '2026-12-13' }, mutatie: { plaats: { juridischeRegels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art2', type: 'RegelVoorIedereen', regeltekst: 'gm0344_1__art_2', locaties: ['nl.imow-gm0344.gebied.park'] }] } } })).status,
    201,
  );
  await projecteer();
  const p = punt(138100, 456100);
  const gemeente = async (query: string) => regels((await (await zoek(app, p, { query, filters: { bestuurslaag: ['gemeente'] } })).json()) as Uitkomst);
  t.deepEqual(await gemeente(''), ['gm0344:art1']);
  t.deepEqual(await gemeente(`beschikbaarOp=${encodeURIComponent(moment)}`), ['gm0344:art1'], 'before the ontwerp was received');
  t.deepEqual(await gemeente('inclusiefOntwerp=true'), ['gm0344:art1', 'gm0344:art1', 'gm0344:art2'], 'the ontwerp shows as a document of its own');
  const metOntwerp = (await (await zoek(app, p, { query: 'inclusiefOntwerp=true', filters: { bestuurslaag: ['gemeente'] } })).json()) as Uitkomst;
  t.deepEqual(metOntwerp._embedded.documenten.map((d) => d.status), ['geldend', 'ontwerp']);

  const versies = (await (await fetch(`${app.baseUrl}/api/presenteren/v1/regelingen/${encodeURIComponent(UTRECHT)}/versies`)).json()) as { gebeurtenissen: { type: string }[]; toestanden: { instrumentversie: string | null; juridischWerkendVanaf: string }[] };
  t.deepEqual(versies.gebeurtenissen.map((g) => g.type), ['BesluitGepubliceerd', 'BesluitGerectificeerd', 'OntwerpGepubliceerd']);
  t.deepEqual(versies.toestanden.map((x) => [x.instrumentversie?.split('@')[1] ?? null, x.juridischWerkendVanaf]), [['2024-01-10;1a', '2024-02-01'], ['2024-01-10;1', '2024-02-01']]);

  const regeling = (await (await fetch(`${app.baseUrl}/api/presenteren/v1/regelingen/${encodeURIComponent(UTRECHT)}?geldigOp=2024-03-01`)).json()) as { instrumentversie: string; regelteksten: { nummer: string; juridischeRegels: string[] }[] };
  t.is(regeling.instrumentversie, `${UTRECHT}/nld@2024-01-10;1a`);
  t.deepEqual(regeling.regelteksten.map((r) => [r.nummer, r.juridischeRegels.length]), [['1', 1], ['2', 0]]);
  const lijst = (await (await fetch(`${app.baseUrl}/api/presenteren/v1/regelingen?bestuurslaag=provincie,gemeente`)).json()) as { _embedded: { regelingen: { identificatie: string; status: string }[] } };
  t.deepEqual(lijst._embedded.regelingen.map((r) => [r.identificatie, r.status]), [[PROVINCIE, 'geldend'], [UTRECHT, 'geldend']]);

  const locatie = await fetch(`${app.baseUrl}/api/presenteren/v1/locaties/${encodeURIComponent('nl.imow-gm0344.gebiedengroep.alles')}?crs=EPSG:28992`);
  t.is(locatie.status, 200);
  t.is(locatie.headers.get('content-crs'), 'EPSG:28992');
  t.is(((await locatie.json()) as { geometrie: { type: string } }).geometrie.type, 'MultiPolygon', 'a groep is the union of its members');
});

test('the write API: tokens, ownership, idempotency, and bad input with clear problems', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const telEvents = async () => Number((await app.db.pool.query('SELECT count(*) AS n FROM es.events')).rows[0].n);
  const voor = await telEvents();
  const problem = async (res: Response, status: number, code: string) => {
    t.is(res.status, status);
    const body = (await res.json()) as { code: string; detail: string; invalidParams?: { name: string; reason: string }[] };
    t.is(body.code, code, body.detail);
    return body;
  };

  const geenToken = await fetch(`${app.baseUrl}${BG}/${encodeURIComponent(UTRECHT)}/besluiten`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await problem(geenToken, 401, 'niet_aangemeld');
  t.regex(geenToken.headers.get('www-authenticate') ?? '', /^Bearer/);
  await problem(await schrijf(app, 'gm0363', UTRECHT, 'besluiten', { ...utrechtVaststelling().data, doel: 'overname' }), 403, 'niet_bevoegd');
  t.is((await schrijf(app, 'gm0344', UTRECHT, 'besluiten', utrechtVaststelling().data, 'utrecht-instelling')).status, 200, 'same Idempotency-Key: the earlier answer');
  await problem(await schrijf(app, 'gm0344', UTRECHT, 'besluiten', { ...utrechtVaststelling().data, documenttype: 'bestemmingsplan' }), 400, 'ongeldige_invoer');
  await problem(await schrijf(app, 'gm0344', UTRECHT, 'rectificaties', { doel: 'nooit-gepubliceerd', instrumentversie: `${UTRECHT}/nld@r1`, bekendOp: '2024-02-01', mutatie: {} }), 404, 'onbekend');
  await problem(await schrijf(app, 'gm0344', UTRECHT, 'publicaties', {}), 404, 'not_found');

  const zandloper = { type: 'Polygon', coordinates: [[[136000, 455000], [136100, 455100], [136100, 455000], [136000, 455100], [136000, 455000]]] };
  const zelfsnijdend = await problem(
    await schrijf(app, 'gm0344', UTRECHT, 'besluiten', { ...utrechtVaststelling().data, doel: 'w1', instrumentversie: `${UTRECHT}/nld@2024-06-01;2`, mutatie: { plaats: { locaties: [{ identificatie: 'nl.imow-gm0344.gebied.zandloper', type: 'Gebied', geometrie: zandloper }] } } }),
    422,
    'ongeldige_inhoud',
  );
  t.regex(zelfsnijdend.invalidParams![0]!.reason, /Self-intersection/);
  t.is(zelfsnijdend.invalidParams![0]!.name, 'locaties/nl.imow-gm0344.gebied.zandloper');

  t.is((await schrijf(app, 'gm0344', UTRECHT, 'intrekkingen', { doel: 'intrekking', bekendOp: '2026-01-01', juridischWerkendVanaf: '2026-02-01' })).status, 201);
  await problem(await schrijf(app, 'gm0344', UTRECHT, 'besluiten', { ...utrechtVaststelling().data, doel: 'te-laat', instrumentversie: `${UTRECHT}/nld@2026-03-01;9`, juridischWerkendVanaf: '2026-03-01', geldigVanaf: '2026-03-01' }), 422, 'onmogelijke_datum');

  const kapot = await fetch(`${app.baseUrl}${BG}/${encodeURIComponent(UTRECHT)}/besluiten`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.gm0344}` }, body: '{"doel": ' });
  await problem(kapot, 400, 'malformed_json');
  t.is(await telEvents(), voor + 1, 'only the intrekking was stored');
});

test('bad search input: CRS, geometry, size, place, parameters', async (t) => {
  const { app } = await metGegevens();
  t.teardown(app.close);
  const problem = async (res: Response, status: number, code: string) => {
    t.is(res.status, status);
    const body = (await res.json()) as { code: string; detail: string };
    t.is(body.code, code, body.detail);
    return body;
  };
  await problem(await zoek(app, punt(138100, 456100), { crs: null }), 400, 'crs_ontbreekt');
  await problem(await zoek(app, punt(138100, 456100), { crs: 'EPSG:3857' }), 400, 'crs_niet_ondersteund');
  t.regex((await problem(await zoek(app, punt(5.12, 52.09)), 400, 'buiten_nederland')).detail, /Klopt de Content-Crs/);
  await problem(await zoek(app, { type: 'Polygon', coordinates: [[[136000, 455000], [136100, 455100], [136100, 455000], [136000, 455100], [136000, 455000]]] }), 400, 'ongeldige_geometrie');
  await problem(await zoek(app, { type: 'Polygon', coordinates: [[[136000, 455000], [136100]]] }), 400, 'ongeldige_geometrie');
  await problem(await zoek(app, { type: 'Cirkel', coordinates: [1, 2] }), 400, 'ongeldige_geometrie');
  await problem(await zoek(app, undefined), 400, 'geometrie_ontbreekt');
  const ring = Array.from({ length: 20_000 }, (_, i) => [136000 + 500 * Math.cos((i / 20_000) * 2 * Math.PI), 455000 + 500 * Math.sin((i / 20_000) * 2 * Math.PI)]);
  ring.push(ring[0]!);
  await problem(await zoek(app, { type: 'Polygon', coordinates: [ring] }), 400, 'geometrie_te_groot');
  const datum = await problem(await zoek(app, punt(138100, 456100), { query: 'geldigOp=2024-02-30&beschikbaarOp=gisteren' }), 400, 'ongeldige_parameters');
  t.regex(JSON.stringify(datum), /geldigOp.*beschikbaarOp/);
  await problem(await fetch(`${app.baseUrl}/api/presenteren/v1/locaties/nl.imow-gm0344.gebied.park`), 422, 'crs_ontbreekt');
  await problem(await fetch(`${app.baseUrl}/api/presenteren/v1/locaties/bestaat-niet?crs=EPSG:4326`), 404, 'not_found');
  await problem(await fetch(`${app.baseUrl}/api/presenteren/v1/regelingen/${encodeURIComponent('/akn/nl/act/gm0000/2024/niets')}`), 404, 'not_found');
});

test('a regel whose locatie is the Ambtsgebied applies wherever the register puts the bevoegd gezag', async (t) => {
  const { app, projecteer } = await metGegevens();
  t.teardown(app.close);
  const { AmbtsgebiedService } = await import('../application/bestuursgrenzen/ambtsgebied-service.ts');
  await new AmbtsgebiedService(app.store).handel(
    { type: 'StelAmbtsgebiedVast', data: { code: 'gm0363', naam: 'Amsterdam', bron: 'test', geometrie: vierkant(115000, 480000, 10000) } },
    { actor: 'test', commandId: 'ambtsgebied-gm0363' },
  );
  const AMSTERDAM = '/akn/nl/act/gm0363/2024/omgevingsplan';
  t.is(
    (await schrijf(app, 'gm0363', AMSTERDAM, 'besluiten', {
      documenttype: 'omgevingsplan',
      citeertitel: 'Omgevingsplan Amsterdam',
      doel: 'instelling',
      instrumentversie: `${AMSTERDAM}/nld@2024-01-01;1`,
      bekendOp: '2024-01-01',
      juridischWerkendVanaf: '2024-01-01',
      mutatie: {
        plaats: {
          regelteksten: [{ wId: 'art_1', soort: 'artikel', nummer: '1', tekst: 'Deze regels gelden in de hele gemeente.' }],
          locaties: [{ identificatie: 'nl.imow-gm0363.ambtsgebied', type: 'Ambtsgebied' }],
          juridischeRegels: [{ identificatie: 'nl.imow-gm0363.juridischeregel.art1', type: 'RegelVoorIedereen', regeltekst: 'art_1', locaties: ['nl.imow-gm0363.ambtsgebied'] }],
        },
      },
    })).status,
    201,
  );
  await projecteer();
  await app.runner.catchUp(app.runner.find('ambtsgebieden')!);
  t.deepEqual(regels((await (await zoek(app, punt(121000, 487000))).json()) as Uitkomst), ['gm0363:art1']);
  // Its werkingsgebied, to highlight on a map: the area from the register.
  const locatie = (await (await fetch(`${app.baseUrl}/api/presenteren/v1/locaties/nl.imow-gm0363.ambtsgebied?crs=EPSG:28992`)).json()) as { type: string; geometrie: { type: string; coordinates: number[][][][] } };
  t.is(locatie.type, 'Ambtsgebied');
  t.deepEqual(locatie.geometrie.coordinates[0]![0]![0], [115000, 480000]);
  t.deepEqual(regels((await (await zoek(app, punt(138100, 456100), { filters: { bestuurslaag: ['gemeente'] } })).json()) as Uitkomst), ['gm0344:art1', 'gm0344:art2'], 'not outside Amsterdam');
});
