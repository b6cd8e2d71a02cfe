import test from 'ava';
import { WerkzaamhedenService } from '../application/catalogus/werkzaamheden-service.ts';
import { CatalogusFout, type WerkzaamheidCommand } from '../domain/catalogus/decide.ts';
import { werkzaamhedenOp } from '../infrastructure/catalogus/queries.ts';
import { demoWerkzaamheden, laadWerkzaamheden } from '../infrastructure/demo/werkzaamheden.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase } from './support/database.ts';

/**
 * The catalogue of werkzaamheden: stored through the service as events, projected into
 * rm.werkzaamheden, searched by naam and zoekterm without regard to capitals and accents,
 * a withdrawal takes it out; and the demo catalogue loads once.
 */
async function start(): Promise<{ app: TestApp; service: WerkzaamhedenService }> {
  const db = await createTestDatabase();
  const app = await startTestApp({ db });
  return { app, service: new WerkzaamhedenService(app.store) };
}
const projecteer = (app: TestApp) => app.runner.catchUp(app.runner.find('werkzaamheden')!);
const door = (commandId: string) => ({ actor: 'test:beheerder', commandId });
const vast = (id: string, naam: string, zoektermen: string[], activiteiten: string[], omschrijving?: string): WerkzaamheidCommand => ({
  type: 'StelWerkzaamheidVast',
  data: { id, naam, zoektermen, activiteiten, ...(omschrijving ? { omschrijving } : {}) },
});
type Gevonden = { id: string; naam: string; omschrijving?: string; zoektermen: string[]; activiteiten: string[] };
async function zoek(app: TestApp, q?: string): Promise<Gevonden[]> {
  const res = await fetch(`${app.baseUrl}/api/vergunningcheck/v1/werkzaamheden${q === undefined ? '' : `?${new URLSearchParams({ q })}`}`);
  if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { werkzaamheden: Gevonden[] }).werkzaamheden;
}
const ids = (lijst: { id: string }[]) => lijst.map((w) => w.id);

test('werkzaamheden are found by naam and by zoekterm, without regard to capitals and accents, best matches first', async (t) => {
  const { app, service } = await start();
  t.teardown(app.close);
  await service.handel(vast('dakkapel-plaatsen', 'Dakkapel plaatsen', ['dakraam', 'opbouw'], ['dakkapel plaatsen', 'bouwen'], 'Een dakkapel op een schuin dak bouwen.'), door('c1'));
  await service.handel(vast('boom-kappen', 'Boom kappen', ['kapvergunning', 'boom omhakken'], ['boom kappen', 'kappen']), door('c2'));
  await service.handel(vast('terras-bij-een-cafe', 'Terras bij een café', ['caféterras', 'zonne-scherm'], ['terras plaatsen']), door('c3'));
  await service.handel(vast('antenne-plaatsen', 'Antenne op het dak plaatsen', ['schotel'], ['bouwen']), door('c4'));
  await projecteer(app);

  const alle = await zoek(app);
  t.deepEqual(ids(alle), ['antenne-plaatsen', 'boom-kappen', 'dakkapel-plaatsen', 'terras-bij-een-cafe'], 'without q: all, by naam');
  t.deepEqual(alle[2], { id: 'dakkapel-plaatsen', naam: 'Dakkapel plaatsen', omschrijving: 'Een dakkapel op een schuin dak bouwen.', zoektermen: ['dakraam', 'opbouw'], activiteiten: ['dakkapel plaatsen', 'bouwen'] });
  t.false('omschrijving' in alle[0]!, 'no omschrijving: left out');
  t.deepEqual(ids(await zoek(app, '')), ids(alle), 'an empty q is no q');

  t.deepEqual(ids(await zoek(app, 'DAKRAAM')), ['dakkapel-plaatsen'], 'by zoekterm, capitals');
  t.deepEqual(ids(await zoek(app, 'dakk')), ['dakkapel-plaatsen'], 'by prefix of the naam');
  t.deepEqual(ids(await zoek(app, 'CAFE')), ['terras-bij-een-cafe'], 'accent in the naam, capitals in the text');
  t.deepEqual(ids(await zoek(app, 'Cafèterras')), ['terras-bij-een-cafe'], 'another accent on the same letter');
  t.deepEqual(ids(await zoek(app, 'zonnescherm')), [], 'a hyphen is a space, not nothing');
  t.deepEqual(ids(await zoek(app, 'zonne scherm')), ['terras-bij-een-cafe'], 'a hyphen is a space');
  // "kap": a zoekterm of Boom kappen starts with it, Dakkapel only holds it inside.
  t.deepEqual(ids(await zoek(app, 'kap')), ['boom-kappen', 'dakkapel-plaatsen']);
  // "dak": the naam of Dakkapel starts with it, in the naam of Antenne a later word does.
  t.deepEqual(ids(await zoek(app, 'dak')), ['dakkapel-plaatsen', 'antenne-plaatsen'], 'prefix before a later word, whatever the alphabet says');
  t.deepEqual(ids(await zoek(app, 'kappen boom')), ['boom-kappen'], 'every word somewhere, in any order');
  t.deepEqual(ids(await zoek(app, 'bouwen')), [], 'activiteiten are not searched');
  t.deepEqual(ids(await zoek(app, '%')), [], 'LIKE wildcards are plain text');
  t.deepEqual(ids(await zoek(app, 'e_n')), []);

  const teLang = await fetch(`${app.baseUrl}/api/vergunningcheck/v1/werkzaamheden?q=${'a'.repeat(101)}`);
  t.is(teLang.status, 400);
  t.like(await teLang.json(), { code: 'ongeldige_parameters', invalidParams: [{ name: 'q' }] });
  t.is((await fetch(`${app.baseUrl}/api/vergunningcheck/v1/werkzaamheden?q=a&q=b`)).status, 400, 'q twice');
});

test('a change is a new version, a retry or the same content stores nothing, a withdrawal takes it out; werkzaamhedenOp gives the rows asked', async (t) => {
  const { app, service } = await start();
  t.teardown(app.close);
  // The two vaststellingen recorded at moments of their own, so their order does not hang on the clock.
  const op = (moment: string) => new WerkzaamhedenService(new PostgresEventStore(app.db.pool, { databaseUrl: app.db.url, clock: () => new Date(moment) }));
  const dakkapel = vast('dakkapel-plaatsen', 'Dakkapel plaatsen', ['dakraam'], ['dakkapel plaatsen']);
  const eerste = await op('2025-03-01T09:00:00Z').handel(dakkapel, door('c1'));
  t.true(eerste.nieuw);
  t.deepEqual(eerste.events.map((e) => [e.type, e.streamId]), [['WerkzaamheidVastgesteld', 'werkzaamheid-dakkapel-plaatsen']]);
  t.like(await service.handel(dakkapel, door('c1')), { nieuw: false, events: [{ eventId: eerste.events[0]!.eventId }] }, 'a retry returns what it caused');
  t.deepEqual(await service.handel(dakkapel, door('c2')), { events: [], nieuw: false }, 'same content, another command');
  await service.handel(vast('boom-kappen', 'Boom kappen', [], ['boom kappen', 'kappen', 'vellen van houtopstand']), door('c3'));
  await projecteer(app);
  const [v1] = await werkzaamhedenOp(app.db.pool, ['dakkapel-plaatsen']);
  t.like(v1, { versie: 1, zoektermen: ['dakraam'] });
  t.deepEqual(v1!.bekendVanaf, new Date('2025-03-01T09:00:00Z'));

  const tweede = await op('2025-04-01T09:00:00Z').handel(vast('dakkapel-plaatsen', 'Dakkapel plaatsen', ['dakraam', 'opbouw'], ['dakkapel plaatsen', 'bouwen']), door('c4'));
  t.like(tweede.events[0], { type: 'WerkzaamheidVastgesteld', data: { versie: 2 } });
  await projecteer(app);
  const rijen = await werkzaamhedenOp(app.db.pool, ['boom-kappen', 'bestaat-niet', 'dakkapel-plaatsen']);
  t.deepEqual(ids(rijen), ['boom-kappen', 'dakkapel-plaatsen'], 'in the order asked, unknown left out');
  t.like(rijen[1], { versie: 2, zoektermen: ['dakraam', 'opbouw'], activiteiten: ['dakkapel plaatsen', 'bouwen'] });
  t.deepEqual(rijen[1]!.bekendVanaf, new Date('2025-04-01T09:00:00Z'), 'known from its own vaststelling');
  t.true(rijen[1]!.bekendVanaf > v1!.bekendVanaf);
  t.deepEqual(ids(await zoek(app, 'opbouw')), ['dakkapel-plaatsen'], 'the new zoekterm is found');
  t.deepEqual(await werkzaamhedenOp(app.db.pool, []), []);

  await service.handel({ type: 'TrekWerkzaamheidIn', data: { id: 'dakkapel-plaatsen', reden: 'Opgegaan in "Dak verbouwen"' } }, door('c5'));
  await projecteer(app);
  t.deepEqual(ids(await zoek(app, 'dakraam')), [], 'withdrawn: not found');
  t.deepEqual(ids(await zoek(app)), ['boom-kappen']);
  t.deepEqual(ids(await werkzaamhedenOp(app.db.pool, ['dakkapel-plaatsen', 'boom-kappen'])), ['boom-kappen']);

  // Bad commands: refused, nothing stored.
  const aantal = async () => (await app.db.pool.query(`SELECT count(*)::int AS n FROM es.events WHERE type LIKE 'Werkzaamheid%'`)).rows[0].n as number;
  const voor = await aantal();
  t.is(voor, 4);
  const fout = await t.throwsAsync(service.handel(vast('boom-kappen', 'Boom kappen', [], []), door('c6')), { instanceOf: CatalogusFout });
  t.is(fout?.code, 'ongeldige_invoer');
  await t.throwsAsync(service.handel(vast('Boom kappen', 'Boom kappen', [], ['kappen']), door('c7')), { instanceOf: CatalogusFout, message: /geen geldige id/ });
  await t.throwsAsync(service.handel({ type: 'TrekWerkzaamheidIn', data: { id: 'dakkapel-plaatsen', reden: 'nog eens' } }, door('c8')), { instanceOf: CatalogusFout, message: /al ingetrokken/ });
  t.is(await aantal(), voor, 'nothing stored');
});

test('the demo catalogue loads once; a second run stores nothing, and one withdrawn since stays out', async (t) => {
  const { app, service } = await start();
  t.teardown(app.close);
  const demo = demoWerkzaamheden();
  t.true(demo.length >= 5);
  t.deepEqual(await laadWerkzaamheden(service), { werkzaamheden: demo.length, nieuw: demo.length });
  t.deepEqual(await laadWerkzaamheden(service), { werkzaamheden: demo.length, nieuw: 0 });
  await projecteer(app);
  t.deepEqual(ids(await zoek(app)).sort(), demo.map((w) => w.id).sort());
  t.like((await werkzaamhedenOp(app.db.pool, ['dakkapel-plaatsen']))[0], { naam: 'Dakkapel plaatsen', versie: 1 });
  t.deepEqual(ids(await zoek(app, 'Dakraam')), ['dakkapel-plaatsen']);

  await service.handel({ type: 'TrekWerkzaamheidIn', data: { id: 'boom-kappen', reden: 'test' } }, door('weg'));
  t.deepEqual(await laadWerkzaamheden(service), { werkzaamheden: demo.length, nieuw: 0 });
  await projecteer(app);
  t.deepEqual(await werkzaamhedenOp(app.db.pool, ['boom-kappen']), []);
});
