import test from 'ava';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from './support/app.ts';
import { PARK, checkEnv, metCheckgegevens } from './support/vergunningcheck.ts';

/**
 * The Vergunningcheck through its API, on real toepasbare regels (see test/support/vergunningcheck.ts):
 * two bevoegde gezagen asking the same questions, maatregelen, indieningsvereisten, and a
 * question answered from the location.
 */
let app: TestApp;
test.before(async () => {
  app = await startTestApp({ env: checkEnv });
  await metCheckgegevens(app);
});
test.after.always(() => app?.close());

type Toestand = {
  id: string;
  volgende?: { sleutel: string; tekst: string; bomen: string[] };
  nogNodig: number;
  beantwoord: { tekst: string; antwoord: unknown }[];
  uitLocatie: { tekst: string; antwoord: unknown }[];
  conclusies: { bevoegdGezag: string; activiteitNaam: string; conclusie: string; reden?: string; regels: { identificatie: string }[]; verwijzingen: string[] }[];
  totaal: string;
  maatregelen: { nummer: string; tekst: string }[];
  indieningsvereisten: { tekst: string; bijlage?: string }[];
};
async function post(pad: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Toestand & { code?: string; detail?: string } }> {
  const res = await fetch(`${app.baseUrl}/api/vergunningcheck/v1${pad}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-crs': 'EPSG:28992', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const start = (werkzaamheden: string[], punt = PARK) => post('/sessies', { locatie: { type: 'Point', coordinates: punt }, werkzaamheden });

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
  const nu = (await (await fetch(`${app.baseUrl}/api/vergunningcheck/v1/sessies/${begin.id}`)).json()) as Toestand;
  t.deepEqual(nu, terug.body, 'the check read again from its events is the same');
});

test.serial("maatregelen and indieningsvereisten follow the answers; the maatregelen tree's questions are asked in the same check", async (t) => {
  let { body: s } = await start(['dakkapel-plaatsen']);
  // Answer every question asked with a valid answer until none is left: the maatregelen questions come too.
  const gezien: string[] = [];
  for (let i = 0; i < 40 && s.volgende; i++) {
    const v = s.volgende as unknown as { sleutel: string; tekst: string; type: string; opties?: { tekst: string }[] };
    gezien.push(v.tekst);
    const antwoord = v.tekst.startsWith('Worden er in uw bedrijf') ? false : v.opties ? v.opties.at(-1)!.tekst : v.type === 'boolean' ? false : v.type === 'number' ? 50 : 'ja';
    s = (await post(`/sessies/${s.id}/antwoorden`, { sleutel: v.sleutel, antwoord })).body;
  }
  t.is(s.volgende, undefined, `settled after ${gezien.length} questions`);
  t.true(gezien.some((g) => g.startsWith('Worden er in uw bedrijf activiteiten met afvalstoffen')), 'a question of the maatregelen tree');
  t.deepEqual(s.maatregelen.map((m) => m.nummer).sort(), ['m0086', 'm0106', 'm0108', 'm0109', 'm0111']);
  t.true(s.indieningsvereisten.some((i) => i.bijlage === 'Plattegrond evenement'), JSON.stringify(s.indieningsvereisten));

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
