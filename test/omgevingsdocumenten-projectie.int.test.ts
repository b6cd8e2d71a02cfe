import test from 'ava';
import { Migrator } from 'kysely';
import { PostgresInhoudsindex } from '../infrastructure/omgevingsdocumenten/postgres-inhoudsindex.ts';
import { RegelingService } from '../application/omgevingsdocumenten/regeling-service.ts';
import { createKysely, createPool, migrateToLatest } from '../infrastructure/database/database.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { regelsOpLocatie } from '../infrastructure/omgevingsdocumenten/queries.ts';
import { omgevingsdocumenten } from '../projections/omgevingsdocumenten.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { migrations } from '../migrations/index.ts';
import { createEmptyDatabase, createTestDatabase } from './support/database.ts';
import { UTRECHT, utrechtInhoud, utrechtVaststelling } from './support/regelingen.ts';

async function setup() {
  const db = await createTestDatabase();
  let now = new Date('2024-01-10T09:00:00Z');
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => now });
  const service = new RegelingService(store, new PostgresInhoudsindex(db.pool));
  const runner = new ProjectionRunner(db.pool, store, [omgevingsdocumenten], createLogger('silent'), { batchSize: 50 });
  return { db, service, runner, at: (iso: string) => (now = new Date(iso)) };
}

const door = (commandId: string) => ({ bevoegdGezag: 'gm0344', actor: 'gm0344:test', commandId });

/** The regels at an RD point on the four axes: the version in force, then regels whose werkingsgebied holds the point. */
const regelsOp = (x: number, y: number, reis: { beschikbaarOp: string; bekendOp: string; geldigOp: string; inWerkingOp: string }) => `
  SELECT j.identificatie, v.instrumentversie
    FROM rm.regelingen r
    JOIN rm.regeling_versies v ON v.regeling_id = r.regeling_id
     AND v.volgnummer = rm.versie_op(r.regeling_id, '${reis.beschikbaarOp}', '${reis.bekendOp}', '${reis.inWerkingOp}', '${reis.geldigOp}')
    JOIN rm.juridische_regels j ON j.regeling_id = r.regeling_id AND j.versies @> v.volgnummer
   WHERE ST_Intersects(rm.werkingsgebied(r.regeling_id, v.volgnummer, j.locaties), ST_SetSRID(ST_Point(${x}, ${y}), 28992))
   ORDER BY 1`;

test('a published, rectified and changed regeling is found at a point on each of the four axes, and a rebuild gives the same tables', async (t) => {
  const { db, service, runner, at } = await setup();
  t.teardown(db.drop);
  await service.handel(UTRECHT, utrechtVaststelling(), door('c1'));
  at('2024-01-25T09:00:00Z');
  await service.handel(
    UTRECHT,
    { type: 'Rectificeer', data: { doel: '/join/id/proces/gm0344/2024/instelling', instrumentversie: `${UTRECHT}/nld@2024-01-10;1a`, bekendOp: '2024-01-25', juridischWerkendVanaf: '2024-02-15', mutatie: { verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art2'] } } } },
    door('c2'),
  );
  await runner.catchUp(omgevingsdocumenten);

  const nu = { beschikbaarOp: '2026-01-01T00:00:00Z', bekendOp: '2026-01-01', inWerkingOp: '2026-01-01' };
  const ids = async (sql: string) => (await db.pool.query(sql)).rows.map((r) => `${r.identificatie} @ ${r.instrumentversie.split('@')[1]}`);
  // The park lies in both art 1 (via the groep) and art 2; the rectificatie removed art 2.
  t.deepEqual(await ids(regelsOp(138100, 456100, { ...nu, geldigOp: '2024-03-01' })), ['nl.imow-gm0344.juridischeregel.art1 @ 2024-01-10;1a']);
  t.deepEqual(await ids(regelsOp(138100, 456100, { ...nu, geldigOp: '2024-02-05' })), [], 'not in force between 1 and 15 February, as rectified');
  const voorRectificatie = { ...nu, beschikbaarOp: '2024-01-20T00:00:00Z', geldigOp: '2024-02-05' };
  t.deepEqual(await ids(regelsOp(138100, 456100, voorRectificatie)), ['nl.imow-gm0344.juridischeregel.art1 @ 2024-01-10;1', 'nl.imow-gm0344.juridischeregel.art2 @ 2024-01-10;1']);
  t.deepEqual(await ids(regelsOp(138100, 456100, { ...nu, bekendOp: '2024-01-24', geldigOp: '2024-02-05' })), ['nl.imow-gm0344.juridischeregel.art1 @ 2024-01-10;1', 'nl.imow-gm0344.juridischeregel.art2 @ 2024-01-10;1']);
  t.deepEqual(await ids(regelsOp(120000, 480000, { ...nu, geldigOp: '2024-03-01' })), [], 'nothing outside the areas');

  const { rows: regeling } = await db.pool.query('SELECT bevoegd_gezag, bestuurslaag, documenttype, citeertitel FROM rm.regelingen');
  t.deepEqual(regeling, [{ bevoegd_gezag: 'gm0344', bestuurslaag: 'gemeente', documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan gemeente Utrecht' }]);
  // Version 1a is built on 1, the last version: it shares every row the rectificatie left alone.
  const { rows: versies } = await db.pool.query(`SELECT instrumentversie, volgnummer FROM rm.regeling_versies ORDER BY volgnummer`);
  t.deepEqual(versies.map((v) => [v.instrumentversie.split('@')[1], v.volgnummer]), [['2024-01-10;1', 1], ['2024-01-10;1a', 2]]);
  const { rows: regels } = await db.pool.query(`SELECT identificatie, versies::text AS versies FROM rm.juridische_regels ORDER BY 1`);
  t.deepEqual(regels.map((r) => [r.identificatie.split('.').at(-1), r.versies]), [['art1', '[1,)'], ['art2', '[1,2)']]);
  const { rows: locaties } = await db.pool.query(`SELECT count(*)::int AS n FROM rm.locaties`);
  t.is(locaties[0].n, 3, 'unchanged locaties are stored once for both versions');

  const dump = async () => {
    const tables = ['regelingen', 'regeling_versies', 'regeling_gebeurtenissen', 'leveringen', 'toestanden', 'ontwerpen', 'regelteksten', 'juridische_regels', 'regel_locaties', 'locaties', 'groep_elementen', 'activiteiten', 'gebiedsaanwijzingen', 'normen'];
    const out: Record<string, unknown[]> = {};
    for (const table of tables) out[table] = (await db.pool.query(`SELECT * FROM rm.${table} AS r ORDER BY r::text`)).rows;
    return out;
  };
  const before = await dump();
  t.true(before.locaties!.length === 3 && before.toestanden!.length === 3);
  await runner.rebuild(omgevingsdocumenten);
  t.deepEqual(await dump(), before);
});

test('a version built on an older one than the last (a besluit after its ontwerp) branches: each version keeps its own content', async (t) => {
  const { db, service, runner, at } = await setup();
  t.teardown(db.drop);
  await service.handel(UTRECHT, utrechtVaststelling(), door('v1'));
  at('2024-03-01T09:00:00Z');
  const artikel1 = (tekst: string) => ({ plaats: { regelteksten: [{ wId: 'gm0344_1__art_1', soort: 'artikel' as const, nummer: '1', tekst }] } });
  await service.handel(
    UTRECHT,
    { type: 'PubliceerOntwerp', data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan gemeente Utrecht', doel: 'w1', instrumentversie: `${UTRECHT}/nld@2024-03-01;o2`, bekendOp: '2024-03-01', terInzage: { van: '2024-03-02', tot: '2024-04-12' }, mutatie: artikel1('Ontwerptekst') } },
    door('o2'),
  );
  at('2024-05-01T09:00:00Z');
  await service.handel(
    UTRECHT,
    { type: 'PubliceerBesluit', data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan gemeente Utrecht', doel: 'w1', instrumentversie: `${UTRECHT}/nld@2024-05-01;2`, basisversie: `${UTRECHT}/nld@2024-01-10;1`, bekendOp: '2024-05-01', juridischWerkendVanaf: '2024-06-01', mutatie: artikel1('Vastgestelde tekst') } },
    door('v2'),
  );
  await runner.catchUp(omgevingsdocumenten);
  const tekstIn = async (versie: string) =>
    (await db.pool.query(
      `SELECT t.tekst FROM rm.regelteksten t JOIN rm.regeling_versies v ON v.regeling_id = t.regeling_id AND t.versies @> v.volgnummer
        WHERE v.instrumentversie = $1 AND t.wid = 'gm0344_1__art_1'`,
      [`${UTRECHT}/nld@${versie}`],
    )).rows.map((r) => r.tekst);
  t.deepEqual(await tekstIn('2024-01-10;1'), ['Het is verboden zonder omgevingsvergunning een dakkapel te plaatsen.']);
  t.deepEqual(await tekstIn('2024-03-01;o2'), ['Ontwerptekst']);
  t.deepEqual(await tekstIn('2024-05-01;2'), ['Vastgestelde tekst']);
  const aantal = async (versie: string) =>
    Number((await db.pool.query(
      `SELECT count(*) AS n FROM rm.locaties l JOIN rm.regeling_versies v ON v.regeling_id = l.regeling_id AND l.versies @> v.volgnummer WHERE v.instrumentversie = $1`,
      [`${UTRECHT}/nld@${versie}`],
    )).rows[0].n);
  t.deepEqual([await aantal('2024-01-10;1'), await aantal('2024-03-01;o2'), await aantal('2024-05-01;2')], [3, 3, 3]);
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM rm.ontwerpen WHERE NOT upper_inf(beschikbaar)`);
  t.is(rows[0].n, 1, 'the ontwerp stopped standing when its doel was vastgesteld');
});

test('an ontwerp ended at a recorded time before it was received (a clock set back) never stood, in one batch and across two', async (t) => {
  for (const samen of [true, false]) {
    const { db, service, runner, at } = await setup();
    t.teardown(db.drop);
    await service.handel(UTRECHT, utrechtVaststelling(), door('v1'));
    at('2024-03-01T10:00:00Z');
    await service.handel(
      UTRECHT,
      { type: 'PubliceerOntwerp', data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan gemeente Utrecht', doel: 'w1', instrumentversie: `${UTRECHT}/nld@2024-03-01;o2`, bekendOp: '2024-03-01', terInzage: { van: '2024-03-02', tot: '2024-04-12' }, mutatie: { plaats: { regelteksten: [{ wId: 'gm0344_1__art_1', soort: 'artikel', nummer: '1', tekst: 'Ontwerptekst' }] } } } },
      door('o2'),
    );
    if (!samen) await runner.catchUp(omgevingsdocumenten);
    at('2024-03-01T09:00:00Z'); // the clock was set back an hour
    await service.handel(
      UTRECHT,
      { type: 'PubliceerBesluit', data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan gemeente Utrecht', doel: 'w1', instrumentversie: `${UTRECHT}/nld@2024-03-01;2`, bekendOp: '2024-03-01', juridischWerkendVanaf: '2024-04-01', mutatie: { plaats: { regelteksten: [{ wId: 'gm0344_1__art_1', soort: 'artikel', nummer: '1', tekst: 'Vastgesteld' }] } } } },
      door('v2'),
    );
    await runner.catchUp(omgevingsdocumenten);
    const { rows } = await db.pool.query(`SELECT isempty(beschikbaar) AS leeg FROM rm.ontwerpen`);
    t.deepEqual(rows, [{ leeg: true }], samen ? 'in one batch' : 'across two batches');
    const { rows: versies } = await db.pool.query(`SELECT count(*)::int AS n FROM rm.regeling_versies`);
    t.is(versies[0].n, 3, 'the besluit after it was applied');
  }
});

test('lookup indexes keep no pending list, and locaties are stored uncompressed (migration 0005)', async (t) => {
  const { db, service, runner } = await setup();
  t.teardown(db.drop);
  // A circle of 400 vertices (about 6 KB): large enough that PostgreSQL would compress it.
  const cirkel = { type: 'Polygon' as const, coordinates: [Array.from({ length: 401 }, (_, i) => [137000 + 800 * Math.cos((i % 400) * Math.PI / 200), 455500 + 800 * Math.sin((i % 400) * Math.PI / 200)])] };
  const mutatie = { ...utrechtInhoud, plaats: { ...utrechtInhoud.plaats, locaties: [...utrechtInhoud.plaats!.locaties!, { identificatie: 'nl.imow-gm0344.gebied.rond', type: 'Gebied', noemer: 'Rond', geometrie: cirkel }] } };
  await service.handel(UTRECHT, utrechtVaststelling({ mutatie } as never), door('c1'));
  await runner.catchUp(omgevingsdocumenten);
  const { rows: indexen } = await db.pool.query(
    `SELECT relname, reloptions FROM pg_class WHERE relname IN ('locaties_groepselementen_idx', 'juridische_regels_locaties_idx') ORDER BY relname`,
  );
  // Both GIN indexes gave way to btrees on rm.regel_locaties (migration 0006) and rm.groep_elementen (0008).
  t.deepEqual(indexen, []);
  const { rows: locaties } = await db.pool.query(
    `SELECT count(*)::int AS n, count(pg_column_compression(geom))::int AS gecomprimeerd, count(pg_column_compression(geom_3857))::int AS gecomprimeerd_3857
       FROM rm.locaties WHERE geom IS NOT NULL`,
  );
  t.is(locaties[0].n, 3);
  t.like(locaties[0], { gecomprimeerd: 0, gecomprimeerd_3857: 0 });
  const { rows: rond } = await db.pool.query(`SELECT pg_column_size(geom) AS bytes FROM rm.locaties WHERE identificatie = 'nl.imow-gm0344.gebied.rond'`);
  t.true(rond[0].bytes > 6000, 'stored as it is, not compressed');
});

test('migrations 0006 and 0008 link the juridische regels and groepen already projected to each locatie they name or hold', async (t) => {
  const db = await createEmptyDatabase();
  t.teardown(db.drop);
  const kysely = createKysely(db.pool);
  const tot0005 = await new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } }).migrateTo('0005_opzoeken_zonder_wachtlijst');
  t.is(tot0005.error, undefined);
  await db.pool.query(
    `INSERT INTO rm.juridische_regels (regeling_id, versies, identificatie, type, regeltekst, locaties, activiteiten, gebiedsaanwijzingen, normen, themas)
     VALUES ('r1', '[1,3)', 'regel.a', 'RegelVoorIedereen', 'art_1', '{loc.1,loc.2}', '[]', '{}', '{}', '{}'),
            ('r1', '[3,)', 'regel.a', 'RegelVoorIedereen', 'art_1', '{loc.2}', '[]', '{}', '{}', '{}')`,
  );
  await db.pool.query(
    `INSERT INTO rm.locaties (regeling_id, versies, identificatie, type, groepselementen)
     VALUES ('r1', '[2,)', 'groep.g', 'Gebiedengroep', '{loc.1,loc.2}'), ('r1', '[1,)', 'loc.1', 'Gebied', NULL)`,
  );
  await migrateToLatest(db.pool);
  const { rows } = await db.pool.query(`SELECT regeling_id, locatie, regel, van FROM rm.regel_locaties ORDER BY van, locatie`);
  t.deepEqual(rows, [
    { regeling_id: 'r1', locatie: 'loc.1', regel: 'regel.a', van: 1 },
    { regeling_id: 'r1', locatie: 'loc.2', regel: 'regel.a', van: 1 },
    { regeling_id: 'r1', locatie: 'loc.2', regel: 'regel.a', van: 3 },
  ]);
  const { rows: groepen } = await db.pool.query(`SELECT regeling_id, element, groep, van FROM rm.groep_elementen ORDER BY element`);
  t.deepEqual(groepen, [
    { regeling_id: 'r1', element: 'loc.1', groep: 'groep.g', van: 2 },
    { regeling_id: 'r1', element: 'loc.2', groep: 'groep.g', van: 2 },
  ]);
});

test('a rebuild drops the query indexes and pauses autovacuum, and at the end builds them once and resumes it, also after it was interrupted', async (t) => {
  const { db, service, runner } = await setup();
  t.teardown(db.drop);
  await service.handel(UTRECHT, utrechtVaststelling(), door('i1'));
  const indexen = async () =>
    (await db.pool.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'rm' ORDER BY indexname`)).rows as { indexname: string; indexdef: string }[];
  const autovacuumUit = async () =>
    (await db.pool.query(`SELECT 'rm.' || relname AS t FROM pg_class WHERE relnamespace = 'rm'::regnamespace AND 'autovacuum_enabled=false' = ANY (reloptions) ORDER BY 1`)).rows.map((r) => r.t as string);
  const voor = await indexen();
  t.true(omgevingsdocumenten.queryIndexes!.every((q) => voor.some((i) => `rm.${i.indexname}` === q)), 'every query index exists to begin with');

  await runner.rebuild(omgevingsdocumenten);
  t.deepEqual(await indexen(), voor, 'the same indexes, with the same definitions, after a rebuild');
  t.is((await db.pool.query('SELECT * FROM rm.na_herbouw')).rowCount, 0);
  t.deepEqual(await autovacuumUit(), [], 'autovacuum is back on every table');

  // Interrupted after the first batch: the query indexes are gone, their definitions kept.
  const klein = new ProjectionRunner(db.pool, new PostgresEventStore(db.pool, { databaseUrl: db.url }), [omgevingsdocumenten], createLogger('silent'), { batchSize: 1 });
  await t.throwsAsync(
    klein.rebuild(omgevingsdocumenten, () => {
      throw new Error('onderbroken');
    }),
    { message: 'onderbroken' },
  );
  const tussen = await indexen();
  t.false(tussen.some((i) => omgevingsdocumenten.queryIndexes!.includes(`rm.${i.indexname}`)));
  t.is((await db.pool.query('SELECT * FROM rm.na_herbouw WHERE stap = 1')).rowCount, omgevingsdocumenten.queryIndexes!.length);
  t.deepEqual(await autovacuumUit(), [...omgevingsdocumenten.tables!].sort(), 'autovacuum paused on the tables being filled');
  // A second rebuild keeps the kept definitions (the indexes no longer exist to read them from).
  await t.throwsAsync(klein.rebuild(omgevingsdocumenten, () => { throw new Error('weer'); }));
  // The runner's start builds what was left, and the follower catches up.
  klein.start();
  t.teardown(() => klein.stop());
  for (let i = 0; i < 100 && (await db.pool.query('SELECT * FROM rm.na_herbouw')).rowCount! > 0; i++) await new Promise((r) => setTimeout(r, 50));
  t.deepEqual(await indexen(), voor);
  t.deepEqual(await autovacuumUit(), []);
});

test('regels op de locatie is planned once per connection, for every location and date', async (t) => {
  const { db, service, runner } = await setup();
  t.teardown(db.drop);
  await service.handel(UTRECHT, utrechtVaststelling(), door('p1'));
  await runner.catchUp(omgevingsdocumenten);
  const pool = createPool(db.url, 1);
  t.teardown(() => pool.end());
  const vraag = (x: number, geldigOp: string) =>
    regelsOpLocatie(pool, {
      geometrieRd: JSON.stringify({ type: 'Point', coordinates: [x, 455500] }),
      tijd: { geldigOp, inWerkingOp: geldigOp, bekendOp: geldigOp, beschikbaarOp: new Date().toISOString() },
      inclusiefOntwerp: false,
      filters: {},
      page: 1,
      size: 20,
    });
  // Inside the centrum after the regeling took effect, before it, and outside every locatie.
  t.is((await vraag(136500, '2024-03-01')).totaal, 1);
  t.is((await vraag(136500, '2024-01-01')).totaal, 0);
  t.is((await vraag(100000, '2024-03-01')).totaal, 0);
  const { rows } = await pool.query(`SELECT generic_plans::int AS generiek, custom_plans::int AS per_keer FROM pg_prepared_statements WHERE name = 'regels-op-locatie'`);
  t.deepEqual(rows, [{ generiek: 3, per_keer: 0 }]);
});
