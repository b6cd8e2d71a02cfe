import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import ExcelJS from 'exceljs';
import { WerkzaamhedenService } from '../application/catalogus/werkzaamheden-service.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { CHECK_TOKENS, PARK, checkEnv, metCheckgegevens } from './support/vergunningcheck.ts';

/**
 * The Vergunningcheck through its API, on real toepasbare regels (see test/support/vergunningcheck.ts):
 * two bevoegde gezagen asking the same questions, two werkzaamheden for one activiteit,
 * maatregelen, indieningsvereisten, a question answered from the location, and a check that
 * keeps the versions of the trees it started with.
 */
let app: TestApp;
test.before(async () => {
  app = await startTestApp({ env: checkEnv });
  await metCheckgegevens(app);
  // A second werkzaamheid for the gemeente's activiteit "dakkapel plaatsen".
  await new WerkzaamhedenService(app.store).handel({ type: 'StelWerkzaamheidVast', data: { id: 'dak-verbouwen', naam: 'Dak verbouwen', zoektermen: [], activiteiten: ['dakkapel plaatsen'] } }, { actor: 'beheerder:test', commandId: 'w-dak' });
  await app.runner.catchUp(app.runner.find('werkzaamheden')!);
});
test.after.always(() => app?.close());

const MONUMENT = 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?';
const DAKKAPEL = 'gm0344/nl.imow-gm0344.activiteit.dakkapel';
type Toestand = {
  id: string;
  bomen: { id: string; versie: number; werkzaamheden: string[] }[];
  volgende?: { sleutel: string; tekst: string; type: string; opties?: { tekst: string }[]; bomen: string[] };
  nogNodig: number;
  beantwoord: { sleutel: string; tekst: string; antwoord: unknown }[];
  uitLocatie: { tekst: string; antwoord: unknown }[];
  conclusies: { werkzaamheden: string[]; bevoegdGezag: string; activiteitNaam: string; conclusie: string; reden?: string; regels: { identificatie: string }[]; verwijzingen: string[] }[];
  totaal: string;
  maatregelen: { nummer: string; tekst: string }[];
  indieningsvereisten: { bevoegdGezag: string; sleutel: string; tekst: string; bijlage?: string }[];
};
async function post(pad: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Toestand & { code?: string; detail?: string } }> {
  const res = await fetch(`${app.baseUrl}/api/vergunningcheck/v1${pad}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-crs': 'EPSG:28992', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const start = (werkzaamheden: string[], punt = PARK) => post('/sessies', { locatie: { type: 'Point', coordinates: punt }, werkzaamheden });
const lees = async (id: string) => (await (await fetch(`${app.baseUrl}/api/vergunningcheck/v1/sessies/${id}`)).json()) as Toestand;
/** A valid answer to any question the check asks (no to the maatregelen' first, so they all apply). */
const antwoordOp = (v: NonNullable<Toestand['volgende']>) => (v.tekst.startsWith('Worden er in uw bedrijf') ? false : v.opties ? v.opties.at(-1)!.tekst : v.type === 'boolean' ? false : v.type === 'number' ? 50 : 'ja');

test.serial('a check over two bevoegde gezagen: a shared question asked once, the geo question answered from the location, a conclusion with its regels', async (t) => {
  const { status, body: begin } = await start(['dakkapel-plaatsen']);
  t.is(status, 201, JSON.stringify(begin));
  t.is(begin.volgende?.tekst, 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?');
  t.deepEqual([...begin.volgende!.bomen].sort(), ['gm0344/nl.imow-gm0344.activiteit.dakkapel/conclusie', 'pv26/nl.imow-pv26.activiteit.geluid/conclusie'], 'one question for both trees');
  t.deepEqual(begin.uitLocatie.map((u) => [u.tekst, u.antwoord]), [['Ligt het pand binnen de gemeentegrens van Veenendaal?', 'ja']]);
  t.deepEqual(begin.conclusies.map((c) => [c.bevoegdGezag, c.conclusie]).sort(), [['gm0344', 'NietTeBepalen'], ['pv26', 'NietTeBepalen']]);

  const monument = await post(`/sessies/${begin.id}/antwoorden`, { sleutel: begin.volgende!.sleutel, antwoord: true });
  t.is(monument.body.volgende?.tekst, 'Is dakkapel voorzien van een plat dak?', 'a monument: only the flat roof still matters for the conclusie');
  const klaar = await post(`/sessies/${begin.id}/antwoorden`, { sleutel: monument.body.volgende!.sleutel, antwoord: true });
  t.deepEqual(klaar.body.conclusies.map((c) => [c.bevoegdGezag, c.activiteitNaam, c.conclusie]).sort(), [['gm0344', 'dakkapel plaatsen', 'Verbod'], ['pv26', 'geluid maken in stiltegebied', 'Verbod']]);
  t.is(klaar.body.totaal, 'Verbod');
  t.deepEqual(klaar.body.conclusies.find((c) => c.bevoegdGezag === 'gm0344')!.regels.map((r) => r.identificatie), ['nl.imow-gm0344.juridischeregel.art1'], 'the juridische regel at the location that names the activiteit');
  t.deepEqual(klaar.body.beantwoord.map((b) => b.antwoord), [true, true]);

  // Back: the last answer is taken back, its question comes again.
  const terug = await post(`/sessies/${begin.id}/terug`, {});
  t.is(terug.body.volgende?.tekst, 'Is dakkapel voorzien van een plat dak?');
  const nu = await lees(begin.id);
  t.deepEqual(nu, terug.body, 'the check read again from its events is what the step answered');
});

test.serial('two werkzaamheden for one activiteit: its trees run once, naming both, each question is asked once and each maatregel listed once', async (t) => {
  const { status, body: begin } = await start(['dakkapel-plaatsen', 'dak-verbouwen']);
  t.is(status, 201, JSON.stringify(begin));
  t.deepEqual(begin.bomen.map((b) => [b.id, b.werkzaamheden]).sort(), [
    [`${DAKKAPEL}/conclusie`, ['dakkapel-plaatsen', 'dak-verbouwen']],
    [`${DAKKAPEL}/indieningsvereisten`, ['dakkapel-plaatsen', 'dak-verbouwen']],
    [`${DAKKAPEL}/maatregelen`, ['dakkapel-plaatsen', 'dak-verbouwen']],
    ['pv26/nl.imow-pv26.activiteit.geluid/conclusie', ['dakkapel-plaatsen']],
  ]);
  t.deepEqual(begin.conclusies.map((c) => [c.bevoegdGezag, c.werkzaamheden]).sort(), [['gm0344', ['dakkapel-plaatsen', 'dak-verbouwen']], ['pv26', ['dakkapel-plaatsen']]], 'one conclusie per tree, with its werkzaamheden');
  t.is(new Set(begin.indieningsvereisten.map((i) => `${i.bevoegdGezag} ${i.sleutel}`)).size, begin.indieningsvereisten.length, 'each requirement once');
  const { body: alleen } = await start(['dakkapel-plaatsen']);
  t.is(begin.nogNodig, alleen.nogNodig, 'as many questions as for one of them');

  let s = begin;
  const gevraagd: string[] = [];
  for (let i = 0; i < 40 && s.volgende; i++) {
    gevraagd.push(s.volgende.sleutel);
    s = (await post(`/sessies/${s.id}/antwoorden`, { sleutel: s.volgende.sleutel, antwoord: antwoordOp(s.volgende) })).body;
  }
  t.is(s.volgende, undefined, `settled after ${gevraagd.length} questions`);
  t.is(new Set(gevraagd).size, gevraagd.length, 'no question asked twice');
  t.deepEqual(s.maatregelen.map((m) => m.nummer).sort(), ['m0086', 'm0106', 'm0108', 'm0109', 'm0111'], 'each maatregel once');
  t.is(s.conclusies.length, 2);
});

test.serial("maatregelen follow the answers; the maatregelen tree's questions are asked in the same check, the indieningsvereisten' are not", async (t) => {
  let { body: s } = await start(['dakkapel-plaatsen']);
  // Answer every question asked with a valid answer until none is left: the maatregelen questions come too.
  const gezien: string[] = [];
  for (let i = 0; i < 40 && s.volgende; i++) {
    const v = s.volgende;
    gezien.push(v.tekst);
    s = (await post(`/sessies/${s.id}/antwoorden`, { sleutel: v.sleutel, antwoord: antwoordOp(v) })).body;
  }
  t.is(s.volgende, undefined, `settled after ${gezien.length} questions`);
  t.true(gezien.some((g) => g.startsWith('Worden er in uw bedrijf activiteiten met afvalstoffen')), 'a question of the maatregelen tree');
  t.deepEqual(s.maatregelen.map((m) => m.nummer).sort(), ['m0086', 'm0106', 'm0108', 'm0109', 'm0111']);
  t.true(s.indieningsvereisten.some((i) => i.bijlage === 'Plattegrond evenement'), JSON.stringify(s.indieningsvereisten));
  t.false(gezien.includes('Is (een deel van) het evenement in, op of bij openbare wegen?'), 'an indieningsvereisten question is never the next question');

  // The maatregelen as a real .xlsx: a header row and one row per maatregel.
  const xlsx = await fetch(`${app.baseUrl}/api/vergunningcheck/v1/sessies/${s.id}/maatregelen.xlsx`);
  t.is(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const boek = new ExcelJS.Workbook();
  await boek.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  const blad = boek.getWorksheet('Maatregelen')!;
  t.deepEqual((blad.getRow(1).values as unknown[]).slice(1), ['Nummer', 'Maatregel', 'Thema', 'Frequentie', 'Toelichting', 'Overheid', 'Activiteit']);
  t.is(blad.rowCount, 6);
  const rijen = [2, 3, 4, 5, 6].map((r) => (blad.getRow(r).values as unknown[]).slice(1));
  t.deepEqual(rijen.map((r) => r[0]).sort(), ['m0086', 'm0106', 'm0108', 'm0109', 'm0111']);
  t.deepEqual(rijen.find((r) => r[0] === 'm0109')!.slice(1, 3), ['Installeer een overvulbeveiliging.', 'Bodem']);
});

test.serial('indieningsvereisten follow the answers: answering one of their questions changes what an aanvraag needs', async (t) => {
  const { body: s } = await start(['dakkapel-plaatsen']);
  const WEG = 'Is (een deel van) het evenement in, op of bij openbare wegen?';
  const BESCHRIJVING = 'Beschrijf kort hoe het weggedeelte van het evenement er uit ziet.';
  const teksten = (x: Toestand) => x.indieningsvereisten.map((i) => i.tekst);
  const route = (x: Toestand) => x.indieningsvereisten.some((i) => i.bijlage === 'Routebeschrijving');
  const weg = s.indieningsvereisten.find((i) => i.tekst === WEG)!;
  t.like(weg, { bevoegdGezag: 'gm0344', sleutel: 'boolean:is (een deel van) het evenement in, op of bij openbare wegen' }, JSON.stringify(teksten(s)));
  t.true(teksten(s).includes(BESCHRIJVING) && route(s), 'not answered yet: what a road would need may be needed');

  const nee = (await post(`/sessies/${s.id}/antwoorden`, { sleutel: weg.sleutel, antwoord: false })).body;
  t.false(teksten(nee).includes(BESCHRIJVING), JSON.stringify(teksten(nee)));
  t.false(route(nee));
  t.false(teksten(nee).includes(WEG), 'answered: no longer open');
  t.true(nee.indieningsvereisten.some((i) => i.bijlage === 'Plattegrond evenement'), 'what every evenement needs stays');
  t.deepEqual(nee.beantwoord.map((b) => [b.tekst, b.antwoord]), [[WEG, false]]);
  t.is(nee.volgende?.tekst, MONUMENT, 'the next question of the check stays');
  t.is(nee.nogNodig, s.nogNodig);

  const ja = (await post(`/sessies/${s.id}/antwoorden`, { sleutel: weg.sleutel, antwoord: true })).body;
  t.true(teksten(ja).includes(BESCHRIJVING), JSON.stringify(teksten(ja)));
  t.like(ja.indieningsvereisten.find((i) => i.bijlage === 'Routebeschrijving'), { tekst: 'Bijlage: Routebeschrijving', bevoegdGezag: 'gm0344' });
  t.false(teksten(ja).includes(WEG));
  t.deepEqual(ja.beantwoord.map((b) => [b.tekst, b.antwoord]), [[WEG, true]]);

  const weer = (await post(`/sessies/${s.id}/antwoorden`, { sleutel: weg.sleutel, antwoord: false })).body;
  t.false(teksten(weer).includes(BESCHRIJVING));
  t.false(route(weer));
  t.deepEqual(await lees(s.id), weer, 'read again from its events');
});

test.serial('answers known earlier are shown with their question, to confirm or change, not taken as given', async (t) => {
  const { body: eerst } = await start(['dakkapel-plaatsen']);
  const sleutel = eerst.volgende!.sleutel;
  const { status, body: s } = await post('/sessies', { locatie: { type: 'Point', coordinates: PARK }, werkzaamheden: ['dakkapel-plaatsen'], antwoorden: { [sleutel]: false } });
  t.is(status, 201);
  t.like(s.volgende, { sleutel, voorIngevuld: false });
  t.deepEqual(s.beantwoord, [], 'not answered until confirmed');
  const bevestigd = await post(`/sessies/${s.id}/antwoorden`, { sleutel, antwoord: false });
  t.deepEqual(bevestigd.body.beantwoord.map((b) => b.antwoord), [false]);
  t.not(bevestigd.body.volgende?.sleutel, sleutel);
});

test.serial('bad input: an unknown werkzaamheid, one with no regels at the location, a wrong answer, an unknown question or check, a bad geometry', async (t) => {
  const onbekend = await start(['ufo-landen']);
  t.is(onbekend.status, 404);
  t.regex(onbekend.body.detail!, /Onbekende werkzaamheid: ufo-landen/);
  const nergens = await start(['boom-kappen']);
  t.is(nergens.status, 404);
  t.regex(nergens.body.detail!, /Voor Boom kappen zijn er op deze plek .* geen toepasbare regels/);
  const { body: s } = await start(['dakkapel-plaatsen']);
  const fout = await post(`/sessies/${s.id}/antwoorden`, { sleutel: s.volgende!.sleutel, antwoord: 'misschien' });
  t.is(fout.status, 400);
  t.is(fout.body.code, 'ongeldig_antwoord');
  t.regex(fout.body.detail!, /is ja of nee/);
  t.is((await post(`/sessies/${s.id}/antwoorden`, { sleutel: 'boolean:heeft het pand een kelder', antwoord: true })).status, 400);
  t.is((await post(`/sessies/${s.id}/terug`, {})).status, 400, 'nothing to take back yet');
  t.is((await fetch(`${app.baseUrl}/api/vergunningcheck/v1/sessies/bestaat-niet`)).status, 404);
  t.is((await post('/sessies', { locatie: { type: 'Point', coordinates: [5.1, 52.1] }, werkzaamheden: ['dakkapel-plaatsen'] })).status, 400, 'WGS84 sent as RD');
  t.is((await post('/sessies', { locatie: { type: 'Point', coordinates: PARK }, werkzaamheden: 'dakkapel-plaatsen' })).status, 400);
  const { rows } = await app.db.pool.query(`SELECT count(*)::int AS n FROM es.events WHERE type = 'VraagBeantwoord' AND stream_id = $1`, [`vergunningcheck-${s.id}`]);
  t.is(rows[0].n, 0, 'no wrong answer stored');
});

// Last: it delivers a new version of the gemeente's dakkapel, which the other tests do not expect.
test.serial('a check keeps the versions of the trees it started with: a newer delivery changes new checks, not this one', async (t) => {
  const { body: oud } = await start(['dakkapel-plaatsen']);
  const versie = (x: Toestand) => x.bomen.find((b) => b.id === `${DAKKAPEL}/conclusie`)?.versie;
  t.is(versie(oud), 1);
  t.is(oud.volgende?.tekst, MONUMENT);

  // The gemeente rewords the monument question, in force from the same day as the first version.
  const bestand = readFileSync(join(projectRoot, '..', 'shared', 'data', 'amsterdam-vergunningcheck', 'DMN1.2', 'ConclusieBouwenDakkapel.dmn'), 'utf8');
  const HERZIEN = 'Is het pand een monument?';
  t.true(bestand.includes(MONUMENT));
  const res = await fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/toepasbare-regels?${new URLSearchParams({ activiteit: 'nl.imow-gm0344.activiteit.dakkapel', soort: 'conclusie', geldigVanaf: '2024-01-01' })}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dmn+xml', authorization: `Bearer ${CHECK_TOKENS.gm0344}` },
    body: bestand.replace(MONUMENT, HERZIEN),
  });
  t.is(res.status, 201, await res.clone().text());
  await app.runner.catchUp(app.runner.find('toepasbare-regels')!);
  const herzien = 'boolean:is het pand een monument';

  // The check started before: still version 1, its monument question (shared with the provincie) as it was.
  const zelfde = await lees(oud.id);
  t.is(versie(zelfde), 1);
  t.deepEqual(zelfde, oud, 'read again from its events: nothing changed');
  t.is((await post(`/sessies/${oud.id}/antwoorden`, { sleutel: herzien, antwoord: true })).status, 400, 'the reworded question is not one of its trees');
  const verder = (await post(`/sessies/${oud.id}/antwoorden`, { sleutel: oud.volgende!.sleutel, antwoord: true })).body;
  t.deepEqual(verder.beantwoord.map((b) => b.tekst), [MONUMENT]);
  t.is(verder.volgende?.tekst, 'Is dakkapel voorzien van een plat dak?');

  // A new check: version 2, with the reworded question beside the provincie's own.
  const { body: nieuw } = await start(['dakkapel-plaatsen']);
  t.is(versie(nieuw), 2);
  t.is(nieuw.nogNodig, oud.nogNodig + 1, "the gemeente's monument question is no longer the provincie's");
  const antwoord = (await post(`/sessies/${nieuw.id}/antwoorden`, { sleutel: herzien, antwoord: true })).body;
  t.deepEqual(antwoord.beantwoord.map((b) => b.tekst), [HERZIEN]);
  t.is(versie(antwoord), 2);
});
