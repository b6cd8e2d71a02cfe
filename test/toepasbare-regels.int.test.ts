import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { projectRoot } from '../infrastructure/paths.ts';
import { startTestApp, type TestApp } from './support/app.ts';

/**
 * Toepasbare regels as events, through the bevoegd gezag's API: deliveries with their
 * geldigheid, a replacement, a withdrawal, and which tree applied on a date as known at a
 * moment; bad files refused with every problem named, nothing stored.
 */
const TOKENS = { gm0344: 'utrecht-token-0123456789abc', gm0363: 'amsterdam-token-0123456789' };
const env = { BEVOEGD_GEZAG_TOKENS: Object.entries(TOKENS).map(([c, t]) => `${c}:${t}`).join(',') };
const DAKKAPEL = 'nl.imow-gm0344.activiteit.Dakkapel';
const dmn = (versie: string) => readFileSync(join(projectRoot, '..', 'shared', 'data', 'amsterdam-vergunningcheck', versie, 'ConclusieBouwenDakkapel.dmn'), 'utf8');

function lever(app: TestApp, body: string, query: Record<string, string>, code: keyof typeof TOKENS = 'gm0344') {
  return fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/toepasbare-regels?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dmn+xml', authorization: `Bearer ${TOKENS[code]}` },
    body,
  });
}
type Regelbestand = { versie: number; geldigVanaf: string; geldigTot?: string; bekendVanaf: string; model: { naam: string; dmnVersie: string; vragen: number; beslissingen: string[] } };
async function op(app: TestApp, query: Record<string, string>): Promise<Regelbestand[]> {
  return ((await (await fetch(`${app.baseUrl}/api/toepasbare-regels/v1/regelbestanden?${new URLSearchParams(query)}`)).json()) as { regelbestanden: Regelbestand[] }).regelbestanden;
}
const projecteer = (app: TestApp) => app.runner.catchUp(app.runner.find('toepasbare-regels')!);

test('deliveries with their geldigheid, a replacement and a withdrawal: which tree applied on a date, as known at a moment', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  const r1 = await lever(app, dmn('DMN1.2'), { activiteit: DAKKAPEL, soort: 'conclusie', geldigVanaf: '2024-01-01', bestand: 'ConclusieBouwenDakkapel.dmn' });
  t.is(r1.status, 201, await r1.clone().text());
  await projecteer(app);
  const [v1] = await op(app, { geldigOp: '2024-06-01' });
  t.like(v1, { versie: 1, geldigVanaf: '2024-01-01', model: { naam: 'Conclusie Bouwen Dakkapel', dmnVersie: '1.2', vragen: 17, beslissingen: ['Conclusie Dakkapel'] } });
  t.deepEqual(await op(app, { geldigOp: '2023-12-31' }), [], 'before its geldigheid');

  t.is((await lever(app, dmn('DMN1.1'), { activiteit: DAKKAPEL, soort: 'conclusie', geldigVanaf: '2025-01-01' })).status, 201);
  await projecteer(app);
  t.like((await op(app, { geldigOp: '2024-06-01' }))[0], { versie: 1 });
  t.like((await op(app, { geldigOp: '2025-06-01' }))[0], { versie: 2, model: { dmnVersie: '1.1' } });
  t.like((await op(app, { geldigOp: '2025-06-01', beschikbaarOp: v1!.bekendVanaf }))[0], { versie: 1 }, 'as known before the second delivery');

  const trekIn = (sleutel?: string) =>
    fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/toepasbare-regels/intrekkingen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.gm0344}`, ...(sleutel ? { 'idempotency-key': sleutel } : {}) },
      body: JSON.stringify({ activiteit: DAKKAPEL, soort: 'conclusie', per: '2026-01-01', reden: 'Dakkapellen worden vergunningvrij' }),
    });
  type Antwoord = { events: { type: string; eventId: string; streamPosition: string }[] };
  const slecht = await trekIn('kort');
  t.is(slecht.status, 400, 'an Idempotency-Key of the wrong form');
  t.like(await slecht.json(), { invalidParams: [{ name: 'Idempotency-Key' }] });
  const intrekking = await trekIn('intrekking-2026-01');
  t.is(intrekking.status, 201);
  const eerst = (await intrekking.json()) as Antwoord;
  t.deepEqual(eerst.events.map((e) => e.type), ['ToepasbareRegelsIngetrokken']);
  // A retry with the same key (the answer got lost): the same events, nothing stored.
  const opnieuw = await trekIn('intrekking-2026-01');
  t.is(opnieuw.status, 200);
  t.deepEqual((await opnieuw.json()) as Antwoord, eerst);
  t.is((await trekIn()).status, 422, 'without the key it is a new withdrawal, and nothing is left to withdraw');
  const { rows: ingetrokken } = await app.db.pool.query(`SELECT count(*)::int AS n FROM es.events WHERE type = 'ToepasbareRegelsIngetrokken'`);
  t.is(ingetrokken[0].n, 1, 'stored once');
  await projecteer(app);
  t.deepEqual(await op(app, { geldigOp: '2026-06-01' }), [], 'withdrawn from 2026');
  t.like((await op(app, { geldigOp: '2025-06-01' }))[0], { versie: 2 }, 'before the withdrawal, still the second');

  // One regelbestand with its questions, and its file as delivered.
  const url = `${app.baseUrl}/api/toepasbare-regels/v1/regelbestanden/${DAKKAPEL}/conclusie?geldigOp=2024-06-01`;
  const een = (await (await fetch(url)).json()) as { versie: number; vragen: { id: string; tekst: string }[] };
  t.is(een.versie, 1);
  t.is(een.vragen.length, 17);
  t.is(een.vragen[0]!.tekst, 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?');
  const bestand = await fetch(url.replace('/conclusie?', '/conclusie/dmn?'));
  t.regex(bestand.headers.get('content-type') ?? '', /application\/xml/);
  t.is(await bestand.text(), dmn('DMN1.2'));
  t.is((await fetch(url.replace('geldigOp=2024-06-01', 'geldigOp=2026-06-01'))).status, 404);
  t.is((await fetch(url.replace('/conclusie?', '/uitleg?'))).status, 404);
});

test('bad deliveries are refused with a reason, every problem of the file named, and nothing is stored', async (t) => {
  const app = await startTestApp({ env });
  t.teardown(app.close);
  const echt = dmn('DMN1.2');
  const query = { activiteit: DAKKAPEL, soort: 'conclusie', geldigVanaf: '2024-01-01', bestand: 'dakkapel.dmn' };
  const problem = async (res: Response) => ({ status: res.status, body: (await res.json()) as { code: string; detail: string; invalidParams?: { name: string; reason: string }[] } });

  const afgebroken = await problem(await lever(app, echt.slice(0, 5000), query));
  t.is(afgebroken.status, 422);
  t.is(afgebroken.body.invalidParams?.[0]?.name, 'dakkapel.dmn#bestand/');
  const feel = await problem(await lever(app, echt.replace('<dmn:text>"nee"</dmn:text>', '<dmn:text>&gt;= (</dmn:text>').replace('<uitv:uitvoeringsregelRef href="#UitvId0001"/>', '<uitv:uitvoeringsregelRef href="#UitvId9999"/>'), query));
  t.is(feel.status, 422);
  t.deepEqual(feel.body.invalidParams?.map((p) => p.name).sort(), ['dakkapel.dmn#inputEntry/_dcd7559a-b486-4bd9-97a1-005ba2fbdf41', 'dakkapel.dmn#uitvoeringsregelRef/_b22d3c74-d0f1-4a5e-8021-435a38d96a88'], 'both problems, each by element and id');
  t.is((await lever(app, echt, { ...query, activiteit: DAKKAPEL }, 'gm0363')).status, 403, "another gemeente's activiteit");
  t.is((await lever(app, echt, { ...query, soort: 'uitleg' })).status, 400);
  t.is((await lever(app, echt, { ...query, geldigVanaf: '2024-02-30' })).status, 400);
  t.is((await lever(app, echt, { ...query, geldigTot: '2023-01-01' })).status, 422);
  t.is((await lever(app, echt, { activiteit: DAKKAPEL, soort: 'conclusie' })).status, 400, 'geldigVanaf missing');
  t.is((await fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/toepasbare-regels?${new URLSearchParams(query)}`, { method: 'POST', headers: { 'content-type': 'application/dmn+xml' }, body: echt })).status, 401);
  const { rows } = await app.db.pool.query(`SELECT count(*)::int AS n FROM es.events WHERE type LIKE 'ToepasbareRegels%'`);
  t.is(rows[0].n, 0, 'nothing stored');
});
