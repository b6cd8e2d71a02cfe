import test from 'ava';
import { laadDemo } from '../infrastructure/demo/demo.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { ambtsgebieden } from '../projections/ambtsgebieden.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { startTestApp } from './support/app.ts';
import { createTestDatabase } from './support/database.ts';

test('the demo loads every ambtsgebied and regeling, and a second run stores nothing; a Vergunningcheck in the demo asks its questions', async (t) => {
  const db = await createTestDatabase();
  // The app on the demo's database, for the check at the end; closing it drops the database.
  const app = await startTestApp({ db });
  t.teardown(app.close);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url });
  const aantalEvents = async () => (await db.pool.query<{ n: bigint }>('SELECT count(*) AS n FROM es.events')).rows[0]!.n;

  let begin = Date.now();
  const storeOp = (moment: Date) => new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => moment });
  const geladen = await laadDemo({ pool: db.pool, store, storeOp, log: createLogger('silent') });
  t.log(`eerste keer: ${Date.now() - begin} ms, ${await aantalEvents()} events`);
  t.deepEqual(geladen, { regelingen: 22, ambtsgebieden: 343 + 12 + 3, bestemmingsplannen: 1, toepasbareRegels: 12 });

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
  t.like(aantal, { AmbtsgebiedVastgesteld: 358, RegelingGeregistreerd: 22, BestemmingsplanGeleverd: 1, OntwerpGepubliceerd: 2, BesluitGerectificeerd: 1, InwerkingtredingVastgesteld: 1, ToepasbareRegelsGeleverd: 12 });
  const { rows: geleverd } = await db.pool.query<{ stream_id: string; bg: string; ontvangen: string }>(
    `SELECT stream_id, data->>'bevoegdGezag' AS bg, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS ontvangen FROM es.events WHERE type = 'ToepasbareRegelsGeleverd' ORDER BY stream_id`,
  );
  t.true(geleverd.every((r) => r.stream_id.endsWith(`-nl.imow-${r.bg}.activiteit.dakkapelplaatsen`) && r.ontvangen === '2024-01-01'), 'each by the gemeente whose activiteit it is, received on its geldigVanaf');

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

  // A Vergunningcheck at the Domtoren (Utrecht's beschermd stadsgezicht, where its regel on
  // "dakkapel plaatsen" applies): the gemeente's dakkapel tree asks its questions, the one about
  // the gemeente answered from the location.
  for (const naam of ['omgevingsdocumenten', 'toepasbare-regels', 'werkzaamheden']) {
    const p = app.runner.find(naam)!;
    while ((await app.runner.checkpoint(p)).globalPosition < laatste) await app.runner.catchUp(p);
  }
  const res = await fetch(`${app.baseUrl}/api/vergunningcheck/v1/sessies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-crs': 'EPSG:28992' },
    body: JSON.stringify({ locatie: { type: 'Point', coordinates: [136950, 455900] }, werkzaamheden: ['dakkapel-plaatsen'] }),
  });
  const check = (await res.json()) as {
    volgende?: { tekst: string };
    bomen: { id: string; versie: number }[];
    uitLocatie: { tekst: string; antwoord: unknown }[];
    conclusies: { bevoegdGezag: string; activiteitNaam: string; conclusie: string; regels: { identificatie: string }[] }[];
  };
  t.is(res.status, 201, JSON.stringify(check));
  t.is(check.volgende?.tekst, 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?');
  t.deepEqual(check.bomen.map((b) => [b.id, b.versie]), [
    ['gm0344/nl.imow-gm0344.activiteit.dakkapelplaatsen/conclusie', 1],
    ['gm0344/nl.imow-gm0344.activiteit.dakkapelplaatsen/maatregelen', 1],
  ]);
  t.deepEqual(check.uitLocatie.map((u) => [u.tekst, u.antwoord]), [['Ligt het pand binnen de gemeentegrens van Utrecht?', 'ja']]);
  t.is(check.conclusies.length, 1);
  t.like(check.conclusies, [{ bevoegdGezag: 'gm0344', activiteitNaam: 'dakkapel plaatsen', conclusie: 'NietTeBepalen', regels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art3lid2' }] }]);
});
