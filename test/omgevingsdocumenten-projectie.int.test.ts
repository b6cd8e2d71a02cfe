import test from 'ava';
import { RegelingService } from '../application/omgevingsdocumenten/regeling-service.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { omgevingsdocumenten } from '../projections/omgevingsdocumenten.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { createTestDatabase } from './support/database.ts';
import { UTRECHT, utrechtVaststelling } from './support/regelingen.ts';

async function setup() {
  const db = await createTestDatabase();
  let now = new Date('2024-01-10T09:00:00Z');
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => now });
  const service = new RegelingService(store);
  const runner = new ProjectionRunner(db.pool, store, [omgevingsdocumenten], createLogger('silent'), { batchSize: 50 });
  return { db, service, runner, at: (iso: string) => (now = new Date(iso)) };
}

const door = (commandId: string) => ({ bevoegdGezag: 'gm0344', actor: 'gm0344:test', commandId });

/** The regels at an RD point on the four axes, as the API will ask it. */
const regelsOp = (x: number, y: number, reis: { beschikbaarOp: string; bekendOp: string; geldigOp: string; inWerkingOp: string }) => `
  SELECT DISTINCT j.identificatie, t.instrumentversie
    FROM rm.toestanden t
    JOIN rm.locaties l ON l.instrumentversie = t.instrumentversie
    JOIN rm.regel_locaties rl ON rl.instrumentversie = l.instrumentversie AND rl.locatie = l.identificatie
    JOIN rm.juridische_regels j ON j.instrumentversie = rl.instrumentversie AND j.identificatie = rl.regel
   WHERE t.beschikbaar @> '${reis.beschikbaarOp}'::timestamptz AND t.bekend @> '${reis.bekendOp}'::date
     AND t.werkend @> '${reis.inWerkingOp}'::date AND t.geldig @> '${reis.geldigOp}'::date
     AND ST_Intersects(l.geom, ST_SetSRID(ST_Point(${x}, ${y}), 28992))
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
  const { rows: ws } = await db.pool.query(`SELECT regel, locatie FROM rm.regel_locaties WHERE instrumentversie = $1 ORDER BY 1, 2`, [`${UTRECHT}/nld@2024-01-10;1`]);
  t.deepEqual(ws.map((r) => `${r.regel.split('.').at(-1)}:${r.locatie.split('.').at(-1)}`), ['art1:centrum', 'art1:park', 'art2:park']);

  const dump = async () => {
    const tables = ['regelingen', 'regeling_versies', 'regeling_gebeurtenissen', 'leveringen', 'toestanden', 'ontwerpen', 'regelteksten', 'juridische_regels', 'locaties', 'activiteiten', 'gebiedsaanwijzingen', 'normen', 'regel_locaties'];
    const out: Record<string, unknown[]> = {};
    for (const table of tables) out[table] = (await db.pool.query(`SELECT * FROM rm.${table} AS r ORDER BY r::text`)).rows;
    return out;
  };
  const before = await dump();
  t.true(before.locaties!.length === 6 && before.toestanden!.length > 0);
  await runner.rebuild(omgevingsdocumenten);
  t.deepEqual(await dump(), before);
});
