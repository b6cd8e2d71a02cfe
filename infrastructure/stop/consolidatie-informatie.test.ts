import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { completeToestanden, instrumentversieOp, type Toestand } from '../../domain/tijd/toestanden.ts';
import { projectRoot } from '../paths.ts';
import { StopXmlError, leesConsolidatieInformatie } from './consolidatie-informatie.ts';

const oracle = join(projectRoot, '..', 'shared', 'data', 'stop-versiebeheer-simulator', 'rectificatie-besluit');

/** Each ConsolidatieInformatie of the folder in file-name order, received on its gemaaktOp. */
const leveringen = () =>
  readdirSync(oracle)
    .filter((f) => f.endsWith('Consolidatie-informatie.xml'))
    .sort()
    .map((f) => leesConsolidatieInformatie(readFileSync(join(oracle, f), 'utf8')));

interface Verwacht {
  Toestanden: { Identificatie: number; BekendOp: string; OntvangenOp: string; JuridischWerkendVanaf: string; GeldigVanaf: string; Inhoud: number }[];
  ToestandInhoud: ({ Instrumentversie: string; IsNietInWerking: false } | { IsNietInWerking: true })[];
}

const alsStop = (t: Toestand) => ({
  BekendOp: t.bekendOp,
  OntvangenOp: t.ontvangenOp.slice(0, 10),
  JuridischWerkendVanaf: t.juridischWerkendVanaf,
  GeldigVanaf: t.geldigVanaf,
  Inhoud: 'instrumentversie' in t.inhoud ? { Instrumentversie: t.inhoud.instrumentversie, IsNietInWerking: false } : { IsNietInWerking: true },
});

test('STOP oracle (rectificatie besluit): replaying both deliveries gives exactly the expected complete toestanden', (t) => {
  const verwacht = JSON.parse(readFileSync(join(oracle, 'Test_CompleteToestanden_verwacht.json'), 'utf8'))['Testresultaat - CompleteToestanden'] as Record<string, Verwacht>;
  const toestanden = completeToestanden(leveringen());
  t.deepEqual([...toestanden.keys()].sort(), Object.keys(verwacht).sort());
  for (const [instrument, v] of Object.entries(verwacht)) {
    // Identificatie is the place in the list, newest first; the list order is compared as a whole.
    t.deepEqual(v.Toestanden.map((x) => x.Identificatie), v.Toestanden.map((_, i) => i));
    const expected = v.Toestanden.map(({ Inhoud, Identificatie: _, ...rest }) => ({ ...rest, Inhoud: v.ToestandInhoud[Inhoud] }));
    t.deepEqual(toestanden.get(instrument)!.map(alsStop), expected, instrument);
  }
});

test('STOP oracle: every beschikbaarOp/bekendOp before and after the rectificatie, geldigOp 1..20 February 2020', (t) => {
  const toestanden = completeToestanden(leveringen()).get('/akn/nl/act/gm9999/2020/REG0001')!;
  const momenten = { voor: '2020-01-24', na: '2020-01-26' };
  let checked = 0;
  for (const [beschikbaar, beschikbaarOp] of Object.entries(momenten)) {
    for (const [bekend, bekendOp] of Object.entries(momenten)) {
      for (let dag = 1; dag <= 20; dag++) {
        const geldigOp = `2020-02-${String(dag).padStart(2, '0')}`;
        const rectificatieBekend = beschikbaar === 'na' && bekend === 'na';
        // Before the rectificatie is known: version ;1 from 1 February. After: not in force until 15 February, then ;1a.
        const verwacht = rectificatieBekend
          ? dag >= 15 ? '/akn/nl/act/gm9999/2020/REG0001/nld@2020-01-20;1a' : undefined
          : '/akn/nl/act/gm9999/2020/REG0001/nld@2020-01-20;1';
        const gevonden = instrumentversieOp(toestanden, { beschikbaarOp: `${beschikbaarOp}T23:59:59.999Z`, bekendOp, geldigOp, inWerkingOp: geldigOp });
        t.is(gevonden, verwacht, `beschikbaarOp ${beschikbaar}, bekendOp ${bekend}, geldigOp ${geldigOp}`);
        checked++;
      }
    }
  }
  t.is(checked, 80);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2020-01-31' }), undefined, 'not in force before 1 February');
});

test('the STOP XML reader refuses malformed XML and other documents with a clear reason', (t) => {
  t.throws(() => leesConsolidatieInformatie('<ConsolidatieInformatie xmlns="https://standaarden.overheid.nl/stop/imop/data/"><gemaaktOp>'), {
    instanceOf: StopXmlError,
    message: /^Malformed XML/,
  });
  t.throws(() => leesConsolidatieInformatie('<Besluit xmlns="https://standaarden.overheid.nl/stop/imop/tekst/"/>'), {
    instanceOf: StopXmlError,
    message: /Not a STOP ConsolidatieInformatie: root is <Besluit>/,
  });
  t.throws(() => leesConsolidatieInformatie('<ConsolidatieInformatie xmlns="https://standaarden.overheid.nl/stop/imop/data/"><gemaaktOp>gisteren</gemaaktOp></ConsolidatieInformatie>'), {
    instanceOf: StopXmlError,
    message: /gemaaktOp is not a date-time: gisteren/,
  });
  const zonderDatum = `<ConsolidatieInformatie xmlns="https://standaarden.overheid.nl/stop/imop/data/"><gemaaktOp>2020-01-21T09:03:00Z</gemaaktOp>
    <Tijdstempels><Tijdstempel><doel>/join/id/proces/x</doel><soortTijdstempel>juridischWerkendVanaf</soortTijdstempel><datum>1 feb</datum></Tijdstempel></Tijdstempels></ConsolidatieInformatie>`;
  t.throws(() => leesConsolidatieInformatie(zonderDatum), { instanceOf: StopXmlError, message: /datum 1 feb is not a date/ });
});

test('terugwerkende kracht from the complex STOP example: geldigVanaf before juridischWerkendVanaf', (t) => {
  const file = join(projectRoot, '..', 'shared', 'data', 'stop-versiebeheer-simulator', 'complex-voorbeeld', '50 Wijziging met terugwerkende kracht.xml');
  const levering = leesConsolidatieInformatie(readFileSync(file, 'utf8'));
  t.deepEqual(levering.tijdstempels, [
    { doel: '/join/id/proces/gm9999/2022/WijzigingTerugwerkend', soort: 'juridischWerkendVanaf', datum: '2022-08-01' },
    { doel: '/join/id/proces/gm9999/2022/WijzigingTerugwerkend', soort: 'geldigVanaf', datum: '2022-05-01' },
  ]);
  const toestanden = completeToestanden([levering]).get('/akn/nl/act/gm9999/2022/REG_A')!;
  const versie = '/akn/nl/act/gm9999/2022/REG_A/nld@2022;versie6twk';
  t.is(instrumentversieOp(toestanden, { geldigOp: '2022-06-01', inWerkingOp: '2022-09-01' }), versie, 'applies back to May once in force');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2022-06-01', inWerkingOp: '2022-07-01' }), undefined, 'not yet in force in July');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2022-04-30', inWerkingOp: '2022-09-01' }), undefined, 'not before geldigVanaf');
});

test('terugtrekkingen as STOP writes them: TerugtrekkingTijdstempel in <Terugtrekkingen>, an Intrekking with one <doel>', (t) => {
  const xml = `<ConsolidatieInformatie xmlns="https://standaarden.overheid.nl/stop/imop/data/">
  <gemaaktOp>2022-05-13T07:00:00Z</gemaaktOp>
  <Intrekkingen>
    <Intrekking><doel>/join/id/proces/gm9999/2022/Intrekking</doel><instrument>/akn/nl/act/gm9999/2020/REG0002</instrument><eId>art_I</eId></Intrekking>
  </Intrekkingen>
  <Terugtrekkingen>
    <TerugtrekkingRegeling><doel>/join/id/proces/gm9999/2020/Wijziging</doel><instrument>/akn/nl/act/gm9999/2020/REG0001</instrument><eId>art_I</eId>
      <gemaaktOpBasisVan><Basisversie><doel>/join/id/proces/gm9999/2020/Instelling</doel><gemaaktOp>2020-02-28T09:00:00Z</gemaaktOp></Basisversie></gemaaktOpBasisVan>
    </TerugtrekkingRegeling>
    <TerugtrekkingIntrekking><doel>/join/id/proces/gm9999/2021/Intrekking</doel><instrument>/akn/nl/act/gm9999/2020/REG0003</instrument><eId>art_I</eId></TerugtrekkingIntrekking>
    <TerugtrekkingInformatieobject><doel>/join/id/proces/gm9999/2020/Wijziging</doel><instrument>/join/id/regdata/gm9999/2020/gio1</instrument><eId>art_I</eId></TerugtrekkingInformatieobject>
    <TerugtrekkingTijdstempel><doel>/join/id/proces/gm9999/2020/Instelling</doel><soortTijdstempel>juridischWerkendVanaf</soortTijdstempel><eId>art_II</eId></TerugtrekkingTijdstempel>
    <TerugtrekkingMaterieelUitgewerkt><instrument>/akn/nl/act/gm9999/2020/REG0001</instrument></TerugtrekkingMaterieelUitgewerkt>
  </Terugtrekkingen>
</ConsolidatieInformatie>`;
  const levering = leesConsolidatieInformatie(xml);
  t.deepEqual(levering.intrekkingen, [{ doelen: ['/join/id/proces/gm9999/2022/Intrekking'], instrument: '/akn/nl/act/gm9999/2020/REG0002' }]);
  t.deepEqual(levering.terugtrekkingenTijdstempel, [{ doel: '/join/id/proces/gm9999/2020/Instelling', soort: 'juridischWerkendVanaf' }]);
  t.deepEqual(levering.terugtrekkingen, [
    { doel: '/join/id/proces/gm9999/2020/Wijziging', instrument: '/akn/nl/act/gm9999/2020/REG0001' },
    { doel: '/join/id/proces/gm9999/2021/Intrekking', instrument: '/akn/nl/act/gm9999/2020/REG0003' },
    { doel: '/join/id/proces/gm9999/2020/Wijziging', instrument: '/join/id/regdata/gm9999/2020/gio1' },
  ]);
  t.throws(() => leesConsolidatieInformatie(xml.replace('<soortTijdstempel>juridischWerkendVanaf', '<soortTijdstempel>bekendOp')), {
    instanceOf: StopXmlError,
    message: /TerugtrekkingTijdstempel: unknown soortTijdstempel bekendOp/,
  });
  t.throws(() => leesConsolidatieInformatie(xml.replace('<doel>/join/id/proces/gm9999/2021/Intrekking</doel>', '')), { instanceOf: StopXmlError, message: /TerugtrekkingIntrekking: <doel> is missing/ });
});

test('gemaaktOpBasisVan is read per beoogde version (the rectificatie of the oracle builds on the Instelling as delivered on 21 January)', (t) => {
  const [, rectificatie] = leveringen();
  t.deepEqual(
    rectificatie!.beoogdeVersies!.map((v) => v.basisversies),
    [[{ doel: '/join/id/proces/gm9999/2020/InstellingOmgevingsplan', gemaaktOp: '2020-01-21T09:03:00.000Z' }], [{ doel: '/join/id/proces/gm9999/2020/InstellingOmgevingsplan', gemaaktOp: '2020-01-21T09:03:00.000Z' }]],
  );
  const xml = readFileSync(join(oracle, '02-BG-Rectificatie-Besluit-Consolidatie-informatie.xml'), 'utf8').replace('<gemaaktOp>2020-01-21T09:03:00Z</gemaaktOp>', '<gemaaktOp>gisteren</gemaaktOp>');
  t.throws(() => leesConsolidatieInformatie(xml), { instanceOf: StopXmlError, message: /Basisversie: gemaaktOp is not a date-time: gisteren/ });
});
