import { request } from 'node:http';
import test from 'ava';
import { AmbtsgebiedService } from '../application/bestuursgrenzen/ambtsgebied-service.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import { zipBron } from '../infrastructure/stop/bron.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { maakZip } from './support/zip.ts';

const HELLO = `${projectRoot}/../shared/data/omgevingswet-testsuitetool/helloDSO_input.zip`;
const REGELING = '/akn/nl/act/gm0160/2023/Omgevingsplan-HelloDSO';
const TOKENS = { gm0160: 'hardenberg-token-0123456789', gm0344: 'utrecht-token-0123456789' };
const env = { BEVOEGD_GEZAG_TOKENS: Object.entries(TOKENS).map(([c, t]) => `${c}:${t}`).join(',') };
/** Inside "winkelgebied" in Schefferlaan.gml. */
const WINKELGEBIED = { type: 'Point', coordinates: [237430, 509625] };

/** The files of the real helloDSO package, to change one and zip them again. */
async function helloBestanden(): Promise<Map<string, Buffer>> {
  const bron = await zipBron(HELLO, 'hello', 64 * 1024 * 1024);
  const uit = new Map<string, Buffer>();
  for (const b of bron.bestanden()) {
    const delen: Buffer[] = [];
    for await (const d of await bron.open(b)) delen.push(d as Buffer);
    uit.set(b, Buffer.concat(delen));
  }
  await bron.close();
  return uit;
}
const zip = (bestanden: Map<string, Buffer>) => maakZip([...bestanden].map(([naam, data]) => ({ naam, data })));
function wijzig(bestanden: Map<string, Buffer>, naam: string, van: string | RegExp, naar: string): Map<string, Buffer> {
  const kopie = new Map(bestanden);
  const oud = bestanden.get(naam)!.toString('utf8');
  const nieuw = oud.replace(van, naar);
  if (nieuw === oud) throw new Error(`${naam}: ${van} niet gevonden`);
  kopie.set(naam, Buffer.from(nieuw));
  return kopie;
}

async function lever(app: TestApp, body: Buffer, { code = 'gm0160' as keyof typeof TOKENS, query = '' } = {}) {
  const res = await fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/leveringen?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKENS[code]}` },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as { soort?: string; code?: string; detail?: string; events?: { type: string }[]; objecten?: Record<string, number>; invalidParams?: { name: string; reason: string }[] } };
}
const aantalEvents = async (app: TestApp) => (await app.db.pool.query(`SELECT count(*)::int AS n FROM es.events`)).rows[0].n as number;

/** Hardenberg's ambtsgebied in the register (a square around the helloDSO locaties). */
async function metAmbtsgebied(app: TestApp) {
  const vierkant = { type: 'Polygon' as const, coordinates: [[[230000, 500000], [245000, 500000], [245000, 515000], [230000, 515000], [230000, 500000]]] };
  await new AmbtsgebiedService(app.store).handel({ type: 'StelAmbtsgebiedVast', data: { code: 'gm0160', naam: 'Gemeente Hardenberg', geometrie: vierkant, bron: 'test' } }, { actor: 'test', commandId: 'gm0160' });
}

async function projecteer(app: TestApp) {
  for (const p of ['ambtsgebieden', 'omgevingsdocumenten']) await app.runner.catchUp(app.runner.find(p)!);
}

async function zoek(app: TestApp, geometrie: unknown, query = '') {
  const res = await fetch(`${app.baseUrl}/api/presenteren/v1/regeltekstannotaties/_zoek?size=100&${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-crs': 'EPSG:28992' },
    body: JSON.stringify({ geo: { geometrie } }),
  });
  const body = (await res.json()) as { _embedded: { documenten: { regelingId: string; juridischeRegels: { identificatie: string; regeltekst: { wId: string; tekst: string } }[] }[] } };
  return body._embedded.documenten.flatMap((d) => d.juridischeRegels);
}

test('the real helloDSO package imports completely through the upload, and a point in winkelgebied returns its regels', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  const pakket = zip(await helloBestanden());

  // Without Hardenberg's area in the register the import says so, and stores nothing.
  const zonder = await lever(app, pakket);
  t.is(zonder.status, 422);
  t.is(zonder.body.code, 'ongeldige_levering');
  t.deepEqual(zonder.body.invalidParams?.map((p) => p.name), ['OW-bestanden/ambtsgebieden.xml#Ambtsgebied/nl.imow-gm0160.ambtsgebied.9999999998']);
  t.regex(zonder.body.invalidParams![0]!.reason, /gm0160 staat niet in het register/);
  t.is(await aantalEvents(app), 0);

  await metAmbtsgebied(app);
  const voor = await aantalEvents(app);
  const eerste = await lever(app, pakket);
  t.is(eerste.status, 201, JSON.stringify(eerste.body));
  t.is(eerste.body.soort, 'nieuw');
  t.like(eerste.body.objecten, { RegelVoorIedereen: 18, Omgevingswaarderegel: 1, Regeltekst: 19, Gebied: 12, Gebiedengroep: 2, Ambtsgebied: 1, 'GIO-Locatie': 14, Activiteit: 12, Omgevingsnorm: 7, Omgevingswaarde: 4, Gebiedsaanwijzing: 5 });
  t.deepEqual(eerste.body.events!.map((e) => e.type).filter((e) => e !== 'InhoudGeleverd'), ['RegelingGeregistreerd', 'BesluitGepubliceerd']);
  await projecteer(app);

  const db = app.db.pool;
  // Every juridische regel is linked to its regeltekst; every leaf locatie has a geometry from a GIO.
  const { rows: regels } = await db.query(`SELECT j.identificatie, t.wid FROM rm.juridische_regels j LEFT JOIN rm.regelteksten t ON t.regeling_id = j.regeling_id AND t.wid = j.regeltekst`);
  t.is(regels.length, 19);
  t.deepEqual(regels.filter((r) => !r.wid), []);
  const { rows: locaties } = await db.query(`SELECT type, count(*)::int AS n, count(geom)::int AS met FROM rm.locaties GROUP BY type ORDER BY type`);
  t.deepEqual(locaties, [{ type: 'Ambtsgebied', n: 1, met: 0 }, { type: 'Gebied', n: 12, met: 12 }, { type: 'Gebiedengroep', n: 2, met: 0 }]);
  // Omgevingsnormen and -waarden keep their values per locatie.
  const { rows: normen } = await db.query(`SELECT identificatie, normwaarden FROM rm.normen WHERE identificatie = 'nl.imow-gm0160.omgevingsnorm.Bouwhoogte'`);
  t.deepEqual(normen[0].normwaarden, [{ locaties: ['nl.imow-gm0160.gebied.BinnenstadWest'], waarde: 10 }, { locaties: ['nl.imow-gm0160.gebied.Zuiderburen'], waarde: 7 }]);

  const hier = await zoek(app, WINKELGEBIED);
  t.deepEqual(hier.map((r) => r.identificatie).sort(), VERWACHT_IN_WINKELGEBIED);
  t.true(hier.some((r) => r.regeltekst.wId === 'gm0160_v1__chp_6__subchp_2.2__subsec_2.2.1__art_2.3'));
  // Elsewhere in the gemeente only the eleven regels on the ambtsgebied apply.
  t.is((await zoek(app, { type: 'Point', coordinates: [232000, 502000] })).length, 11);

  // The same package again stores nothing.
  const nogEens = await lever(app, pakket);
  t.is(nogEens.status, 200);
  t.is(nogEens.body.soort, 'ongewijzigd');
  t.is(await aantalEvents(app), voor + eerste.body.events!.length);
});

/**
 * Read from the package by hand: the eleven regels on the whole ambtsgebied, and chp6art23,
 * whose gebieden (from Schefferlaan2.gml) overlap winkelgebied. No regel names winkelgebied itself.
 */
const VERWACHT_IN_WINKELGEBIED = [
  'nl.imow-gm0160.juridischeregel.chp6art21',
  'nl.imow-gm0160.juridischeregel.chp6art22',
  'nl.imow-gm0160.juridischeregel.chp6art23',
  'nl.imow-gm0160.juridischeregel.chp6art24',
  'nl.imow-gm0160.juridischeregel.chp6art25',
  'nl.imow-gm0160.juridischeregel.chp7art71',
  'nl.imow-gm0160.juridischeregel.chp7art72',
  'nl.imow-gm0160.juridischeregel.chp7art73',
  'nl.imow-gm0160.juridischeregel.gm0160v1chp0art01',
  'nl.imow-gm0160.juridischeregel.gm0160v1chp1art11para1',
  'nl.imow-gm0160.juridischeregel.gm0160v1chp4art41',
  'nl.imow-gm0160.juridischeregel.gm0160v1chp5art51',
];
