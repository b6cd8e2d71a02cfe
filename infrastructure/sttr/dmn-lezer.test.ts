import test, { type ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { hoofdbeslissingen, type Beslissing, type DmnModel } from '../../domain/toepasbare-regels/model.ts';
import { DmnFout, leesDmn } from './dmn-lezer.ts';

const DATA = new URL('../../../shared/data/amsterdam-vergunningcheck/', import.meta.url);
const lees = (pad: string) => readFileSync(new URL(pad, DATA), 'utf8');
const DAKKAPEL = lees('DMN1.2/ConclusieBouwenDakkapel.dmn');
const DAKKAPEL_11 = lees('DMN1.1/ConclusieBouwenDakkapel.dmn');
const EVENEMENT = lees('DMN1.2/IndieningsvereistenVergunningEvenementOrganiseren.dmn');
const MAATREGELEN = lees('DMN1.2/MaatregelenOpslaanOlieproducten.dmn');

const CONCLUSIE = '_c295d3da-d955-4f30-b88f-e66f26e2e5e0';
const VOORDAKVLAK = '_0abc0dda-a356-4d98-a801-02d35c62d9ad';
const VERGUNNINGVRIJ_VOORDAKVLAK = '_c8b36906-e016-4451-bfb3-d3426f3cb335';

/** A copy of the text with one change, which must take place: a test on an unchanged file proves nothing. */
function met(tekst: string, zoek: RegExp | string, vervang: string): string {
  const uit = tekst.replace(zoek, vervang);
  if (uit === tekst) throw new Error(`niet gevonden: ${zoek}`);
  return uit;
}
/** The problems the reader gives for a text, as [element, id] pairs, and the reasons. */
function fouten(t: ExecutionContext, xml: string) {
  const fout = t.throws(() => leesDmn(xml, 'dakkapel.dmn'), { instanceOf: DmnFout });
  return { plaatsen: fout.fouten.map((f) => [f.element, f.id]), redenen: fout.fouten.map((f) => f.reden), fout };
}
const tabel = (b: Beslissing | undefined) => (b?.logica.soort === 'beslistabel' ? b.logica : undefined);

test('reads the DMN 1.2 dakkapel: its questions, inputs, regelgroepen and decisions', (t) => {
  const model = leesDmn(DAKKAPEL, 'DMN1.2/ConclusieBouwenDakkapel.dmn');
  t.is(model.dmnVersie, '1.2');
  t.is(model.id, '_8f634e90-a421-4a2a-b852-f9c9b11cb584');
  t.is(model.naam, 'Conclusie Bouwen Dakkapel');
  t.is(model.namespace, 'http://toepasbare-regels.omgevingswet.overheid.nl/00000001001104470000');
  t.deepEqual(model.regelgroepen, [
    { id: 'groep1', naam: 'Algemene vragen', prioriteit: 1 },
    { id: 'groep2', naam: 'Afmetingen', prioriteit: 2 },
    { id: 'groep3', naam: 'Extra vragen', prioriteit: 3 },
  ]);
  t.is(Object.keys(model.uitvoeringsregels).length, 17);
  t.is(Object.keys(model.invoer).length, 17);
  t.is(Object.keys(model.beslissingen).length, 10);
  t.deepEqual(model.maatregelen, []);

  t.deepEqual(model.uitvoeringsregels.UitvId0001, {
    id: 'UitvId0001',
    regelgroep: 'groep1',
    prioriteit: 10,
    vraag: { gegevensType: 'boolean', tekst: 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?' },
  });
  const dakvlak = model.uitvoeringsregels.UitvId0015!.vraag!;
  t.is(dakvlak.gegevensType, 'list');
  t.false(dakvlak.meerdereAntwoorden);
  t.deepEqual(dakvlak.opties?.map((o) => [o.volgnummer, o.tekst]), [[1, 'Voorkant'], [2, 'Zijkant'], [3, 'Achterkant']]);
  t.regex(dakvlak.opties![0]!.toelichting!, /^Als de dakkapel aan de kant van het dak ligt waar de voordeur/);
  t.is(dakvlak.opties![1]!.toelichting, undefined);
  t.deepEqual(model.uitvoeringsregels.UitvId0031!.vasteWaarde, {
    vraag: 'Nestelt er een beschermde vogel?',
    waarde: 'false',
    gegevensType: 'boolean',
    voorbehoud:
      'Het is toegestaan een dakkapel te plaatsen onder het voorbehoud dat er geen beschermde vogel nestelt. Klik [hier](https://minez.nederlandsesoorten.nl/content/rode-lijsten-soort-van-rode-lijst-vogels) voor een lijst met beschermde vogels.',
  });
  t.deepEqual(model.uitvoeringsregels.UitvId0032!.vasteWaarde, { vraag: 'Is het gebouw illegaal?', waarde: 'false', gegevensType: 'boolean' }, 'no voorbehoud');
  t.deepEqual(model.uitvoeringsregels.UitvId0034, {
    id: 'UitvId0034',
    regelgroep: 'groep3',
    geoVerwijzing: { locatie: 'nl.imow-gm0345.gebied.gemeentegrens', vraag: 'Ligt het pand binnen de gemeentegrens van Veenendaal?' },
  });
  t.is(model.uitvoeringsregels.UitvId0013!.toelichting, 'Bepaal de afstand tussen de _bovenzijde_ van de __dakkapel__ en de _nok_ van het dak in *centimeters*', 'markdown kept');
  t.regex(model.uitvoeringsregels.UitvId0013!.langeToelichting!, /^De verticaal gemeten afstand/);

  t.deepEqual(model.invoer['_da0ad2b2-9e69-4989-96c8-6285a83ccbc2'], { id: '_da0ad2b2-9e69-4989-96c8-6285a83ccbc2', naam: 'Plat dak', typeRef: 'boolean', uitvoeringsregel: 'UitvId0007' });

  t.deepEqual(hoofdbeslissingen(model).map((b) => b.naam), ['Conclusie Dakkapel']);
  const conclusie = model.beslissingen[CONCLUSIE]!;
  t.is(conclusie.typeRef, 'string');
  t.is(conclusie.functioneleStructuur, 'http://toepasbare-regels.omgevingswet.overheid.nl/00000001001104470000/id/concept/ConclusieBouwenDakkapel');
  t.deepEqual(conclusie.vereisteBeslissingen, ['_49d25b76-404a-4805-b7c3-aa2f9f63f328', '_1d1faee8-997e-48dd-8702-de8c24eb8aac', '_bab67fff-e260-45c8-9c98-c179be5c122d']);
  t.is(conclusie.vereisteInvoer.length, 5);
  const t1 = tabel(conclusie)!;
  t.is(t1.hitPolicy, 'COLLECT');
  t.is(t1.aggregatie, undefined);
  t.deepEqual(t1.invoer.map((i) => i.expressie), [
    'Locatie binnen gemeentegrens',
    'Plat dak',
    'Monument',
    'Fysieke kenmerken vergunningvrije dakkapel',
    'Bijzonder gebouw',
    'Vergunningvrij dakvlak',
    'Nieuwbouw',
    'Beschermde vogel broedt',
  ]);
  t.deepEqual(t1.invoer[1], { id: '_4cf76ce0-9130-473f-a283-0b62504c1126', expressie: 'Plat dak', typeRef: 'boolean' });
  t.deepEqual(t1.uitvoer, [
    {
      id: '_5207a19f-5ffb-4fc8-9ebf-ac8918581844',
      waarden: ['"Vergunningplicht"', '"Toestemmingsvrij"', '"Verbod"', '"Meldingsplicht"', '"Informatieplicht"', '"NeemContactOpMet"', '"NietVanToepassing"'],
    },
  ]);
  t.is(t1.regels.length, 10);
  t.deepEqual(t1.regels[0], {
    id: '_dcd7559a-b486-4bd9-97a1-005ba2fbdf41',
    invoer: ['"nee"', '-', '-', '-', '-', '-', '-', '-'],
    uitvoer: ['"Toestemmingsvrij"'],
    annotaties: ['"/akn/nl/act/gm0503/2019/reg456_gm0503_v1_chp_1_art002"'],
    toelichting: '!video(https://www.vimeo.com/326809320, "Voorbeeld veilig paatsen van een dakkapel")',
  });
  t.regex(t1.regels.find((r) => r.id === '_49fa4d74-c31b-4175-b705-a54782827ee9')!.toelichting!, /^Neem contact op met het gemeentelijk informatiepunt/, 'CDATA, trimmed');
  t.deepEqual(tabel(model.beslissingen['_1d1faee8-997e-48dd-8702-de8c24eb8aac'])!.regels.at(-1)!.invoer, ['<= 175', '> 50', '(50..100)', '>50']);
});

test('the DMN 1.1 dakkapel gives the same questions and decisions, with typeRefs without feel:', (t) => {
  const v11 = leesDmn(DAKKAPEL_11, 'DMN1.1/ConclusieBouwenDakkapel.dmn');
  const v12 = leesDmn(DAKKAPEL, 'DMN1.2/ConclusieBouwenDakkapel.dmn');
  t.is(v11.dmnVersie, '1.1');
  t.deepEqual(v11.uitvoeringsregels, v12.uitvoeringsregels);
  t.deepEqual(v11.invoer, v12.invoer);
  t.deepEqual(v11.regelgroepen, v12.regelgroepen);
  // The one difference in the files: DMN 1.1 has no annotationEntry, the 1.2 file has one.
  const zonderAnnotaties = (m: DmnModel) =>
    Object.values(m.beslissingen).map((b) => (b.logica.soort === 'beslistabel' ? { ...b, logica: { ...b.logica, regels: b.logica.regels.map(({ annotaties: _, ...r }) => r) } } : b));
  t.deepEqual(zonderAnnotaties(v11), zonderAnnotaties(v12));
  t.deepEqual(tabel(v11.beslissingen[CONCLUSIE])!.regels[0]!.annotaties, []);
  t.is(v11.beslissingen[CONCLUSIE]!.typeRef, 'string', 'was feel:string');
  t.is(tabel(v11.beslissingen[CONCLUSIE])!.invoer[1]!.typeRef, 'boolean', 'was feel:boolean');
  t.is(v11.invoer['_5320088c-e4ab-48f0-bb0a-eac7ff2e7dda']!.typeRef, 'number', 'was feel:number');
});

test('reads the indieningsvereisten: bijlagen, a date question and the invocation of an aansluitpunt', (t) => {
  const model = leesDmn(EVENEMENT, 'DMN1.2/IndieningsvereistenVergunningEvenementOrganiseren.dmn');
  t.is(model.id, '', 'the file has no id');
  t.is(model.naam, 'IndieningsvereistenVergunningEvenementOrganiseren');
  t.is(Object.keys(model.uitvoeringsregels).length, 14);
  t.is(Object.keys(model.invoer).length, 14);
  t.is(Object.keys(model.beslissingen).length, 6);
  t.deepEqual(
    Object.values(model.uitvoeringsregels).filter((r) => r.bijlage).map((r) => [r.id, r.bijlage!.type]),
    [['UitvId0006', 'Plattegrond evenement'], ['UitvId0009', 'Routebeschrijving'], ['UitvId0013', 'Bewakingsplan kustwacht']],
  );
  t.regex(model.uitvoeringsregels.UitvId0006!.toelichting!, /aan te geven:\naan- en afvoerroutes/, 'line breaks kept');
  t.deepEqual(model.uitvoeringsregels.UitvId0001!.vraag, { gegevensType: 'date', tekst: 'Wanneer wordt het evenement gehouden?' });
  t.deepEqual(model.beslissingen.Decision0005!.logica, {
    soort: 'aanroep',
    model: 'Indieningsvereisten evenement organiseren',
    beslissing: 'Aansluiting Indieningsvereisten evenement organiseren',
  });
  t.deepEqual(model.beslissingen.Decision0005!.vereisteInvoer, ['InputData0015']);
  t.deepEqual(hoofdbeslissingen(model).map((b) => b.id), ['Decision0001']);
  t.deepEqual(model.beslissingen.Decision0004!.vereisteBeslissingen, ['_ecea6173-cc87-45f3-9474-66e0fbc6f5b9']);
  t.is(tabel(model.beslissingen.Decision0004)!.hitPolicy, 'UNIQUE');
  t.deepEqual(tabel(model.beslissingen.Decision0002)!.regels[0]!.invoer, ['"Eten en drinken"', 'not(null)', 'not(null)', 'true']);
});

test('reads the maatregelen, in order, and the COLLECT table with two outputs that picks them', (t) => {
  const model = leesDmn(MAATREGELEN, 'DMN1.2/MaatregelenOpslaanOlieproducten.dmn');
  t.is(model.maatregelen.length, 6);
  t.deepEqual(model.maatregelen.map((m) => m.nummer), ['m0112', 'm0106', 'm0108', 'm0109', 'm0111', 'm0086']);
  t.deepEqual(model.maatregelen[0], {
    id: 'm0112',
    nummer: 'm0112',
    tekst: 'Leeg de opslagtank',
    toelichting: 'U moet een opslagtank met afgewerkte olie elk jaar leegmaken.',
    frequentie: 'Een keer per jaar',
    volgorde: 1,
    kenmerk: 'Afgewerkte olie (BGT)',
    thema: 'Bodem',
  });
  t.deepEqual(model.maatregelen.map((m) => m.volgorde), [1, 2, 3, 4, 5, 6]);
  t.is(model.maatregelen[4]!.thema, 'Veiligheid');
  t.is(model.maatregelen[5]!.thema, 'Bodem', 'm0086 names Bodem and Veiligheid; the model keeps one');
  t.regex(model.maatregelen[1]!.toelichting!, /\n# Uitzondering voor dubbelwandige tanks/, 'markdown heading on its own line');

  const [beslissing] = Object.values(model.beslissingen);
  t.is(beslissing!.functioneleStructuur, 'http://toepasbare-regels.omgevingswet.overheid.nl/00000001821699180000/id/concept/MaatregelenOpslaanOlieproducten', 'written without #');
  const t1 = tabel(beslissing)!;
  t.is(t1.hitPolicy, 'COLLECT');
  t.deepEqual(t1.uitvoer.map((u) => [u.naam, u.typeRef]), [['Voorschriften', 'string'], ['Maatregelen', 'string']]);
  t.is(t1.regels.length, 17);
  t.deepEqual(t1.regels.map((r) => r.uitvoer[1]).filter((u) => u !== '""'), ['"m0106"', '"m0106"', '"m0108"', '"m0109"', '"m0109"', '"m0111"', '"m0112"', '"m0086"', '"m0086"']);
  t.regex(t1.regels[0]!.uitvoer[0]!, /^"jci1\.3:c:BWBR0022762&hoofdstuk=3&/, 'entities read');
  t.is(t1.invoer[0]!.expressie, 'Activiteiten anders dan alleen het opslaan en afvoeren van afval dat binnen uw bedrijf is ontstaan?');
});

test('reads DMN 1.3 with an unprefixed namespace and a literal expression that uses a name with spaces', (t) => {
  const klein = (expressie: string) => `<?xml version="1.0"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="klein" name="Klein" namespace="urn:klein">
  <inputData id="hoogte" name="Hoogte in cm"><variable name="Hoogte in cm" typeRef="number"/></inputData>
  <decision id="teHoog" name="Te hoog">
    <variable name="Te hoog" typeRef="boolean"/>
    <informationRequirement><requiredInput href="#hoogte"/></informationRequirement>
    <literalExpression><text>${expressie}</text></literalExpression>
  </decision>
</definitions>`;
  const model = leesDmn(klein('Hoogte in cm &gt; 175'), 'klein.dmn');
  t.is(model.dmnVersie, '1.3');
  t.deepEqual(model.beslissingen.teHoog, { id: 'teHoog', naam: 'Te hoog', typeRef: 'boolean', vereisteBeslissingen: [], vereisteInvoer: ['hoogte'], logica: { soort: 'expressie', tekst: 'Hoogte in cm > 175' } });
  t.deepEqual(model.invoer.hoogte, { id: 'hoogte', naam: 'Hoogte in cm', typeRef: 'number' });

  const { plaatsen, redenen } = fouten(t, klein('Hoogte in cm &gt;'));
  t.deepEqual(plaatsen, [['literalExpression', 'teHoog']]);
  t.regex(redenen[0]!, /"Hoogte in cm >" is geen geldige FEEL: Incomplete/);
});

test('malformed XML is a DmnFout on the file', (t) => {
  const fout = t.throws(() => leesDmn(DAKKAPEL.slice(0, 20000), 'DMN1.2/ConclusieBouwenDakkapel.dmn'), { instanceOf: DmnFout });
  t.is(fout.fouten.length, 1);
  t.like(fout.fouten[0], { bestand: 'DMN1.2/ConclusieBouwenDakkapel.dmn', element: 'bestand', id: '' });
  t.regex(fout.fouten[0]!.reden, /^geen geldige XML: /);
  t.regex(fout.message, /^Het DMN-bestand heeft 1 fout\(en\)\. De eerste: DMN1\.2\/ConclusieBouwenDakkapel\.dmn bestand : geen geldige XML/);
});

test('a root that is not DMN definitions is no DMN file', (t) => {
  const bpmn = fouten(t, '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="proces"/>');
  t.deepEqual(bpmn.plaatsen, [['definitions', 'proces']]);
  t.regex(bpmn.redenen[0]!, /^geen DMN-bestand/);
  const ander = fouten(t, met(met(DAKKAPEL, '<dmn:definitions ', '<dmn:decision '), '</dmn:definitions>', '</dmn:decision>'));
  t.deepEqual(ander.plaatsen, [['decision', '_8f634e90-a421-4a2a-b852-f9c9b11cb584']]);
  t.regex(ander.redenen[0]!, /^geen DMN-bestand/);
});

test('a FEEL syntax error in an inputEntry names the rule and the decision', (t) => {
  const xml = met(DAKKAPEL, /(<dmn:inputEntry id="_5122dffa-f267-4626-8c78-6dbf71d5c5a7">\s*<dmn:text>)true(<\/dmn:text>)/, '$1&gt;= ($2');
  const { plaatsen, redenen } = fouten(t, xml);
  t.deepEqual(plaatsen, [['inputEntry', '_49fa4d74-c31b-4175-b705-a54782827ee9']], 'only this one: no false alarms elsewhere');
  t.regex(redenen[0]!, new RegExp(`^beslissing ${CONCLUSIE}, invoer 2: ">= \\(" is geen geldige FEEL: Incomplete <ParenthesizedExpression>`));
});

test('an inputData whose uitvoeringsregelRef points to a missing uitvoeringsregel', (t) => {
  const { plaatsen, redenen } = fouten(t, met(DAKKAPEL, 'href="#UitvId0007"', 'href="#UitvId0099"'));
  t.deepEqual(plaatsen, [['uitvoeringsregelRef', '_da0ad2b2-9e69-4989-96c8-6285a83ccbc2']]);
  t.is(redenen[0], 'verwijst naar uitvoeringsregel #UitvId0099 die niet bestaat');
});

test('a requiredDecision to a missing decision', (t) => {
  const { plaatsen, redenen } = fouten(t, met(DAKKAPEL, '<dmn:requiredDecision href="#_bab67fff-e260-45c8-9c98-c179be5c122d"/>', '<dmn:requiredDecision href="#_weg"/>'));
  t.deepEqual(plaatsen, [['requiredDecision', CONCLUSIE]]);
  t.is(redenen[0], 'verwijst naar beslissing #_weg die niet bestaat');
});

test('a rule with one inputEntry too few', (t) => {
  const { plaatsen, redenen } = fouten(t, met(DAKKAPEL, /<dmn:inputEntry id="_2f6fb67f-344d-471d-b18a-b7b439680a52">[\s\S]*?<\/dmn:inputEntry>/, ''));
  t.deepEqual(plaatsen, [['rule', '_dcd7559a-b486-4bd9-97a1-005ba2fbdf41']]);
  t.is(redenen[0], `beslissing ${CONCLUSIE}: de regel heeft 7 inputEntry, de tabel 8 input`);
});

test('a decision that needs itself through another is a cycle', (t) => {
  // Voordakvlak now also needs "Vergunningvrij voordakvlak", which needs Voordakvlak.
  const xml = met(
    DAKKAPEL,
    '<dmn:variable id="_52b725e3-2d1a-449b-ba9a-b7d8e727bf5c" name="Voordakvlak" typeRef="boolean"/>',
    `$&<dmn:informationRequirement><dmn:requiredDecision href="#${VERGUNNINGVRIJ_VOORDAKVLAK}"/></dmn:informationRequirement>`,
  );
  const { plaatsen, redenen } = fouten(t, xml);
  t.deepEqual(plaatsen, [['decision', VERGUNNINGVRIJ_VOORDAKVLAK]]);
  t.is(redenen[0], 'hangt van zichzelf af: "Vergunningvrij voordakvlak" → "Voordakvlak" → "Vergunningvrij voordakvlak"');
  t.truthy(leesDmn(DAKKAPEL, 'x').beslissingen[VOORDAKVLAK], 'the original has no cycle');
});

test('collects every problem in the file, not only the first', (t) => {
  let xml = DAKKAPEL;
  xml = met(xml, '<uitv:gegevensType>boolean</uitv:gegevensType>', '<uitv:gegevensType>janee</uitv:gegevensType>'); // UitvId0001
  xml = met(xml, /(<uitv:uitvoeringsregel id="UitvId0021">\s*<uitv:regelgroepRef href=")#groep3/, '$1#groep9');
  xml = met(xml, 'hitPolicy="COLLECT" id="_4a6c7cb0', 'hitPolicy="COLLECT" aggregation="AVG" id="_4a6c7cb0');
  xml = met(xml, '<dmn:text>Plat dak</dmn:text>', '<dmn:text>Plat dak +</dmn:text>');
  xml = met(xml, '<dmn:text>"Verbod"</dmn:text>', '<dmn:text>"Verbod</dmn:text>');
  xml = met(xml, 'hitPolicy="ANY" id="_3efaed24', 'hitPolicy="SOME" id="_3efaed24');
  const { plaatsen, redenen, fout } = fouten(t, xml);
  t.deepEqual(plaatsen, [
    ['gegevensType', 'UitvId0001'],
    ['regelgroepRef', 'UitvId0021'],
    ['decisionTable', CONCLUSIE],
    ['inputExpression', '_4cf76ce0-9130-473f-a283-0b62504c1126'],
    ['outputEntry', '_b322aca8-cb63-4663-8fe8-d99e4fcf113d'],
    ['decisionTable', VOORDAKVLAK],
  ]);
  t.regex(redenen[0]!, /^onbekend gegevensType "janee"/);
  t.is(redenen[1], 'verwijst naar regelgroep #groep9 die niet bestaat');
  t.is(redenen[2], 'onbekende aggregation "AVG"');
  t.is(redenen[5], 'onbekende hitPolicy "SOME"');
  t.regex(fout.message, /^Het DMN-bestand heeft 6 fout\(en\)\. De eerste: dakkapel\.dmn gegevensType UitvId0001: /);
});
