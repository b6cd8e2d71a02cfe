import test from 'ava';
import type pg from 'pg';
import { AmbtsgebiedService } from '../application/bestuursgrenzen/ambtsgebied-service.ts';
import { AmbtsgebiedFout, type Vlakgeometrie } from '../domain/bestuursgrenzen/ambtsgebied.ts';
import { leesBestuursgrenzen } from '../infrastructure/demo/demo.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { ambtsgebieden } from '../projections/ambtsgebieden.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { createTestDatabase } from './support/database.ts';

async function setup() {
  const db = await createTestDatabase();
  // Until migrations/index.ts lists 0004, the template lacks the table; the migration is idempotent.
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  const runner = new ProjectionRunner(db.pool, store, [ambtsgebieden], createLogger('silent'), { batchSize: 100 });
  return { db, store, runner, service: new AmbtsgebiedService(store) };
}

/**
 * Applies every stored event. One catch-up can stop early: the store's read horizon waits for
 * transactions it cannot place, such as those of tests running in other databases of the cluster.
 */
async function bijwerken(runner: ProjectionRunner, pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ laatste: bigint | null }>('SELECT max(global_position) AS laatste FROM es.events');
  const laatste = rows[0]!.laatste ?? 0n;
  while ((await runner.checkpoint(ambtsgebieden)).globalPosition < laatste) {
    await runner.catchUp(ambtsgebieden);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const door = (commandId: string) => ({ actor: 'system:test', commandId });
const DOMTOREN = 'ST_SetSRID(ST_MakePoint(136950, 455900), 28992)';

test('gemeente and provincie Utrecht from the shipped data contain the Domtoren', async (t) => {
  const { db, store, runner, service } = await setup();
  t.teardown(db.drop);
  const { grenzen } = await leesBestuursgrenzen(db.pool);
  for (const code of ['gm0344', 'pv26', 'gm0363']) {
    const { events, nieuw } = await service.handel({ type: 'StelAmbtsgebiedVast', data: grenzen.find((g) => g.code === code)! }, door(`test:${code}`));
    t.true(nieuw);
    t.deepEqual(events.map((e) => e.type), ['AmbtsgebiedVastgesteld']);
  }
  await bijwerken(runner, db.pool);

  const { rows } = await db.pool.query(
    `SELECT code, naam, bestuurslaag, ST_Contains(geom, ${DOMTOREN}) AS domtoren,
            ST_Contains(geom_3857, ST_Transform(${DOMTOREN}, 3857)) AS domtoren_3857,
            ST_SRID(geom) AS srid, ST_SRID(geom_3857) AS srid_3857, ST_IsValid(geom) AS geldig
       FROM rm.ambtsgebieden ORDER BY code`,
  );
  t.deepEqual(rows, [
    { code: 'gm0344', naam: 'Gemeente Utrecht', bestuurslaag: 'gemeente', domtoren: true, domtoren_3857: true, srid: 28992, srid_3857: 3857, geldig: true },
    { code: 'gm0363', naam: 'Gemeente Amsterdam', bestuurslaag: 'gemeente', domtoren: false, domtoren_3857: false, srid: 28992, srid_3857: 3857, geldig: true },
    { code: 'pv26', naam: 'Provincie Utrecht', bestuurslaag: 'provincie', domtoren: true, domtoren_3857: true, srid: 28992, srid_3857: 3857, geldig: true },
  ]);
  // One index scan answers "whose ambtsgebied is this point in".
  const bij = await db.pool.query(`SELECT code FROM rm.ambtsgebieden WHERE ST_Intersects(geom, ${DOMTOREN}) ORDER BY code`);
  t.deepEqual(bij.rows.map((r) => r.code), ['gm0344', 'pv26']);
  t.is((await store.readAll()).length, 3);
});

test('the same command or the same boundary again stores nothing; a new boundary replaces the row', async (t) => {
  const { db, store, runner, service } = await setup();
  t.teardown(db.drop);
  const vierkant = (x: number): Vlakgeometrie => ({ type: 'Polygon', coordinates: [[[x, 450000], [x + 1000, 450000], [x + 1000, 451000], [x, 451000], [x, 450000]]] });
  const stel = (x: number) => ({ type: 'StelAmbtsgebiedVast' as const, data: { code: 'gm9999', naam: 'Proefgemeente', geometrie: vierkant(x), bron: 'test' } });

  const eerste = await service.handel(stel(130000), door('c1'));
  const opnieuw = await service.handel(stel(130000), door('c1'));
  t.true(eerste.nieuw);
  t.false(opnieuw.nieuw);
  t.deepEqual(opnieuw.events.map((e) => e.eventId), eerste.events.map((e) => e.eventId));
  t.deepEqual(await service.handel(stel(130000), door('c2')), { events: [], nieuw: false });
  t.true((await service.handel(stel(140000), door('c3'))).nieuw);
  t.is((await store.readAll()).length, 2);

  await bijwerken(runner, db.pool);
  const oppervlak = async () => (await db.pool.query(`SELECT ST_XMin(geom) AS x, ST_Area(geom) AS a FROM rm.ambtsgebieden`)).rows;
  t.deepEqual(await oppervlak(), [{ x: 140000, a: 1_000_000 }]);
  await runner.rebuild(ambtsgebieden);
  await bijwerken(runner, db.pool);
  t.deepEqual(await oppervlak(), [{ x: 140000, a: 1_000_000 }]);
});

test('a self-intersecting ring is repaired into a valid MultiPolygon by the projection', async (t) => {
  const { db, runner, service } = await setup();
  t.teardown(db.drop);
  // A bow-tie: structurally sound (closed, in RD), but it crosses itself.
  const strik: Vlakgeometrie = { type: 'Polygon', coordinates: [[[130000, 450000], [131000, 451000], [131000, 450000], [130000, 451000], [130000, 450000]]] };
  await service.handel({ type: 'StelAmbtsgebiedVast', data: { code: 'gm9998', naam: 'Strik', geometrie: strik, bron: 'test' } }, door('strik'));
  await bijwerken(runner, db.pool);
  const { rows } = await db.pool.query(`SELECT GeometryType(geom) AS t, ST_NumGeometries(geom) AS n, ST_IsValid(geom) AS geldig, round(ST_Area(geom)) AS a FROM rm.ambtsgebieden`);
  t.deepEqual(rows, [{ t: 'MULTIPOLYGON', n: 2, geldig: true, a: 500000 }]);
});

test('bad input is refused before anything is stored', async (t) => {
  const { db, store, service } = await setup();
  t.teardown(db.drop);
  const wgs84: Vlakgeometrie = { type: 'Polygon', coordinates: [[[5.1, 52.0], [5.2, 52.0], [5.2, 52.1], [5.1, 52.0]]] };
  await t.throwsAsync(service.handel({ type: 'StelAmbtsgebiedVast', data: { code: 'gm0344', naam: 'Utrecht', geometrie: wgs84, bron: 'test' } }, door('x1')), {
    instanceOf: AmbtsgebiedFout,
    message: /WGS84/,
  });
  await t.throwsAsync(service.handel({ type: 'StelAmbtsgebiedVast', data: { code: '../gm0344', naam: 'Utrecht', geometrie: wgs84, bron: 'test' } }, door('x2')), {
    instanceOf: AmbtsgebiedFout,
    message: /geen code van een bevoegd gezag/,
  });
  t.deepEqual(await store.readAll(), []);
});
