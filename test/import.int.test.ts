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
