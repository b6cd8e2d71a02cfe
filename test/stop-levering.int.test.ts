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

/** helloDSO as a later version: a new doel, known on 1 September 2024, with art. 2.1 reworded and a bouwhoogte raised. */
function tweedeVersie(bestanden: Map<string, Buffer>) {
  let b = wijzig(bestanden, 'pakbon.xml', 'Omgevingsplan-HelloDSO/nld@1<', 'Omgevingsplan-HelloDSO/nld@2<');
  b = wijzig(b, 'Regeling/Momentopname.xml', '<doel>/join/id/proces/gm0160/2022/Omgevingsplan-HelloDSO</doel>', '<doel>/join/id/proces/gm0160/2024/bouwhoogte</doel>');
  b = wijzig(b, 'Regeling/Momentopname.xml', '2024-06-02T11:07:26Z', '2024-09-01T10:00:00Z');
  b = wijzig(b, 'OW-bestanden/manifest-ow.xml', '/join/id/proces/gm0160/2022/Omgevingsplan-HelloDSO', '/join/id/proces/gm0160/2024/bouwhoogte');
  b = wijzig(b, 'Regeling/Tekst.xml', 'Dit zou er als volgt uit moeten zien:', 'Zo ziet het er nu uit:');
  return wijzig(b, 'OW-bestanden/omgevingsnormen.xml', '<rol:kwantitatieveWaarde>10</rol:kwantitatieveWaarde>', '<rol:kwantitatieveWaarde>12</rol:kwantitatieveWaarde>');
}

test('a later delivery that changes objects is a wijziging of only what changed, and the earlier version stays visible at an earlier date', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  await metAmbtsgebied(app);
  const bestanden = await helloBestanden();
  t.is((await lever(app, zip(bestanden))).status, 201);
  const tweede = await lever(app, zip(tweedeVersie(bestanden)));
  t.is(tweede.status, 201, JSON.stringify(tweede.body));
  t.is(tweede.body.soort, 'wijziging');
  const { rows } = await app.db.pool.query(
    `SELECT type, data FROM es.events WHERE stream_id = $1 AND data->>'instrumentversie' = $2 ORDER BY stream_position`,
    [`regeling-${REGELING}`, `${REGELING}/nld@2`],
  );
  t.deepEqual(rows.map((r) => r.type), ['InhoudGeleverd', 'BesluitGepubliceerd']);
  const mutatie = rows[0].data.mutatie as { plaats: Record<string, { wId?: string; identificatie?: string }[]>; verwijder?: unknown };
  t.deepEqual(Object.fromEntries(Object.entries(mutatie.plaats).map(([k, v]) => [k, v.map((o) => o.wId ?? o.identificatie)])), {
    regelteksten: ['gm0160_v1__chp_6__subchp_2.2__subsec_2.2.1__art_2.1'],
    normen: ['nl.imow-gm0160.omgevingsnorm.Bouwhoogte'],
  });
  t.is(mutatie.verwijder, undefined);
  t.like(rows[1].data, { basisversie: `${REGELING}/nld@1`, bekendOp: '2024-09-01', juridischWerkendVanaf: '2024-09-01' });

  await projecteer(app);
  const tekst = async (datum: string) => {
    const r = (await (await fetch(`${app.baseUrl}/api/presenteren/v1/regelingen/${encodeURIComponent(REGELING)}?geldigOp=${datum}&inWerkingOp=${datum}&bekendOp=${datum}`)).json()) as { instrumentversie: string; regelteksten: { wId: string; tekst: string }[] };
    return [r.instrumentversie, r.regelteksten.find((x) => x.wId === 'gm0160_v1__chp_6__subchp_2.2__subsec_2.2.1__art_2.1')!.tekst.includes('Zo ziet het er nu uit:')];
  };
  t.deepEqual(await tekst('2024-07-01'), [`${REGELING}/nld@1`, false]);
  t.deepEqual(await tekst('2024-10-01'), [`${REGELING}/nld@2`, true]);
});

test('bad deliveries: each refused with file, element and id, and nothing stored', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  await metAmbtsgebied(app);
  const voor = await aantalEvents(app);
  const b = await helloBestanden();
  const weigering = async (bestanden: Map<string, Buffer>, naam: string, reden: RegExp) => {
    const { status, body } = await lever(app, zip(bestanden));
    t.is(status, 422, `${naam}: ${JSON.stringify(body).slice(0, 300)}`);
    const p = body.invalidParams?.find((x) => x.name === naam);
    t.truthy(p, `${naam} in ${body.invalidParams?.map((x) => x.name).join(', ')}`);
    if (p) t.regex(p.reason, reden);
  };
  await weigering(
    wijzig(b, 'OW-bestanden/regelsvooriedereen.xml', /(chp3art31<\/regels:identificatie>[^]*?)nl\.imow-gm0160\.gebied\.BinnenstadWest/, '$1nl.imow-gm0160.gebied.Bestaatniet'),
    'OW-bestanden/regelsvooriedereen.xml#RegelVoorIedereen/nl.imow-gm0160.juridischeregel.gm0160v1chp3art31',
    /locatie nl\.imow-gm0160\.gebied\.Bestaatniet, die er niet is/,
  );
  await weigering(wijzig(b, 'OW-bestanden/gebieden.xml', 'face0ddf-f51f-41d2-951f-2919932bcaaf', '00000000-0000-0000-0000-000000000000'), 'OW-bestanden/gebieden.xml#Gebied/nl.imow-gm0160.gebied.BinnenstadWest', /geometrie in een GIO/);
  await weigering(wijzig(b, 'OW-bestanden/gebiedengroepen.xml', /l:Gebiedengroep>/g, 'l:Kabouter>'), 'OW-bestanden/gebiedengroepen.xml#Kabouter/nl.imow-gm0160.gebiedengroep.Horecagebieden', /onbekend OW-objecttype Kabouter/);
  const gio = 'IO-483c73aa-d717-333e-ba1b-ad731fb09a61/Schefferlaan.gml';
  await weigering(wijzig(b, gio, /urn:ogc:def:crs:EPSG::28992/g, 'urn:ogc:def:crs:EPSG::4258'), `${gio}#Locatie/f44b0bc3-bc9c-4dd8-aafd-598ff79b67e1`, /4258/);
  await weigering(wijzig(b, gio, '237444.519 509643.528 237445.097 509610.298<', '237444.519 509643.528<'), `${gio}#Locatie/ede6b1c0-c832-40af-abdb-efe2bcd616b2`, /niet gesloten/);
  const gebieden = b.get('OW-bestanden/gebieden.xml')!;
  await weigering(new Map(b).set('OW-bestanden/gebieden.xml', gebieden.subarray(0, gebieden.length / 2)), 'OW-bestanden/gebieden.xml#bestand/', /geen geldige XML/);
  await weigering(wijzig(b, 'OW-bestanden/gebieden.xml', 'xmlns:ow-dc="http://www.geostandaarden.nl/imow/bestanden/deelbestand"', 'xmlns:ow-dc="http://example.org/iets-anders"'), 'OW-bestanden/gebieden.xml#bestand/', /verwacht ow-dc:owBestand/);

  // One identificatie for two objects, in two files: named where it comes the second time.
  const dubbel = await lever(app, zip(wijzig(b, 'OW-bestanden/gebiedengroepen.xml', '>nl.imow-gm0160.gebiedengroep.industriegebiedGroep<', '>nl.imow-gm0160.gebied.Locatie4<')));
  t.is(dubbel.status, 422);
  t.true(
    dubbel.body.invalidParams?.some((p) => /#Gebied(engroep)?\/nl\.imow-gm0160\.gebied\.Locatie4$/.test(p.name) && /^komt ook voor in OW-bestanden\/gebied(en|engroepen)\.xml$/.test(p.reason)),
    JSON.stringify(dubbel.body.invalidParams),
  );

  // A self-intersecting polygon: PostGIS finds it before anything is stored.
  const strik = await lever(app, zip(wijzig(b, gio, '237445.097 509610.298 237416.779 509609.287 237416.779 509643.239 237444.519 509643.528', '237445.097 509610.298 237416.779 509643.239 237416.779 509609.287 237444.519 509643.528')));
  t.is(strik.status, 422);
  t.true(strik.body.invalidParams?.some((p) => p.name === 'locaties/nl.imow-gm0160.gebied.winkelgebied' && /Self-intersection/i.test(p.reason)), JSON.stringify(strik.body.invalidParams));

  // Another gemeente's token, a zip with path traversal, no zip at all.
  t.is((await lever(app, zip(b), { code: 'gm0344' })).status, 403);
  const klim = await lever(app, maakZip([{ naam: 'pakbon.xml', data: b.get('pakbon.xml')! }, { naam: '../../etc/cron.d/evil', data: 'x' }]));
  t.is(klim.status, 400);
  t.is(klim.body.code, 'ongeldige_zip');
  t.regex(klim.body.detail!, /invalid relative path|\.\./);
  t.is((await lever(app, Buffer.from('dit is geen zip'))).body.code, 'ongeldige_zip');
  t.is(await aantalEvents(app), voor, 'nothing stored');
  // What reading took is given back: no content set without a version, no workspace table.
  t.is((await app.db.pool.query(`SELECT count(*)::int AS n FROM es.inhoudsets WHERE versie IS NULL`)).rows[0].n, 0);
  t.is((await app.db.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relpersistence = 't' AND relname LIKE 'levering\\_%'`)).rows[0].n, 0);
});

/** An OW file as helloDSO writes them: the IMOW namespaces, one owObject per object. */
const owBestand = (type: string, objecten: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<ow-dc:owBestand xmlns:ow-dc="http://www.geostandaarden.nl/imow/bestanden/deelbestand" xmlns:sl="http://www.geostandaarden.nl/bestanden-ow/standlevering-generiek"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:l="http://www.geostandaarden.nl/imow/locatie" xmlns:p="http://www.geostandaarden.nl/imow/pons"
    xmlns:k="http://www.geostandaarden.nl/imow/kaart" xmlns:ga="http://www.geostandaarden.nl/imow/gebiedsaanwijzing"
    xmlns:rol="http://www.geostandaarden.nl/imow/regelsoplocatie" xmlns:regels="http://www.geostandaarden.nl/imow/regels">
  <sl:standBestand>
    <sl:dataset>helloDSO</sl:dataset>
    <sl:inhoud><sl:gebied>Hardenberg</sl:gebied><sl:objectTypen><sl:objectType>${type}</sl:objectType></sl:objectTypen></sl:inhoud>
    ${objecten.map((o) => `<sl:stand><ow-dc:owObject>${o}</ow-dc:owObject></sl:stand>`).join('\n    ')}
  </sl:standBestand>
</ow-dc:owBestand>`;

const PONS = 'nl.imow-gm0160.pons.winkelgebied';
const KAART = 'nl.imow-gm0160.kaart.functies';
const ponsXml = (locatie: string) => `<p:Pons>
        <p:identificatie>${PONS}</p:identificatie>
        <p:locatieaanduiding><l:LocatieRef xlink:href="${locatie}"/></p:locatieaanduiding>
      </p:Pons>`;
/** A Kaart as IMOW writes it: its Kaartlagen inside, each naming what it shows (a GebiedsaanwijzingRef, an OmgevingsnormRef, an ActiviteitLocatieaanduidingRef). */
const KAART_XML = `<k:Kaart>
        <k:identificatie>${KAART}</k:identificatie>
        <k:naam>Functies en bouwhoogte</k:naam>
        <k:nummer>1</k:nummer>
        <k:uitsnede><k:Kaartextent><k:minX>237000</k:minX><k:minY>509000</k:minY><k:maxX>238000</k:maxX><k:maxY>510000</k:maxY></k:Kaartextent></k:uitsnede>
        <k:kaartlagen>
          <k:Kaartlaag>
            <k:identificatie>nl.imow-gm0160.kaartlaag.bouwhoogte</k:identificatie>
            <k:naam>Bouwhoogte en meldingen</k:naam>
            <k:niveau>2</k:niveau>
            <k:activiteitlocatieweergave><regels:ActiviteitLocatieaanduidingRef xlink:href="nl.imow-gm0160.activiteit.locatieGewijzigd"/></k:activiteitlocatieweergave>
            <k:normweergave><rol:OmgevingsnormRef xlink:href="nl.imow-gm0160.omgevingsnorm.Bouwhoogte"/></k:normweergave>
          </k:Kaartlaag>
          <k:Kaartlaag>
            <k:identificatie>nl.imow-gm0160.kaartlaag.horeca</k:identificatie>
            <k:naam>Horeca</k:naam>
            <k:niveau>1</k:niveau>
            <k:gebiedsaanwijzingweergave><ga:GebiedsaanwijzingRef xlink:href="nl.imow-gm0160.gebiedsaanwijzing.Horecagebied"/></k:gebiedsaanwijzingweergave>
          </k:Kaartlaag>
        </k:kaartlagen>
      </k:Kaart>`;

/** helloDSO with a pons.xml and a kaart.xml, both in the manifest, and art. 2.1's regel shown on the kaart (kaartaanduiding). */
function metPonsEnKaart(bestanden: Map<string, Buffer>, pons = ponsXml('nl.imow-gm0160.gebied.winkelgebied')) {
  const manifest = (naam: string, type: string) => `<Bestand><naam>${naam}</naam><objecttype>${type}</objecttype></Bestand>`;
  let b = wijzig(bestanden, 'OW-bestanden/manifest-ow.xml', '</Aanlevering>', `${manifest('pons.xml', 'Pons')}${manifest('kaart.xml', 'Kaart')}</Aanlevering>`);
  b = wijzig(
    b,
    'OW-bestanden/regelsvooriedereen.xml',
    /(chp6art21<\/regels:identificatie>[^]*?<\/regels:artikelOfLid>)/,
    `$1<regels:kaartaanduiding><k:KaartRef xmlns:k="http://www.geostandaarden.nl/imow/kaart" xlink:href="${KAART}"/></regels:kaartaanduiding>`,
  );
  return new Map(b).set('OW-bestanden/pons.xml', Buffer.from(owBestand('Pons', [pons]))).set('OW-bestanden/kaart.xml', Buffer.from(owBestand('Kaart', [KAART_XML])));
}

test('a Pons and a Kaart with its Kaartlagen are kept, projected, and shown with the regeling', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  await metAmbtsgebied(app);
  const levering = await lever(app, zip(metPonsEnKaart(await helloBestanden())));
  t.is(levering.status, 201, JSON.stringify(levering.body));
  t.like(levering.body.objecten, { Pons: 1, Kaart: 1, Kaartlaag: 2, RegelVoorIedereen: 18 });
  await projecteer(app);

  const { rows: ponsen } = await app.db.pool.query(`SELECT identificatie, locaties FROM rm.ponsen`);
  t.deepEqual(ponsen, [{ identificatie: PONS, locaties: ['nl.imow-gm0160.gebied.winkelgebied'] }]);
  const { rows: kaarten } = await app.db.pool.query(`SELECT identificatie, naam, nummer, uitsnede, regelteksten, jsonb_array_length(kaartlagen) AS lagen FROM rm.kaarten`);
  t.deepEqual(kaarten, [
    {
      identificatie: KAART,
      naam: 'Functies en bouwhoogte',
      nummer: '1',
      uitsnede: { minX: 237000, minY: 509000, maxX: 238000, maxY: 510000 },
      regelteksten: ['gm0160_v1__chp_6__subchp_2.2__subsec_2.2.1__art_2.1'],
      lagen: 2,
    },
  ]);

  const res = await fetch(`${app.baseUrl}/api/presenteren/v1/regelingen/${encodeURIComponent(REGELING)}`);
  const regeling = (await res.json()) as { kaarten: { identificatie: string; kaartlagen: Record<string, unknown>[] }[]; ponsen: { identificatie: string; locaties: string[]; _links: { locaties: { href: string }[] } }[] };
  t.deepEqual(regeling.kaarten.map((k) => k.identificatie), [KAART]);
  t.deepEqual(regeling.kaarten[0]!.kaartlagen, [
    { identificatie: 'nl.imow-gm0160.kaartlaag.horeca', naam: 'Horeca', niveau: 1, gebiedsaanwijzingen: ['nl.imow-gm0160.gebiedsaanwijzing.Horecagebied'] },
    {
      identificatie: 'nl.imow-gm0160.kaartlaag.bouwhoogte',
      naam: 'Bouwhoogte en meldingen',
      niveau: 2,
      activiteitlocatieaanduidingen: ['nl.imow-gm0160.activiteit.locatieGewijzigd'],
      normen: ['nl.imow-gm0160.omgevingsnorm.Bouwhoogte'],
    },
  ], 'lowest niveau first');
  t.deepEqual(regeling.ponsen.map((p) => [p.identificatie, p.locaties]), [[PONS, ['nl.imow-gm0160.gebied.winkelgebied']]]);
  const locatie = await fetch(`${app.baseUrl}${regeling.ponsen[0]!._links.locaties[0]!.href}`);
  t.is(locatie.status, 200, 'the pons locatie can be drawn');
});

test('a Pons or Kaart that points nowhere refuses the delivery, naming file, element and id; nothing is stored', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  await metAmbtsgebied(app);
  const b = await helloBestanden();
  const voor = await aantalEvents(app);
  const weigering = async (bestanden: Map<string, Buffer>, naam: string, reden: RegExp) => {
    const { status, body } = await lever(app, zip(bestanden));
    t.is(status, 422, `${naam}: ${JSON.stringify(body).slice(0, 300)}`);
    t.is(body.code, 'ongeldige_levering');
    const p = body.invalidParams?.find((x) => x.name === naam);
    t.truthy(p, `${naam} in ${body.invalidParams?.map((x) => x.name).join(', ')}`);
    if (p) t.regex(p.reason, reden);
  };
  await weigering(metPonsEnKaart(b, ponsXml('nl.imow-gm0160.gebied.Bestaatniet')), `OW-bestanden/pons.xml#Pons/${PONS}`, /verwijst naar locatie nl\.imow-gm0160\.gebied\.Bestaatniet, die er niet is/);
  const kaart = metPonsEnKaart(b);
  const kapot = wijzig(kaart, 'OW-bestanden/kaart.xml', 'gebiedsaanwijzing.Horecagebied', 'gebiedsaanwijzing.Bestaatniet');
  await weigering(kapot, 'OW-bestanden/kaart.xml#Kaartlaag/nl.imow-gm0160.kaartlaag.horeca', /verwijst naar gebiedsaanwijzing nl\.imow-gm0160\.gebiedsaanwijzing\.Bestaatniet, die er niet is/);
  await weigering(
    wijzig(kaart, 'OW-bestanden/kaart.xml', 'activiteit.locatieGewijzigd', 'activiteit.Bestaatniet'),
    'OW-bestanden/kaart.xml#Kaartlaag/nl.imow-gm0160.kaartlaag.bouwhoogte',
    /ActiviteitLocatieaanduiding .*Bestaatniet, die er niet is/,
  );
  await weigering(
    wijzig(kaart, 'OW-bestanden/regelsvooriedereen.xml', `xlink:href="${KAART}"`, 'xlink:href="nl.imow-gm0160.kaart.bestaatniet"'),
    'OW-bestanden/regelsvooriedereen.xml#RegelVoorIedereen/nl.imow-gm0160.juridischeregel.chp6art21',
    /verwijst naar kaart nl\.imow-gm0160\.kaart\.bestaatniet, die er niet is/,
  );
  t.is(await aantalEvents(app), voor, 'nothing stored');
});

test('a 200 MB upload is refused: read past without keeping it, then 413', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  const url = new URL(`${app.baseUrl}/api/bevoegd-gezag/v1/leveringen`);
  const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/zip', 'content-length': String(200 * 1024 * 1024), authorization: `Bearer ${TOKENS.gm0160}` } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    // The server answers once the request has ended, so the whole body is sent (and dropped there, not kept).
    const stuk = Buffer.alloc(1024 * 1024);
    let verstuurd = 0;
    const schrijf = () => {
      while (verstuurd < 200) {
        verstuurd++;
        if (!req.write(stuk)) return void req.once('drain', schrijf);
      }
      req.end();
    };
    schrijf();
  });
  t.is(status.status, 413);
  t.regex(status.body, /payload_too_large/);
});
