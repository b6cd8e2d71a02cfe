import test from 'ava';
import { laadDemo } from '../infrastructure/demo/demo.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { ambtsgebieden } from '../projections/ambtsgebieden.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { createTestDatabase } from './support/database.ts';

test('the demo loads every ambtsgebied and regeling, and a second run stores nothing', async (t) => {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  const aantalEvents = async () => (await db.pool.query<{ n: bigint }>('SELECT count(*) AS n FROM es.events')).rows[0]!.n;

  let begin = Date.now();
  const storeOp = (moment: Date) => new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => moment });
  const geladen = await laadDemo({ pool: db.pool, store, storeOp, log: createLogger('silent') });
  t.log(`eerste keer: ${Date.now() - begin} ms, ${await aantalEvents()} events`);
  t.deepEqual(geladen, { regelingen: 22, ambtsgebieden: 343 + 12 + 3, bestemmingsplannen: 1 });

  const voor = await aantalEvents();
  begin = Date.now();
  t.deepEqual(await laadDemo({ pool: db.pool, store, storeOp }), geladen);

  // Each step was received on its publication date, so beschikbaarOp shows history as it happened.
  const { rows: ontvangen } = await db.pool.query<{ type: string; bekend: string; ontvangen: string }>(
    `SELECT type, data->>'bekendOp' AS bekend, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS ontvangen
       FROM es.events WHERE stream_id = 'regeling-/akn/nl/act/gm0344/2024/omgevingsplan' AND data ? 'bekendOp' ORDER BY global_position`,
  );
  t.true(ontvangen.length >= 4);
  for (const r of ontvangen) t.is(r.ontvangen, `${r.bekend}T09:00`, r.type);
  t.log(`tweede keer: ${Date.now() - begin} ms`);
  t.is(await aantalEvents(), voor);

  // Streams per bestuurslaag, and every regeling has a vastgesteld besluit.
  const { rows: streams } = await db.pool.query<{ stream_id: string; besluiten: bigint }>(
    `SELECT stream_id, count(*) FILTER (WHERE type = 'BesluitGepubliceerd') AS besluiten
       FROM es.events WHERE stream_id LIKE 'regeling-%' GROUP BY stream_id`,
  );
  const laag = (prefix: string) => streams.filter((s) => s.stream_id.startsWith(`regeling-/akn/nl/act/${prefix}`)).length;
  t.true(laag('pv') >= 12);
  t.true(laag('gm') >= 7);
  t.is(laag('ws'), 1);
  t.is(laag('mnre'), 2);
  t.deepEqual(streams.filter((s) => s.besluiten === 0n), []);

  const { rows: soorten } = await db.pool.query<{ type: string; n: bigint }>('SELECT type, count(*) AS n FROM es.events GROUP BY type ORDER BY type');
  const aantal = Object.fromEntries(soorten.map((r) => [r.type, Number(r.n)]));
  t.like(aantal, { AmbtsgebiedVastgesteld: 358, RegelingGeregistreerd: 22, BestemmingsplanGeleverd: 1, OntwerpGepubliceerd: 2, BesluitGerectificeerd: 1, InwerkingtredingVastgesteld: 1 });

  // Utrecht's history: ontwerp, vaststelling, rectificatie, and a wijziging with terugwerkende kracht.
  const utrecht = await db.pool.query<{ type: string; data: Record<string, string> }>(
    `SELECT type, data FROM es.events WHERE stream_id = 'regeling-/akn/nl/act/gm0344/2024/omgevingsplan' AND type <> 'InhoudGeleverd' ORDER BY stream_position`,
  );
  t.deepEqual(utrecht.rows.map((r) => r.type), ['RegelingGeregistreerd', 'OntwerpGepubliceerd', 'BesluitGepubliceerd', 'BesluitGerectificeerd', 'BesluitGepubliceerd']);
  t.like(utrecht.rows[4]!.data, { geldigVanaf: '2025-01-01', juridischWerkendVanaf: '2025-07-01' });

  // The register as a read model: every ambtsgebied, the Domtoren in gemeente, provincie and Rijk.
  const runner = new ProjectionRunner(db.pool, store, [ambtsgebieden], createLogger('silent'), { batchSize: 100 });
  const laatste = (await db.pool.query<{ p: bigint }>('SELECT max(global_position) AS p FROM es.events')).rows[0]!.p;
  // One catch-up can stop early while other test databases have transactions open; go on until all is applied.
  while ((await runner.checkpoint(ambtsgebieden)).globalPosition < laatste) await runner.catchUp(ambtsgebieden);
  const { rows: register } = await db.pool.query<{ bestuurslaag: string; n: bigint; geldig: boolean }>(
    `SELECT bestuurslaag, count(*) AS n, bool_and(ST_IsValid(geom) AND NOT ST_IsEmpty(geom)) AS geldig FROM rm.ambtsgebieden GROUP BY bestuurslaag ORDER BY bestuurslaag`,
  );
  t.deepEqual(register, [
    { bestuurslaag: 'gemeente', n: 343n, geldig: true },
    { bestuurslaag: 'provincie', n: 12n, geldig: true },
    { bestuurslaag: 'rijk', n: 3n, geldig: true },
  ]);
  const { rows: domtoren } = await db.pool.query(`SELECT code FROM rm.ambtsgebieden WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(136950, 455900), 28992)) ORDER BY code`);
  t.deepEqual(domtoren.map((r) => r.code), ['gm0344', 'mnre1034', 'mnre1045', 'mnre1130', 'pv26']);
});
