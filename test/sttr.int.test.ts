import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import type { DmnModel } from '../domain/toepasbare-regels/model.ts';
import { antwoordenVoor, uitkomstVan } from '../infrastructure/cli/sttr.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import { leesDmn } from '../infrastructure/sttr/dmn-lezer.ts';

/**
 * The real toepasbare regels of Amsterdam's vergunningcheck (DMN 1.1 and 1.2, see
 * ../shared/data/SOURCES.md) evaluated on answer paths derived from their decision tables,
 * and `npm run sttr` as the people who write them use it.
 */
const DATA = join(projectRoot, '..', 'shared', 'data', 'amsterdam-vergunningcheck');
const bestand = (versie: string, naam: string) => join(DATA, versie, `${naam}.dmn`);
const laad = (versie: string, naam: string): DmnModel => leesDmn(readFileSync(bestand(versie, naam), 'utf8'), `${naam}.dmn`);
const evalueer = (model: DmnModel, antwoorden: Record<string, unknown>) => uitkomstVan(model, antwoordenVoor(model, antwoorden));

/** A pand in the gemeente with a flat-roofed dakkapel, no monument, no special building. */
const GEWOON = { 'Locatie binnen gemeentegrens': 'ja', 'Plat dak': true, Monument: false, Woonwagen: false, 'Tijdelijk bouwwerk': false, 'Recreatief nachtverblijf': false };
const MATEN = { 'Hoogte dakkapel': 150, 'Afstand dakvoet': 60, 'Afstand nok': 60, 'Afstand zijkanten': 60 };
const PADEN: [string, Record<string, unknown>, string[]][] = [
  ['outside the gemeente', { 'Locatie binnen gemeentegrens': 'nee' }, ['Toestemmingsvrij']],
  ['partly in the gemeente', { 'Locatie binnen gemeentegrens': 'deels' }, ['Informatieplicht']],
  ['on a monument', { 'Locatie binnen gemeentegrens': 'ja', 'Plat dak': true, Monument: true }, ['Verbod']],
  ['on a woonwagen', { ...GEWOON, Woonwagen: true }, ['NeemContactOpMet']],
  ['at the back, too high', { ...GEWOON, Dakvlak: 'Achterkant', RBS: false, 'Gekeerd naar openbaar gebied': false, ...MATEN, 'Hoogte dakkapel': 200, Nieuwbouw: false }, ['Vergunningplicht']],
  ['at the back, within the measures', { ...GEWOON, Dakvlak: 'Achterkant', RBS: false, 'Gekeerd naar openbaar gebied': false, ...MATEN, Nieuwbouw: false }, ['Toestemmingsvrij']],
  ['at the front, with welstandscriteria', { ...GEWOON, Dakvlak: 'Voorkant', RBS: false, Welstandscriteria: true, ...MATEN }, ['Meldingsplicht']],
];

for (const versie of ['DMN1.2', 'DMN1.1']) {
  test(`dakkapel (${versie}): seven answer paths from its decision tables give their conclusie`, (t) => {
    const model = laad(versie, 'ConclusieBouwenDakkapel');
    for (const [naam, antwoorden, verwacht] of PADEN) {
      const uit = evalueer(model, antwoorden);
      t.deepEqual((uit.beslissingen['Conclusie Dakkapel'] as { waarde?: unknown }).waarde, verwacht, naam);
      t.deepEqual(uit.nodig, [], `${naam}: no question left`);
    }
  });
}

test('dakkapel: only questions that can still change the conclusie are needed; fixed values are never asked', (t) => {
  const model = laad('DMN1.2', 'ConclusieBouwenDakkapel');
  const leeg = evalueer(model, {});
  t.is(leeg.nodig.length, 15, 'everything open: every question but the two the model fixes');
  t.false(leeg.nodig.some((v) => v.invoer === 'Beschermde vogel broedt' || v.invoer === 'Illegaal gebouw'));
  t.deepEqual(leeg.nodig[0], { id: 'UitvId0001', invoer: 'Monument', tekst: 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?', type: 'boolean', regelgroep: 'Algemene vragen' });
  t.deepEqual(evalueer(model, { 'Locatie binnen gemeentegrens': 'ja', 'Plat dak': false }).nodig.map((v) => v.invoer), ['Monument'], 'no flat roof: only a monument still matters');
  const buiten = evalueer(model, { UitvId0034: 'nee' });
  t.like(buiten.beslissingen['Conclusie Dakkapel'], { waarde: ['Toestemmingsvrij'], annotaties: ['/akn/nl/act/gm0503/2019/reg456_gm0503_v1_chp_1_art002'] }, 'answered by uitvoeringsregel id; the rule names its juridische regel');
});

test('maatregelen (olieproducten): the COLLECT table selects the expected maatregelen, described in the model', (t) => {
  const model = laad('DMN1.2', 'MaatregelenOpslaanOlieproducten');
  const nummers = (antwoorden: Record<string, unknown>) => {
    const waarde = Object.values(evalueer(model, antwoorden).beslissingen)[0] as { waarde?: { Maatregelen: string }[] };
    return waarde.waarde === undefined ? undefined : [...new Set(waarde.waarde.map((w) => w.Maatregelen).filter(Boolean))].sort();
  };
  t.deepEqual(nummers({ UitvId0001: false, 'Waar ontstaan': 'Binnen bedrijf' }), ['m0086', 'm0106', 'm0108', 'm0109', 'm0111']);
  t.deepEqual(nummers({ UitvId0001: true, 'Waar ontstaan': 'Binnen bedrijf' }), ['m0086']);
  t.deepEqual(nummers({ UitvId0001: true, 'Waar ontstaan': 'Andere locatie' }), []);
  t.is(nummers({ UitvId0001: false }), undefined, 'open while Waar ontstaan can still change it');
  t.like(model.maatregelen.find((m) => m.nummer === 'm0109'), { tekst: 'Installeer een overvulbeveiliging.', thema: 'Bodem' });
});

test('indieningsvereisten (evenement): what an aanvraag needs follows the answers; an aansluitpunt of another model is named', (t) => {
  const model = laad('DMN1.2', 'IndieningsvereistenVergunningEvenementOrganiseren');
  const nodig = (antwoorden: Record<string, unknown>) => evalueer(model, antwoorden).nodig.map((v) => (v.bijlage ? `bijlage ${v.bijlage}` : v.invoer));
  const algemeen = ['Start evenement', 'Duur evenement', 'Type evenement', 'Verwacht aantal bezoekers', 'Organisatie evenement', 'bijlage Plattegrond evenement'];
  t.deepEqual(nodig({ Weg: false, Water: false }), algemeen);
  t.deepEqual(nodig({ Weg: true, Water: false }), [...algemeen, 'Beschrijving weggedeelte', 'bijlage Routebeschrijving']);
  t.deepEqual(nodig({ Weg: false, Water: true, Noordzee: true }), [...algemeen, 'Beschrijving watergedeelte', 'bijlage Bewakingsplan kustwacht']);
  t.deepEqual(nodig({ Weg: false, Water: true, Noordzee: false }), [...algemeen, 'Beschrijving watergedeelte']);
  const alles = evalueer(model, { 'Start evenement': '2027-06-01', 'Duur evenement': '2 dagen', 'Type evenement': 'Eten en drinken', 'Verwacht aantal bezoekers': 500, 'Organisatie evenement': 'Stichting X', 'Plattegrond evenement': true, Weg: false, Water: false, namespace: true });
  t.deepEqual(alles.nodig, []);
  t.deepEqual(Object.values(alles.beslissingen)[0], { nietBepaald: 'hangt af van Indieningsvereisten evenement organiseren: Aansluiting Indieningsvereisten evenement organiseren, een ander model' });
});

const exec = promisify(execFile);
async function sttr(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', join(projectRoot, 'infrastructure', 'cli', 'sttr.ts'), ...args], { cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('npm run sttr: check lists questions and decisions; evaluate gives the outcome or the questions still needed', async (t) => {
  const dakkapel = bestand('DMN1.2', 'ConclusieBouwenDakkapel');
  const check = await sttr('check', dakkapel);
  t.is(check.code, 0, check.stderr);
  const c = JSON.parse(check.stdout) as { model: string; dmnVersie: string; vragen: { id: string; opties?: string[] }[]; beslissingen: { naam: string; hoofdbeslissing?: boolean; logica: string }[] };
  t.is(c.dmnVersie, '1.2');
  t.is(c.vragen.length, 17);
  t.deepEqual(c.vragen.find((v) => v.id === 'UitvId0015')?.opties, ['Voorkant', 'Zijkant', 'Achterkant']);
  t.deepEqual(c.beslissingen.filter((b) => b.hoofdbeslissing).map((b) => [b.naam, b.logica]), [['Conclusie Dakkapel', 'beslistabel COLLECT, 10 regels']]);

  const map = mkdtempSync(join(tmpdir(), 'sttr-'));
  writeFileSync(join(map, 'antwoorden.json'), JSON.stringify({ 'Locatie binnen gemeentegrens': 'ja', 'Plat dak': true, Monument: true }));
  const ev = await sttr('evaluate', dakkapel, '--answers', join(map, 'antwoorden.json'));
  t.is(ev.code, 0, ev.stderr);
  t.like(JSON.parse(ev.stdout), { beslissingen: { 'Conclusie Dakkapel': { waarde: ['Verbod'] } }, nodig: [] });
  const open = JSON.parse((await sttr('evaluate', dakkapel)).stdout) as { nodig: { invoer: string }[] };
  t.is(open.nodig[0]!.invoer, 'Monument', 'without answers: the first question');

  writeFileSync(join(map, 'fout.json'), JSON.stringify({ Monument: 'ja', Dakvlak: 'Bovenkant', Kelder: true }));
  const fout = await sttr('evaluate', dakkapel, '--answers', join(map, 'fout.json'));
  t.is(fout.code, 1);
  t.regex(fout.stderr, /Monument: Het antwoord op "Is er sprake van een monument.*" is ja of nee/);
  t.regex(fout.stderr, /Dakvlak: .*is een van: Voorkant, Zijkant, Achterkant; niet "Bovenkant"/);
  t.regex(fout.stderr, /Kelder: geen vraag van dit model/);
});

test('npm run sttr: a malformed file, a FEEL syntax error and a missing uitvoeringsregel are named by file, element and id', async (t) => {
  const map = mkdtempSync(join(tmpdir(), 'sttr-'));
  const echt = readFileSync(bestand('DMN1.2', 'ConclusieBouwenDakkapel'), 'utf8');
  writeFileSync(join(map, 'afgebroken.dmn'), echt.slice(0, echt.length / 2));
  const afgebroken = await sttr('check', join(map, 'afgebroken.dmn'));
  t.is(afgebroken.code, 1);
  t.regex(afgebroken.stderr, /afgebroken\.dmn bestand /);

  // The first inputEntry of the first rule of Conclusie Dakkapel, made invalid FEEL.
  const feel = echt.replace('<dmn:text>"nee"</dmn:text>', '<dmn:text>&gt;= (</dmn:text>');
  t.not(feel, echt);
  writeFileSync(join(map, 'feel.dmn'), feel);
  const feelfout = await sttr('check', join(map, 'feel.dmn'));
  t.is(feelfout.code, 1);
  t.regex(feelfout.stderr, /feel\.dmn inputEntry _dcd7559a-b486-4bd9-97a1-005ba2fbdf41: .*>= \(/);

  const zonder = echt.replace('<uitv:uitvoeringsregelRef href="#UitvId0001"/>', '<uitv:uitvoeringsregelRef href="#UitvId9999"/>');
  t.not(zonder, echt);
  writeFileSync(join(map, 'zonder.dmn'), zonder);
  const ref = await sttr('check', join(map, 'zonder.dmn'));
  t.is(ref.code, 1);
  t.regex(ref.stderr, /zonder\.dmn .* _b22d3c74-d0f1-4a5e-8021-435a38d96a88: .*UitvId9999/);

  t.regex((await sttr('check', join(map, 'bestaat-niet.dmn'))).stderr, /bestaat-niet\.dmn: bestand niet gevonden/);
  t.is((await sttr('oordeel')).code, 2);
});
