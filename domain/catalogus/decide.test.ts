import test from 'ava';
import { CatalogusFout, decideWerkzaamheid, type WerkzaamheidCommand } from './decide.ts';
import { beginWerkzaamheid, evolveWerkzaamheid, inCatalogus, type Werkzaamheid } from './werkzaamheid.ts';

const vaststelling = (extra: Partial<Extract<WerkzaamheidCommand, { type: 'StelWerkzaamheidVast' }>['data']> = {}): WerkzaamheidCommand => ({
  type: 'StelWerkzaamheidVast',
  data: { id: 'dakkapel-plaatsen', naam: 'Dakkapel plaatsen', zoektermen: ['dakraam', 'opbouw'], activiteiten: ['dakkapel plaatsen', 'bouwen'], ...extra },
});
const intrekking = (reden = 'Opgegaan in "Dak verbouwen"'): WerkzaamheidCommand => ({ type: 'TrekWerkzaamheidIn', data: { id: 'dakkapel-plaatsen', reden } });
const run = (commands: WerkzaamheidCommand[], state: Werkzaamheid = beginWerkzaamheid()) => commands.reduce((s, c) => decideWerkzaamheid(c, s).reduce(evolveWerkzaamheid, s), state);

test('each change is a new version; the same content again stores nothing', (t) => {
  const [eerste] = decideWerkzaamheid(vaststelling({ omschrijving: '  Een dakkapel   bouwen. ' }), beginWerkzaamheid());
  t.deepEqual(eerste, {
    type: 'WerkzaamheidVastgesteld',
    data: { id: 'dakkapel-plaatsen', versie: 1, naam: 'Dakkapel plaatsen', omschrijving: 'Een dakkapel bouwen.', zoektermen: ['dakraam', 'opbouw'], activiteiten: ['dakkapel plaatsen', 'bouwen'] },
  }, 'spaces tidied');
  const v1 = run([vaststelling()]);
  t.deepEqual(decideWerkzaamheid(vaststelling(), v1), [], 'same content');
  t.deepEqual(decideWerkzaamheid(vaststelling({ naam: ' Dakkapel  plaatsen ', zoektermen: ['dakraam ', 'opbouw'] }), v1), [], 'same content apart from spaces');
  const v2 = run([vaststelling({ activiteiten: ['dakkapel plaatsen', 'bouwen', 'nl.imow-gm0344.activiteit.dakkapelplaatsen'] })], v1);
  t.is(v2.versie, 2);
  t.deepEqual(v2.inhoud?.activiteiten, ['dakkapel plaatsen', 'bouwen', 'nl.imow-gm0344.activiteit.dakkapelplaatsen']);
  t.like(decideWerkzaamheid(vaststelling({ zoektermen: ['dakraam'] }), v2)[0], { data: { versie: 3, zoektermen: ['dakraam'] } }, 'a zoekterm less is a change');
  t.like(decideWerkzaamheid(vaststelling({ omschrijving: 'Nieuw' }), v2)[0], { data: { versie: 3, omschrijving: 'Nieuw' } }, 'an omschrijving added is a change');
});

test('a withdrawal takes it out of the catalogue; a later vaststelling, even of the same content, brings it back as a new version', (t) => {
  const v1 = run([vaststelling()]);
  t.true(inCatalogus(v1));
  const [ingetrokken] = decideWerkzaamheid(intrekking(), v1);
  t.deepEqual(ingetrokken, { type: 'WerkzaamheidIngetrokken', data: { id: 'dakkapel-plaatsen', versie: 1, reden: 'Opgegaan in "Dak verbouwen"' } });
  const weg = run([intrekking()], v1);
  t.false(inCatalogus(weg));
  t.is(weg.versie, 1);
  const terug = run([vaststelling()], weg);
  t.true(inCatalogus(terug));
  t.is(terug.versie, 2);
  // Loaded from a file: the withdrawal of this very content stands; other content brings it back.
  t.deepEqual(decideWerkzaamheid(vaststelling({ behoudIntrekking: true }), weg), []);
  t.deepEqual(decideWerkzaamheid(vaststelling({ behoudIntrekking: true }), v1), [], 'not withdrawn: the same content stores nothing either way');
  const veranderd = decideWerkzaamheid(vaststelling({ behoudIntrekking: true, zoektermen: ['dakraam'] }), weg);
  t.deepEqual(veranderd, [{ type: 'WerkzaamheidVastgesteld', data: { id: 'dakkapel-plaatsen', versie: 2, naam: 'Dakkapel plaatsen', zoektermen: ['dakraam'], activiteiten: ['dakkapel plaatsen', 'bouwen'] } }], 'the flag is not stored');
});

test('bad commands are refused with a clear reason', (t) => {
  const weiger = (c: WerkzaamheidCommand, code: CatalogusFout['code'], reden: RegExp, state: Werkzaamheid = beginWerkzaamheid()) => {
    const fout = t.throws(() => decideWerkzaamheid(c, state), { instanceOf: CatalogusFout });
    t.is(fout?.code, code);
    t.regex(fout?.message ?? '', reden);
  };
  weiger(vaststelling({ id: 'Dakkapel plaatsen' }), 'ongeldige_invoer', /geen geldige id van een werkzaamheid.*"dakkapel-plaatsen"/);
  weiger(vaststelling({ id: 'dakkapel--plaatsen' }), 'ongeldige_invoer', /geen geldige id/);
  weiger(vaststelling({ id: '-dakkapel' }), 'ongeldige_invoer', /geen geldige id/);
  weiger(vaststelling({ naam: '   ' }), 'ongeldige_invoer', /De naam is leeg/);
  weiger(vaststelling({ naam: 'x'.repeat(201) }), 'ongeldige_invoer', /De naam is 201 tekens; hoogstens 200/);
  weiger(vaststelling({ activiteiten: [] }), 'ongeldige_invoer', /ten minste één activiteit/);
  weiger(vaststelling({ activiteiten: ['bouwen', 'Bouwen'] }), 'ongeldige_invoer', /De activiteiten noemen "Bouwen" twee keer \(ook als "bouwen"\)/);
  weiger(vaststelling({ zoektermen: ['dakraam', 'dakraam'] }), 'ongeldige_invoer', /De zoektermen noemen "dakraam" twee keer/);
  weiger(vaststelling({ zoektermen: ['dakraam', ''] }), 'ongeldige_invoer', /Zoekterm 2 is leeg/);
  weiger(vaststelling({ activiteiten: 'bouwen' as unknown as string[] }), 'ongeldige_invoer', /Geef de activiteiten als een lijst van teksten/);
  weiger(vaststelling({ activiteiten: ['nl.imow-gm0344.juridischeregel.art3'] }), 'ongeldige_invoer', /geen IMOW-activiteit/);
  weiger(intrekking(), 'onbekend', /bestaat niet/);
  weiger(intrekking(' '), 'ongeldige_invoer', /reden van de intrekking is leeg/, run([vaststelling()]));
  weiger(intrekking(), 'ingetrokken', /al ingetrokken/, run([vaststelling(), intrekking()]));
  weiger(vaststelling({ id: 'boom-kappen' }), 'ongeldige_invoer', /Dit is de werkzaamheid dakkapel-plaatsen, niet boom-kappen/, run([vaststelling()]));
});
