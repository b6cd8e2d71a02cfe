import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { projectRoot } from '../infrastructure/paths.ts';
import { mkdirSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { AmbtsgebiedService } from '../application/bestuursgrenzen/ambtsgebied-service.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { zipBron } from '../infrastructure/stop/bron.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { omgevingsdocumenten } from '../projections/omgevingsdocumenten.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { importeerConsolidatie, regelingenMetDoelIn } from '../application/omgevingsdocumenten/consolidatie-import.ts';
import { PostgresInhoudsindex } from '../infrastructure/omgevingsdocumenten/postgres-inhoudsindex.ts';
import { RegelingService } from '../application/omgevingsdocumenten/regeling-service.ts';
import { RegelingFout, type Foutcode } from '../domain/omgevingsdocumenten/decide.ts';
import { completeToestanden } from '../domain/tijd/toestanden.ts';
import { leesConsolidatieInformatie } from '../infrastructure/stop/consolidatie-informatie.ts';
import { omgevingsdocumentenProjectie } from '../projections/omgevingsdocumenten.ts';

const DOORNBOOM = join(projectRoot, '..', 'shared', 'data', 'imro-harvester', 'NL.IMRO.0798.BPDoornboom-ON01.gml');

/** Runs `npm run import -- <args>` as npm does (tsx) against a test database. */
async function cli(db: TestDatabase, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infrastructure/cli/import.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'info', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const logs = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
const events = async (db: TestDatabase) => (await db.pool.query(`SELECT type, count(*)::int AS n FROM es.events GROUP BY type ORDER BY type`)).rows.map((r) => `${r.type}:${r.n}`);

test('npm run import -- <gml>: the plan stored as events, a summary per object type; the same file again stores nothing', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const eerste = await cli(db, [DOORNBOOM]);
  t.is(eerste.code, 0, eerste.stderr);
  t.deepEqual(await events(db), ['BestemmingsplanGeleverd:1', 'PlanobjectenGeleverd:1']);
  const samenvatting = logs(eerste.stdout).find((l) => l.msg === 'import klaar')!;
  t.deepEqual(samenvatting.objecten, { Bestemmingsplangebied: 1, Figuur: 7, Bouwaanduiding: 4, Maatvoering: 12, Enkelbestemming: 4 });
  t.is(samenvatting.bestemmingsplan, 1);
  t.is(typeof samenvatting.seconden, 'number');
  t.regex(eerste.stderr, /import 1\/1 \(100%.*done in/);

  const tweede = await cli(db, [DOORNBOOM]);
  t.is(tweede.code, 0);
  t.is(logs(tweede.stdout).find((l) => l.msg === 'import klaar')!.ongewijzigd, 1);
  t.deepEqual(await events(db), ['BestemmingsplanGeleverd:1', 'PlanobjectenGeleverd:1']);
});

test('bad files are reported with element and id, and nothing of them is stored; the good file in the same folder is', async (t) => {
  const db = await createTestDatabase();
  const map = mkdtempSync(join(tmpdir(), 'imro-'));
  t.teardown(async () => {
    rmSync(map, { recursive: true, force: true });
    await db.drop();
  });
  const gml = readFileSync(DOORNBOOM, 'utf8');
  writeFileSync(join(map, 'a-afgekapt.gml'), gml.slice(0, 20000));
  // The first Enkelbestemming's outer ring without its closing point.
  const bestemming = gml.indexOf('<imro:Enkelbestemming');
  const ring = gml.slice(bestemming).replace(/(<gml:posList[^>]*>)([^<]*?)(\s+\S+\s+\S+)(<\/gml:posList>)/, (_m, a, b, _c, d) => `${a}${b}${d}`);
  writeFileSync(join(map, 'b-open-ring.gml'), gml.slice(0, bestemming) + ring);
  writeFileSync(join(map, 'c-goed.gml'), gml);
  const uit = await cli(db, [map]);
  t.is(uit.code, 1);
  t.regex(uit.stderr, /a-afgekapt\.gml: niets opgeslagen\.\n {2}- bestand : unclosed xml tag/);
  t.regex(uit.stderr, /b-open-ring\.gml: niets opgeslagen\.\n {2}- Enkelbestemming NL\.IMRO\.422a8d8a864642ac991d064fe3737cd0: een ring van een vlak is niet gesloten/);
  t.deepEqual(await events(db), ['BestemmingsplanGeleverd:1', 'PlanobjectenGeleverd:1'], 'only the good file');

  const groot = await cli(db, [join(map, 'c-goed.gml')], { PUBLICATION_LIMIT_BYTES: '2048' });
  t.is(groot.code, 1);
  t.regex(groot.stderr, /de grens is 0\.0 MB \(PUBLICATION_LIMIT_BYTES\)|groter dan 2048 bytes/);
  const geen = await cli(db, [join(map, 'bestaat-niet.gml')]);
  t.is(geen.code, 1);
  t.regex(geen.stderr, /bestaat niet/);
});

const HELLO = join(projectRoot, '..', 'shared', 'data', 'omgevingswet-testsuitetool', 'helloDSO_input.zip');

test('npm run import -- <STOP zip | folder>: the delivery stored as a vaststelling with the dates given; a file over the limit refused by name', async (t) => {
  const db = await createTestDatabase();
  const map = mkdtempSync(join(tmpdir(), 'stop-'));
  t.teardown(async () => {
    rmSync(map, { recursive: true, force: true });
    await db.drop();
  });
  const zonder = await cli(db, [HELLO]);
  t.is(zonder.code, 1);
  t.regex(zonder.stderr, /OW-bestanden\/ambtsgebieden\.xml Ambtsgebied nl\.imow-gm0160\.ambtsgebied\.9999999998: het ambtsgebied van gm0160 staat niet in het register/);
  t.deepEqual(await events(db), []);

  const vierkant = { type: 'Polygon' as const, coordinates: [[[230000, 500000], [245000, 500000], [245000, 515000], [230000, 515000], [230000, 500000]]] };
  await new AmbtsgebiedService(new PostgresEventStore(db.pool, { databaseUrl: db.url })).handel({ type: 'StelAmbtsgebiedVast', data: { code: 'gm0160', naam: 'Gemeente Hardenberg', geometrie: vierkant, bron: 'test' } }, { actor: 'test', commandId: 'gm0160' });
  const uit = await cli(db, [HELLO, '--juridisch-werkend-vanaf', '2024-07-01']);
  t.is(uit.code, 0, uit.stderr);
  const levering = logs(uit.stdout).find((l) => l.msg === 'levering: nieuw')!;
  t.like(levering.objecten as object, { RegelVoorIedereen: 18, Gebied: 12, 'GIO-Locatie': 14 });
  t.deepEqual(levering.nietBewaard, { Regelingsgebied: 1 });
  t.like(logs(uit.stdout).find((l) => l.msg === 'import klaar'), { nieuw: 1, fout: 0 });
  const { rows } = await db.pool.query(`SELECT data->>'juridischWerkendVanaf' AS werkend, data->>'bekendOp' AS bekend FROM es.events WHERE type = 'BesluitGepubliceerd'`);
  t.deepEqual(rows, [{ werkend: '2024-07-01', bekend: '2024-06-02' }]);

  // The same package unpacked in a folder, with one file of 200 MB (sparse: it takes no disk).
  const bron = await zipBron(HELLO, 'hello', 64 * 1024 * 1024);
  for (const b of bron.bestanden()) {
    mkdirSync(dirname(join(map, b)), { recursive: true });
    const delen: Buffer[] = [];
    for await (const d of await bron.open(b)) delen.push(d as Buffer);
    writeFileSync(join(map, b), Buffer.concat(delen));
  }
  await bron.close();
  writeFileSync(join(map, 'Regeling', 'groot.gml'), '');
  truncateSync(join(map, 'Regeling', 'groot.gml'), 200 * 1024 * 1024);
  const groot = await cli(db, [map]);
  t.is(groot.code, 1);
  t.regex(groot.stderr, /Regeling\/groot\.gml: Regeling\/groot\.gml is 209715200 bytes; de grens is 67108864/);
  rmSync(join(map, 'Regeling', 'groot.gml'));
  const opnieuw = await cli(db, [map]);
  t.is(opnieuw.code, 0, opnieuw.stderr);
  t.like(logs(opnieuw.stdout).find((l) => l.msg === 'import klaar'), { ongewijzigd: 1 });
});

test('the STOP oracle passes through npm run import: ConsolidatieInformatie as time events, projected to the expected complete toestanden', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const oracle = join(projectRoot, '..', 'shared', 'data', 'stop-versiebeheer-simulator', 'rectificatie-besluit');
  const uit = await cli(db, [oracle]);
  t.is(uit.code, 0, uit.stderr);
  const regels = logs(uit.stdout).filter((l) => String(l.msg).startsWith('consolidatie-informatie'));
  t.deepEqual(regels.map((l) => l.regelingen), [{ '/akn/nl/act/gm9999/2020/REG0001': ['PubliceerBesluit'] }, { '/akn/nl/act/gm9999/2020/REG0001': ['Rectificeer'] }]);
  const { rows: ontvangen } = await db.pool.query(`SELECT type, recorded_at FROM es.events WHERE type IN ('BesluitGepubliceerd', 'BesluitGerectificeerd') ORDER BY global_position`);
  t.deepEqual(ontvangen.map((r) => [r.type, r.recorded_at.toISOString()]), [['BesluitGepubliceerd', '2020-01-21T09:03:00.000Z'], ['BesluitGerectificeerd', '2020-01-25T15:03:00.000Z']]);

  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  await new ProjectionRunner(db.pool, store, [omgevingsdocumenten], createLogger('silent'), { batchSize: 100 }).catchUp(omgevingsdocumenten);
  const { rows } = await db.pool.query(
    `SELECT to_char(bekend_op, 'YYYY-MM-DD') AS "BekendOp", to_char(ontvangen_op AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "OntvangenOp",
            to_char(juridisch_werkend_vanaf, 'YYYY-MM-DD') AS "JuridischWerkendVanaf", to_char(geldig_vanaf, 'YYYY-MM-DD') AS "GeldigVanaf", instrumentversie
       FROM rm.toestanden ORDER BY juridisch_werkend_vanaf DESC, geldig_vanaf DESC, ontvangen_op DESC, bekend_op DESC`,
  );
  const verwacht = JSON.parse(readFileSync(join(oracle, 'Test_CompleteToestanden_verwacht.json'), 'utf8'))['Testresultaat - CompleteToestanden']['/akn/nl/act/gm9999/2020/REG0001'] as {
    Toestanden: { BekendOp: string; OntvangenOp: string; JuridischWerkendVanaf: string; GeldigVanaf: string; Inhoud: number }[];
    ToestandInhoud: { Instrumentversie?: string; IsNietInWerking: boolean }[];
  };
  t.deepEqual(
    rows,
    verwacht.Toestanden.map((x) => ({ BekendOp: x.BekendOp, OntvangenOp: x.OntvangenOp, JuridischWerkendVanaf: x.JuridischWerkendVanaf, GeldigVanaf: x.GeldigVanaf, instrumentversie: verwacht.ToestandInhoud[x.Inhoud]!.Instrumentversie ?? null })),
  );

  const nogEens = await cli(db, [oracle]);
  t.is(nogEens.code, 0);
  t.is(logs(nogEens.stdout).find((l) => l.msg === 'import klaar')!.ongewijzigd, 2, 'the same deliveries again store nothing');
});

/** A ConsolidatieInformatie module as the LVBB passes it on. */
const consolidatieInformatie = (gemaaktOp: string, inhoud: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<ConsolidatieInformatie xmlns="https://standaarden.overheid.nl/stop/imop/data/">
  <gemaaktOp>${gemaaktOp}</gemaaktOp>
${inhoud}
</ConsolidatieInformatie>`;
const REG2 = '/akn/nl/act/gm9999/2024/REG0002';
const proces = (naam: string) => `/join/id/proces/gm9999/2024/${naam}`;
const beoogd = (versie: string, ...doelen: string[]) =>
  `<BeoogdeRegeling><doelen>${doelen.map((d) => `<doel>${proces(d)}</doel>`).join('')}</doelen><instrumentVersie>${REG2}/nld@${versie}</instrumentVersie><eId>art_I</eId></BeoogdeRegeling>`;
const tijdstempel = (doel: string, datum: string, soort = 'juridischWerkendVanaf') =>
  `<Tijdstempel><doel>${proces(doel)}</doel><soortTijdstempel>${soort}</soortTijdstempel><datum>${datum}</datum><eId>art_II</eId></Tijdstempel>`;

test('ConsolidatieInformatie with terugtrekkingen and a version for two doelen: time events, toestanden as STOP has them; again nothing; a bad one stores nothing', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const leveringen = [
    // The besluit, in force from 1 February, with its GIO.
    consolidatieInformatie('2024-01-10T09:00:00Z', `<BeoogdeRegelgeving>${beoogd('2024-01-10;1', 'Instelling')}
      <BeoogdInformatieobject><doelen><doel>${proces('Instelling')}</doel></doelen><instrumentVersie>/join/id/regdata/gm9999/2024/gio1/nld@2024-01-10;1</instrumentVersie><eId>art_I</eId></BeoogdInformatieobject>
    </BeoogdeRegelgeving><Tijdstempels>${tijdstempel('Instelling', '2024-02-01')}</Tijdstempels>`),
    // Its inwerkingtreding taken back: no regeling named, it is found by its doel.
    consolidatieInformatie('2024-03-05T09:00:00Z', `<Terugtrekkingen><TerugtrekkingTijdstempel><doel>${proces('Instelling')}</doel><soortTijdstempel>juridischWerkendVanaf</soortTijdstempel><eId>art_II</eId></TerugtrekkingTijdstempel></Terugtrekkingen>`),
    // One version for two besluiten, each with its own date; the first besluit gets a new date.
    consolidatieInformatie('2024-04-10T09:00:00Z', `<BeoogdeRegelgeving>${beoogd('2024-04-10;2', 'Wijziging', 'Reparatie')}</BeoogdeRegelgeving>
      <Tijdstempels>${tijdstempel('Wijziging', '2024-05-01')}${tijdstempel('Reparatie', '2024-06-01')}${tijdstempel('Instelling', '2024-04-15')}</Tijdstempels>`),
    // The Wijziging's part taken back (and its GIO, only counted).
    consolidatieInformatie('2024-05-20T09:00:00Z', `<Terugtrekkingen><TerugtrekkingRegeling><doel>${proces('Wijziging')}</doel><instrument>${REG2}</instrument><eId>art_I</eId></TerugtrekkingRegeling>
      <TerugtrekkingInformatieobject><doel>${proces('Wijziging')}</doel><instrument>/join/id/regdata/gm9999/2024/gio1</instrument><eId>art_I</eId></TerugtrekkingInformatieobject></Terugtrekkingen>`),
    // A rectificatie of the Reparatie's version: it builds on the version that doel shares.
    consolidatieInformatie('2024-06-20T09:00:00Z', `<BeoogdeRegelgeving>${beoogd('2024-04-10;2a', 'Reparatie')}</BeoogdeRegelgeving>`),
  ].map((xml) => leesConsolidatieInformatie(xml));
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  const zoek = regelingenMetDoelIn(store);
  // Each received at its gemaaktOp, as `npm run import` records them.
  const importeer = (levering: (typeof leveringen)[number], metZoeken = true) =>
    importeerConsolidatie(levering, new RegelingService(new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => new Date(levering.ontvangenOp) }), new PostgresInhoudsindex(db.pool)), { actor: 'beheerder:import' }, metZoeken ? zoek : undefined);
  const aantal = async () => (await db.pool.query('SELECT count(*)::int AS n FROM es.events')).rows[0].n as number;

  const zonderZoeken = await t.throwsAsync(importeer(leveringen[0]!).then(() => importeer(leveringen[1]!, false)), { instanceOf: RegelingFout });
  t.regex(zonderZoeken!.message, /TerugtrekkingTijdstempel voor \/join\/id\/proces\/gm9999\/2024\/Instelling: de levering noemt geen regeling/);
  const gedaan = [];
  for (const levering of leveringen.slice(1)) gedaan.push(await importeer(levering));
  t.deepEqual(gedaan.map((u) => u.regelingen[REG2]), [['TrekTijdstempelTerug'], ['PubliceerBesluit', 'BeoogVersieVoorDoel', 'StelInwerkingtredingVast'], ['TrekBeoogdeVersieTerug'], ['Rectificeer']]);
  t.is(gedaan[2]!.informatieobjecten, 1);

  // Again: nothing new is stored.
  const voor = await aantal();
  for (const levering of leveringen) t.deepEqual((await importeer(levering)).events, []);
  t.is(await aantal(), voor, 'the same deliveries again store nothing');

  // Bad deliveries: a clear reason, and nothing of them stored (not the good besluit beside the bad terugtrekking either).
  const slecht = async (xml: string, code: Foutcode, melding: RegExp) => {
    const fout = await t.throwsAsync(importeer(leesConsolidatieInformatie(xml)), { instanceOf: RegelingFout });
    t.is(fout!.code, code);
    t.regex(fout!.message, melding);
  };
  await slecht(
    consolidatieInformatie('2024-07-01T09:00:00Z', `<BeoogdeRegelgeving>${beoogd('2024-07-01;3', 'Nieuw')}</BeoogdeRegelgeving><Tijdstempels>${tijdstempel('Nieuw', '2024-08-01')}</Tijdstempels>
      <Terugtrekkingen><TerugtrekkingRegeling><doel>${proces('Onbekend')}</doel><instrument>${REG2}</instrument><eId>art_I</eId></TerugtrekkingRegeling></Terugtrekkingen>`),
    'onbekend',
    /Regeling \/akn\/nl\/act\/gm9999\/2024\/REG0002 heeft geen besluit met doel \/join\/id\/proces\/gm9999\/2024\/Onbekend/,
  );
  await slecht(
    consolidatieInformatie('2024-07-02T09:00:00Z', `<Terugtrekkingen><TerugtrekkingTijdstempel><doel>${proces('Onbekend')}</doel><soortTijdstempel>juridischWerkendVanaf</soortTijdstempel></TerugtrekkingTijdstempel></Terugtrekkingen>`),
    'onbekend',
    /TerugtrekkingTijdstempel voor \/join\/id\/proces\/gm9999\/2024\/Onbekend: geen regeling heeft een besluit met dat doel/,
  );
  await slecht(
    consolidatieInformatie('2024-07-03T09:00:00Z', `<Tijdstempels>${tijdstempel('Reparatie', '2024-09-01', 'geldigVanaf')}</Tijdstempels>
      <Terugtrekkingen><TerugtrekkingTijdstempel><doel>${proces('Reparatie')}</doel><soortTijdstempel>geldigVanaf</soortTijdstempel></TerugtrekkingTijdstempel></Terugtrekkingen>`),
    'ongeldige_invoer',
    /geldigVanaf van \/join\/id\/proces\/gm9999\/2024\/Reparatie wordt gegeven én teruggetrokken/,
  );
  t.is(await aantal(), voor, 'nothing of the bad deliveries is stored');

  // Projected one event per batch, each reading the regeling back from the tables.
  const projectie = omgevingsdocumentenProjectie({ maxStanden: 0 });
  await new ProjectionRunner(db.pool, store, [projectie], createLogger('silent'), { batchSize: 1 }).catchUp(projectie);
  const { rows: gebeurtenissen } = await db.pool.query(`SELECT type, split_part(doel, '/', 7) AS doel FROM rm.regeling_gebeurtenissen ORDER BY global_position`);
  t.deepEqual(gebeurtenissen.map((g) => `${g.type} ${g.doel}`), [
    'BesluitGepubliceerd Instelling', 'TijdstempelTeruggetrokken Instelling', 'BesluitGepubliceerd Wijziging', 'VersieVoorDoelBeoogd Reparatie',
    'InwerkingtredingVastgesteld Instelling', 'BeoogdeVersieTeruggetrokken Wijziging', 'BesluitGerectificeerd Reparatie',
  ]);
  const { rows: versies } = await db.pool.query(`SELECT split_part(instrumentversie, '@', 2) AS versie, soort, split_part(basisversie, '@', 2) AS basis FROM rm.regeling_versies ORDER BY volgnummer`);
  t.deepEqual(versies, [{ versie: '2024-01-10;1', soort: 'besluit', basis: null }, { versie: '2024-04-10;2', soort: 'besluit', basis: '2024-01-10;1' }, { versie: '2024-04-10;2a', soort: 'rectificatie', basis: '2024-04-10;2' }]);

  const versieOp = async (geldigOp: string, beschikbaarOp = '2030-01-01T00:00:00Z') => {
    const { rows } = await db.pool.query(
      `SELECT split_part(v.instrumentversie, '@', 2) AS versie FROM rm.regeling_versies v WHERE v.regeling_id = $1 AND v.volgnummer = rm.versie_op($1, $2::timestamptz, '2030-01-01', $3::date, $3::date)`,
      [REG2, beschikbaarOp, geldigOp],
    );
    return rows[0]?.versie ?? 'niet in werking';
  };
  t.is(await versieOp('2024-02-15', '2024-03-01T00:00:00Z'), '2024-01-10;1', 'in force, as known before the terugtrekking');
  t.is(await versieOp('2024-02-15', '2024-03-06T00:00:00Z'), 'niet in werking', 'its inwerkingtreding taken back, as known after');
  t.is(await versieOp('2024-02-15'), 'niet in werking');
  t.is(await versieOp('2024-04-20'), '2024-01-10;1', 'from its new date');
  t.is(await versieOp('2024-05-10', '2024-05-01T00:00:00Z'), '2024-04-10;2', 'the Wijziging, before it was taken back');
  t.is(await versieOp('2024-05-10'), '2024-01-10;1', 'the Wijziging taken back');
  t.is(await versieOp('2024-06-10', '2024-06-01T00:00:00Z'), '2024-04-10;2', 'the same version, brought by the Reparatie');
  t.is(await versieOp('2024-06-10'), '2024-04-10;2a', 'as rectified');

  // The projection's toestanden are those of the STOP deliveries themselves in the time model.
  const { rows: toestanden } = await db.pool.query(
    `SELECT to_char(bekend_op, 'YYYY-MM-DD') AS bekend, to_char(ontvangen_op AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS ontvangen, to_char(juridisch_werkend_vanaf, 'YYYY-MM-DD') AS werkend,
            to_char(geldig_vanaf, 'YYYY-MM-DD') AS geldig, instrumentversie FROM rm.toestanden ORDER BY 1, 2, 3, 4`,
  );
  const stop = completeToestanden(leveringen).get(REG2)!.map((x) => ({
    bekend: x.bekendOp,
    ontvangen: x.ontvangenOp.slice(0, 10),
    werkend: x.juridischWerkendVanaf,
    geldig: x.geldigVanaf,
    instrumentversie: 'instrumentversie' in x.inhoud ? x.inhoud.instrumentversie : null,
  }));
  t.deepEqual(toestanden, stop.sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b)))));
  t.true(toestanden.length >= 6);
});

test('gemaaktOpBasisVan gives a besluit its basisversie; one that names an unknown doel (the complex-voorbeeld alone) is refused and stores nothing', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const importeer = (xml: string) => {
    const levering = leesConsolidatieInformatie(xml);
    return importeerConsolidatie(levering, new RegelingService(new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => new Date(levering.ontvangenOp) }), new PostgresInhoudsindex(db.pool)), { actor: 'beheerder:import' });
  };
  const metBasis = (versie: string, doel: string, basisDoel: string, gemaaktOp: string) =>
    `<BeoogdeRegeling><doelen><doel>${proces(doel)}</doel></doelen><instrumentVersie>${REG2}/nld@${versie}</instrumentVersie><eId>art_I</eId>
      <gemaaktOpBasisVan><Basisversie><doel>${proces(basisDoel)}</doel><gemaaktOp>${gemaaktOp}</gemaaktOp></Basisversie></gemaaktOpBasisVan></BeoogdeRegeling>`;
  await importeer(consolidatieInformatie('2024-01-10T09:00:00Z', `<BeoogdeRegelgeving>${beoogd('2024-01-10;1', 'Instelling')}</BeoogdeRegelgeving><Tijdstempels>${tijdstempel('Instelling', '2024-02-01')}</Tijdstempels>`));
  await importeer(consolidatieInformatie('2024-03-01T09:00:00Z', `<BeoogdeRegelgeving>${metBasis('2024-03-01;2', 'WijzigingA', 'Instelling', '2024-01-10T09:00:00Z')}</BeoogdeRegelgeving><Tijdstempels>${tijdstempel('WijzigingA', '2024-04-01')}</Tijdstempels>`));
  // Made on the Instelling, not on WijzigingA (the last version): a branch, as STOP allows.
  await importeer(consolidatieInformatie('2024-03-05T09:00:00Z', `<BeoogdeRegelgeving>${metBasis('2024-03-05;3', 'WijzigingB', 'Instelling', '2024-01-10T09:00:00Z')}</BeoogdeRegelgeving><Tijdstempels>${tijdstempel('WijzigingB', '2025-01-01')}</Tijdstempels>`));
  const { rows } = await db.pool.query(`SELECT data->>'doel' AS doel, data->>'basisversie' AS basis FROM es.events WHERE type = 'BesluitGepubliceerd' ORDER BY global_position`);
  t.deepEqual(rows.map((r) => [r.doel.split('/').at(-1), r.basis?.split('@')[1] ?? null]), [['Instelling', null], ['WijzigingA', '2024-01-10;1'], ['WijzigingB', '2024-01-10;1']]);

  const voor = (await db.pool.query('SELECT count(*)::int AS n FROM es.events')).rows[0].n;
  const complex = readFileSync(join(projectRoot, '..', 'shared', 'data', 'stop-versiebeheer-simulator', 'complex-voorbeeld', '50 Wijziging met terugwerkende kracht.xml'), 'utf8');
  const fout = await t.throwsAsync(importeer(complex), { instanceOf: RegelingFout });
  t.is(fout!.code, 'onbekend');
  t.regex(fout!.message, /gemaaktOpBasisVan noemt doel \/join\/id\/proces\/gm9999\/2022\/Wijziging4 .*geen versie voor dat doel/);
  t.is((await db.pool.query('SELECT count(*)::int AS n FROM es.events')).rows[0].n, voor, 'nothing stored');
});
